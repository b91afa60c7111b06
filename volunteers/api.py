"""The API of the vanguard co-cultivation: ``/api/v1/dual-reports/`` (``batch``, ``approve``, ``decline``),
``/api/v1/posts/`` (``shifts``, ``code``, ``close``), ``/api/v1/claims/`` (``withdraw``) and
``/api/v1/service-records/`` (``check-in``, ``check-out``, ``declare``, ``approve``, ``decline``, ``totals``).
Teams are party organisations: ``/api/v1/teams/`` (``organisations.api``).

Reads come from ``volunteers.selectors``, scoped (posts are a directory: every open post is listed to every
signed-in account, closed ones to their area); every write is one call of ``volunteers.services``, whose
refusals (a full, past or closed shift, a wrong or expired code, more hours than the shift lasted, checking
out twice) answer 400 with field errors and write nothing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.mixins import ScopedViewSetMixin
from volunteers import selectors, services
from volunteers.filters import ClaimFilter, PostFilter, RecordFilter, ReportFilter
from volunteers.models import Claim, DualReport, Post, ReportKind, ServiceRecord, Shift
from volunteers.serializers import (
    CheckSerializer,
    CodeSerializer,
    DeclareSerializer,
    DualReportBatchSerializer,
    DualReportCreateSerializer,
    DualReportSerializer,
    PostCreateSerializer,
    PostSerializer,
    ReasonSerializer,
    ServiceRecordSerializer,
    ShiftClaimCreateSerializer,
    ShiftClaimSerializer,
    ShiftsAddSerializer,
    ShiftSerializer,
    TotalsQuerySerializer,
    TotalsSerializer,
)

# actions whose right to act is the service's to decide (acting for a person, or running a post), not the
# object's scope rule: the object only has to be visible
SERVICE_DECIDES = [permissions.IsAuthenticated]


class _Writes:
    """Validates a body with a serializer and answers with the object as the viewset shows it."""

    def _data(self, serializer_class, data=None):
        body = serializer_class(data=self.request.data if data is None else data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return body.validated_data

    def _respond(self, obj, code=status.HTTP_200_OK) -> Response:
        obj = self.get_queryset().filter(pk=obj.pk).first() or obj
        return Response(self.get_serializer(obj).data, status=code)

    def _person(self, data) -> object:
        """The person named in the body, else the requesting user's own."""
        person = data.get("person") or selectors.my_person(self.request.user)
        if person is None:
            raise ValidationError({"person": _("Name the person: your account is not linked to one.")})
        return person


class DualReportViewSet(_Writes, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Dual reports (双报到) in scope, newest first: a party member's registration with the community they live
    in, or a unit's party organisation's with the community it stands in. Filter with ``status``, ``kind``
    and ``under``. A member reports themself, a unit's admin its members (``batch``) and organisation; the
    community ``approve``s or ``decline``s (with a reason)."""

    queryset = DualReport.objects.none()
    serializer_class = DualReportSerializer
    filterset_class = ReportFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.report_list(user=self.request.user).order_by("-created_at", "-pk")

    @extend_schema(request=DualReportCreateSerializer, responses={201: DualReportSerializer})
    def create(self, request, *args, **kwargs):
        data = self._data(DualReportCreateSerializer)
        if data["kind"] == ReportKind.ORGANISATION:
            if data.get("organisation") is None:
                raise ValidationError({"organisation": _("Choose the unit's party organisation.")})
            report = services.report_organisation(user=request.user, organisation=data["organisation"])
        else:
            if data.get("community") is None:
                raise ValidationError({"community": _("Choose a community.")})
            report = services.report_member(user=request.user, person=self._person(data), community=data["community"])
        return self._respond(report, status.HTTP_201_CREATED)

    @extend_schema(request=DualReportBatchSerializer, responses={201: DualReportSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def batch(self, request):
        """A unit's admin reports several of the unit's party members to one community: all or none."""
        data = self._data(DualReportBatchSerializer)
        reports = services.report_members(user=request.user, **data)
        shown = self.get_queryset().filter(pk__in=[r.pk for r in reports])
        return Response(self.get_serializer(shown, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DualReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The community approves a waiting report: the member joins its roster."""
        report = services.report_decide(user=request.user, report=self.get_object(), approve=True)
        return self._respond(report)

    @extend_schema(request=ReasonSerializer, responses=DualReportSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The community declines a waiting report, with the reason the member sees."""
        report = self.get_object()
        data = self._data(ReasonSerializer)
        return self._respond(services.report_decide(user=request.user, report=report, approve=False, **data))


class PostViewSet(_Writes, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Vanguard posts (先锋岗): every open post to every signed-in account (emergency posts first), closed ones
    to their area, each with its next shift and the places left. Filter with ``q``, ``community``,
    ``category``, ``is_emergency`` and ``is_open``. A street's or community's managers publish posts, add
    shifts (``shifts``), show a shift's check-in code (``code``) and close a post (``close``)."""

    queryset = Post.objects.none()
    serializer_class = PostSerializer
    filterset_class = PostFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.post_list(user=self.request.user)

    @extend_schema(request=PostCreateSerializer, responses={201: PostSerializer})
    def create(self, request, *args, **kwargs):
        post = services.post_create(user=request.user, **self._data(PostCreateSerializer))
        return self._respond(post, status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=ShiftSerializer(many=True), parameters=[])
    @extend_schema(methods=["POST"], request=ShiftsAddSerializer, responses={201: ShiftSerializer(many=True)})
    @action(detail=True, methods=["get", "post"], filterset_class=None, permission_classes=SERVICE_DECIDES)
    def shifts(self, request, pk=None):
        """GET: the post's shifts in time order (the check-in code only for those who run the post). POST: adds
        a shift, or ``count`` shifts every ``repeat_days`` days."""
        post = self.get_object()
        manages = services.may_manage_post(request.user, post)
        context = {**self.get_serializer_context(), "manages": manages}
        if request.method == "GET":
            page = self.paginate_queryset(post.shifts.order_by("starts_at", "pk"))
            return self.get_paginated_response(ShiftSerializer(page, many=True, context=context).data)
        if not manages:
            raise PermissionDenied
        if not post.is_open:
            raise ValidationError({"post": _("This post is closed.")})
        shifts = services.shifts_add(user=request.user, post=post, **self._data(ShiftsAddSerializer))
        return Response(ShiftSerializer(shifts, many=True, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CodeSerializer, responses=ShiftSerializer)
    @action(detail=True, methods=["post"], permission_classes=SERVICE_DECIDES)
    def code(self, request, pk=None):
        """Gives one of the post's shifts a fresh 6-digit check-in code (valid until two hours after its end)."""
        post = self.get_object()
        if not services.may_manage_post(request.user, post):
            raise PermissionDenied
        data = self._data(CodeSerializer)
        shift = post.shifts.filter(pk=data["shift"]).first()
        if shift is None:
            raise ValidationError({"shift": _("Choose a shift of this post.")})
        shift = services.code_issue(user=request.user, shift=shift)
        return Response(ShiftSerializer(shift, context={**self.get_serializer_context(), "manages": True}).data)

    @extend_schema(request=None, responses=PostSerializer)
    @action(detail=True, methods=["post"], permission_classes=SERVICE_DECIDES)
    def close(self, request, pk=None):
        """Closes the post to new claims (claims already made stay)."""
        return self._respond(services.post_close(user=request.user, post=self.get_object()))


class ClaimViewSet(_Writes, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Claims in scope (one's own, one's unit's members', those on the posts of one's area), newest first;
    filter with ``status`` and ``upcoming``. POST claims a place on a shift for oneself or, for a unit's admin,
    a named member; ``withdraw`` gives it back before the shift starts."""

    queryset = Claim.objects.none()
    serializer_class = ShiftClaimSerializer
    filterset_class = ClaimFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.claim_list(user=self.request.user).order_by("-created_at", "-pk")

    @extend_schema(request=ShiftClaimCreateSerializer, responses={201: ShiftClaimSerializer})
    def create(self, request, *args, **kwargs):
        data = self._data(ShiftClaimCreateSerializer)
        made = services.claim(user=request.user, shift=data["shift"], person=self._person(data))
        return self._respond(made, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ShiftClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=SERVICE_DECIDES)
    def withdraw(self, request, pk=None):
        """Gives the place back (before the shift starts), by the person, their unit's admin or the post's area."""
        return self._respond(services.withdraw(user=request.user, claim=self.get_object()))


class ServiceRecordViewSet(_Writes, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Service records (person-times) in scope, newest first: recorded (checked in and out with the organiser's
    code, timed by the system) and declared (entered afterwards, counted once approved). Filter with
    ``kind``, ``status``, ``under``, ``served_after`` and ``served_before``; ``totals`` sums them, the two
    kinds apart."""

    queryset = ServiceRecord.objects.none()
    serializer_class = ServiceRecordSerializer
    filterset_class = RecordFilter

    def get_queryset(self):
        return selectors.record_list(user=self.request.user).order_by("-served_on", "-pk")

    def _shift_by_code(self, data, person) -> Shift:
        if data.get("shift") is not None:
            return data["shift"]
        found = list(selectors.shifts_with_code(person_id=person.pk, code=data["code"], now=timezone.now())[:1])
        if not found:
            raise ValidationError({"code": _("Wrong check-in code, or no place of yours on its shift.")})
        return found[0]

    @extend_schema(request=CheckSerializer, responses={201: ServiceRecordSerializer})
    @action(detail=False, methods=["post"], url_path="check-in", url_name="check-in")
    def check_in(self, request):
        """Checks in with the code the organiser shows (the time is the system's)."""
        data = self._data(CheckSerializer)
        data["code"] = data["code"].strip()
        person = self._person(data)
        shift = self._shift_by_code(data, person)
        record = services.check_in(user=request.user, shift=shift, person=person, code=data["code"])
        return self._respond(record, status.HTTP_201_CREATED)

    @extend_schema(request=CheckSerializer, responses=ServiceRecordSerializer)
    @action(detail=False, methods=["post"], url_path="check-out", url_name="check-out")
    def check_out(self, request):
        """Checks out with the code: the recorded hours are the time in, within the shift's hours."""
        data = self._data(CheckSerializer)
        data["code"] = data["code"].strip()
        person = self._person(data)
        shift = self._shift_by_code(data, person)
        return self._respond(services.check_out(user=request.user, shift=shift, person=person, code=data["code"]))

    @extend_schema(request=DeclareSerializer, responses={201: ServiceRecordSerializer})
    @action(detail=False, methods=["post"])
    def declare(self, request):
        """An organiser or the community declares hours afterwards (at most the shift's length); they count
        once approved."""
        record = services.declare_hours(user=request.user, **self._data(DeclareSerializer))
        return self._respond(record, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ServiceRecordSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The community approves declared hours."""
        return self._respond(services.declared_decide(user=request.user, record=self.get_object(), approve=True))

    @extend_schema(request=ReasonSerializer, responses=ServiceRecordSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The community declines declared hours, with a reason."""
        record = self.get_object()
        data = self._data(ReasonSerializer)
        return self._respond(services.declared_decide(user=request.user, record=record, approve=False, **data))

    @extend_schema(parameters=[TotalsQuerySerializer], responses=TotalsSerializer(many=True))
    @action(detail=False, methods=["get"])
    def totals(self, request):
        """Person-times and hours of the records in scope (and matching the filters), recorded and declared
        apart: one row, or with ``group`` one row per person, unit, team or community (by id, paged), within
        ``start`` and ``end``."""
        query = self._data(TotalsQuerySerializer, data=request.query_params)
        records = self.filter_queryset(self.get_queryset())
        period = {"start": query["start"], "end": query["end"]}
        if query["group"]:
            rows = self.paginate_queryset(selectors.total_rows(query["group"], records, **period))
        else:
            rows = self.paginate_queryset([{"key": None, **selectors.totals(records, **period)}])
        return self.get_paginated_response(TotalsSerializer(rows, many=True).data)


def register(router) -> None:
    """Registers this module's viewsets on the API router."""
    router.register("dual-reports", DualReportViewSet, basename="dual-report")
    router.register("posts", PostViewSet, basename="vanguard-post")
    router.register("claims", ClaimViewSet, basename="claim")
    router.register("service-records", ServiceRecordViewSet, basename="service-record")
