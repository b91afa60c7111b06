"""API of the alliance structure, rotation, meetings and problems. Reads are scoped by the selectors; every
write goes through ``alliances.services``, whose ``ValidationError`` becomes a 400 with field errors."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import scopes
from accounts.mixins import ScopedViewSetMixin
from alliances.api.fields import DateTimeField, UnitField, VisiblePrimaryKeyField
from alliances.filters import (
    AllianceFilter,
    ChairTermFilter,
    CommitteeFilter,
    MeetingFilter,
    MembershipFilter,
    ProblemFilter,
)
from alliances.models import (
    MAX_AGENDA_ITEMS,
    MAX_ATTENDANCE_ROWS,
    MAX_DECISIONS,
    AgendaItem,
    Alliance,
    Attendance,
    ChairTerm,
    Committee,
    Decision,
    JointMeeting,
    MembersFrom,
    Membership,
    ProblemUpdate,
    TrackedProblem,
)
from alliances.selectors import alliances as alliance_selectors
from alliances.selectors import meetings as meeting_selectors
from alliances.selectors import problems as problem_selectors
from alliances.services import alliances as alliance_services
from alliances.services import meetings as meeting_services
from alliances.services import problems as problem_services
from alliances.services import rotation
from alliances.services.common import date_window_error, in_window
from grids.models import Node
from liaoyuan.core.api import ModelLabelsMixin
from liaoyuan.core.limits import field_limits

# ---- alliances, members, committees, chair terms ---------------------------------------------------


class AllianceSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)
    rules_file = serializers.SerializerMethodField()
    member_count = serializers.IntegerField(read_only=True)
    open_problem_count = serializers.IntegerField(read_only=True)
    overdue_problem_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Alliance
        fields = [
            "id",
            "node",
            "node_name",
            "name",
            "brand",
            "brand_description",
            "rules_text",
            "rules_file",
            "founded_on",
            "term_months",
            "rotation_starts_on",
            "secretary_chair_position",
            "four_ones_period_months",
            "members_from",
            "member_count",
            "open_problem_count",
            "overdue_problem_count",
        ]
        read_only_fields = fields

    def get_rules_file(self, obj) -> str:
        """The URL of the rules file (served to those who may see the alliance), or empty."""
        url = obj.rules_file_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if url and request else url


class AllianceWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Alliance

    node = VisiblePrimaryKeyField(queryset=Node.objects.all())
    name = serializers.CharField(max_length=150)
    founded_on = serializers.DateField()
    rotation_starts_on = serializers.DateField()
    term_months = serializers.IntegerField(required=False, default=3, **field_limits(Alliance, "term_months"))
    secretary_chair_position = serializers.IntegerField(
        required=False, default=0, **field_limits(Alliance, "secretary_chair_position")
    )
    four_ones_period_months = serializers.IntegerField(required=False, default=3)
    members_from = serializers.ChoiceField(choices=MembersFrom.choices, required=False, default=MembersFrom.DISTRICT)
    brand = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    brand_description = serializers.CharField(
        required=False, allow_blank=True, default="", **field_limits(Alliance, "brand_description")
    )
    rules_text = serializers.CharField(
        required=False, allow_blank=True, default="", **field_limits(Alliance, "rules_text")
    )
    rules_file = serializers.FileField(required=False, allow_null=True, default=None)


class AllianceUpdateSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Alliance

    name = serializers.CharField(max_length=150, required=False)
    founded_on = serializers.DateField(required=False)
    rotation_starts_on = serializers.DateField(required=False)
    term_months = serializers.IntegerField(required=False, **field_limits(Alliance, "term_months"))
    secretary_chair_position = serializers.IntegerField(
        required=False, **field_limits(Alliance, "secretary_chair_position")
    )
    four_ones_period_months = serializers.IntegerField(required=False)
    members_from = serializers.ChoiceField(choices=MembersFrom.choices, required=False)
    brand = serializers.CharField(max_length=100, required=False, allow_blank=True)
    brand_description = serializers.CharField(
        required=False, allow_blank=True, **field_limits(Alliance, "brand_description")
    )
    rules_text = serializers.CharField(required=False, allow_blank=True, **field_limits(Alliance, "rules_text"))
    rules_file = serializers.FileField(required=False, allow_null=True)


class ChairTermSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    chair_unit_name = serializers.SerializerMethodField()
    stored = serializers.SerializerMethodField()

    class Meta:
        model = ChairTerm
        fields = [
            "id",
            "alliance",
            "starts_on",
            "ends_on",
            "chair_unit",
            "chair_unit_name",
            "adjustment_reason",
            "stored",
        ]
        read_only_fields = fields

    def get_chair_unit_name(self, obj) -> str:
        """The chairing unit, or empty when the street or community secretary chairs."""
        return obj.chair_unit.name if obj.chair_unit_id else ""

    def get_stored(self, obj) -> bool:
        """False for a term computed from the rotation and not stored yet."""
        return obj.pk is not None


class RotationQuerySerializer(serializers.Serializer):
    until = serializers.DateField(required=False)

    def validate_until(self, value):
        if value is not None and not in_window(value):
            raise serializers.ValidationError(date_window_error())
        return value


class TermSwapSerializer(serializers.Serializer):
    starts_on = serializers.DateField(help_text=gettext_lazy("First day of one term."))
    other_starts_on = serializers.DateField(help_text=gettext_lazy("First day of the other term."))
    reason = serializers.CharField(max_length=200)


class TermSkipSerializer(serializers.Serializer):
    starts_on = serializers.DateField(help_text=gettext_lazy("First day of the term whose chair is passed over."))
    reason = serializers.CharField(max_length=200)


class TermRescheduleSerializer(serializers.Serializer):
    starts_on = serializers.DateField(help_text=gettext_lazy("First day of the term to move."))
    new_starts_on = serializers.DateField()
    new_ends_on = serializers.DateField()
    reason = serializers.CharField(max_length=200)


class AllianceViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Alliances (one per street, town or community). Filter with ``under`` (a district, street or
    community), ``node`` or ``q``. Writes: the street or community office."""

    queryset = Alliance.objects.none()
    serializer_class = AllianceSerializer
    filterset_class = AllianceFilter
    ordering_fields = ["name", "founded_on"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return alliance_selectors.alliance_list(user=self.request.user)

    def _respond(self, alliance: Alliance, code=status.HTTP_200_OK) -> Response:
        alliance = self.get_queryset().get(pk=alliance.pk)
        return Response(AllianceSerializer(alliance, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=AllianceWriteSerializer, responses={201: AllianceSerializer})
    def create(self, request, *args, **kwargs):
        data = AllianceWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        alliance = alliance_services.alliance_create(user=request.user, **data.validated_data)
        return self._respond(alliance, status.HTTP_201_CREATED)

    @extend_schema(request=AllianceUpdateSerializer, responses=AllianceSerializer)
    def partial_update(self, request, *args, **kwargs):
        alliance = self.get_object()
        data = AllianceUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        rules_file = fields.pop("rules_file", None)
        if "rules_file" in data.validated_data and rules_file is None:
            rules_file = False  # an explicit null removes the file
        alliance_services.alliance_update(user=request.user, alliance=alliance, rules_file=rules_file, **fields)
        return self._respond(alliance)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "until",
                OpenApiTypes.DATE,
                description=gettext_lazy("Last day to cover (default: a year ahead; at most five years ahead)."),
            )
        ],
        responses=ChairTermSerializer(many=True),
    )
    @action(detail=True)
    def rotation(self, request, pk=None):
        """The alliance's chair terms through ``until``: stored terms, then terms computed from the rotation."""
        alliance = self.get_object()
        params = RotationQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        until = params.validated_data.get("until") or rotation.add_months(timezone.localdate(), 12)
        terms = alliance_selectors.rotation_terms(alliance, until=until)
        return Response(ChairTermSerializer(terms, many=True).data)

    def _term_change(self, request, serializer_class, service) -> Response:
        alliance = self.get_object()
        if not scopes.can_change(request.user, alliance):
            self.permission_denied(request)
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        result = service(user=request.user, alliance=alliance, **data.validated_data)
        terms = result if isinstance(result, tuple) else (result,)
        return Response(ChairTermSerializer(terms, many=True).data)

    @extend_schema(request=TermSwapSerializer, responses=ChairTermSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="swap-terms")
    def swap_terms(self, request, pk=None):
        """Two terms exchange their chairs; terms are swapped whole (no gap, no overlap)."""
        return self._term_change(request, TermSwapSerializer, rotation.chair_term_swap)

    @extend_schema(request=TermSkipSerializer, responses=ChairTermSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="skip-term")
    def skip_term(self, request, pk=None):
        """The chair of a term is passed over; the rotation moves on."""
        return self._term_change(request, TermSkipSerializer, rotation.chair_term_skip)

    @extend_schema(request=TermRescheduleSerializer, responses=ChairTermSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="reschedule-term")
    def reschedule_term(self, request, pk=None):
        """Moves a stored term's dates; refused when that would leave a gap or an overlap."""
        return self._term_change(request, TermRescheduleSerializer, rotation.chair_term_reschedule)


class MembershipSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "alliance",
            "unit",
            "unit_name",
            "joined_on",
            "left_on",
            "leave_reason",
            "committee_member",
            "chair_position",
            "is_current",
        ]
        read_only_fields = fields


class MembershipJoinSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Membership

    alliance = VisiblePrimaryKeyField(queryset=Alliance.objects.all())
    unit = UnitField()
    joined_on = serializers.DateField()
    committee_member = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    chair_position = serializers.IntegerField(
        required=False, allow_null=True, default=None, **field_limits(Membership, "chair_position")
    )


class MembershipUpdateSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Membership

    committee_member = serializers.CharField(max_length=50)
    chair_position = serializers.IntegerField(allow_null=True, **field_limits(Membership, "chair_position"))


class MembershipLeaveSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Membership

    left_on = serializers.DateField()
    leave_reason = serializers.CharField(max_length=200)


class MembershipViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Memberships of units in alliances, current and past. Filter with ``alliance``, ``unit``, ``under``,
    ``current`` and ``period_after``/``period_before`` (member at some time in the period)."""

    queryset = Membership.objects.none()
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        qs = Membership.objects.select_related("unit", "alliance").order_by("alliance_id", "left_on", "chair_position")
        return scopes.visible(self.request.user, qs)

    @extend_schema(request=MembershipJoinSerializer, responses={201: MembershipSerializer})
    def create(self, request, *args, **kwargs):
        data = MembershipJoinSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        membership = alliance_services.membership_join(user=request.user, **data.validated_data)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MembershipUpdateSerializer, responses=MembershipSerializer)
    def update(self, request, *args, **kwargs):
        membership = self.get_object()
        data = MembershipUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        values = {**alliance_services.membership_values(membership), **data.validated_data}
        membership = alliance_services.membership_update(user=request.user, membership=membership, **values)
        return Response(MembershipSerializer(membership).data)

    @extend_schema(request=MembershipLeaveSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """The unit leaves the alliance (the membership is kept as history)."""
        membership = self.get_object()
        data = MembershipLeaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = alliance_services.membership_leave(
            user=request.user,
            membership=membership,
            left_on=data.validated_data["left_on"],
            reason=data.validated_data["leave_reason"],
        )
        return Response(MembershipSerializer(membership).data)


class CommitteeSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    alliance = VisiblePrimaryKeyField(queryset=Alliance.objects.all())
    units = UnitField(many=True, required=False)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "alliance", "kind", "kind_display", "name", "units"]
        validators = []  # the service checks names, with a translated message


class CommitteeUpdateSerializer(CommitteeSerializer):
    """A committee never moves to another alliance."""

    alliance = serializers.PrimaryKeyRelatedField(read_only=True)


class CommitteeViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Specialised committees (专委) of alliances and their member units."""

    queryset = Committee.objects.none()
    serializer_class = CommitteeSerializer
    filterset_class = CommitteeFilter

    def get_queryset(self):
        qs = Committee.objects.prefetch_related("units").order_by("alliance_id", "kind", "name")
        return scopes.visible(self.request.user, qs)

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return CommitteeUpdateSerializer
        return CommitteeSerializer

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = alliance_services.committee_create(
            user=self.request.user,
            alliance=data["alliance"],
            kind=data["kind"],
            name=data["name"],
            units=data.get("units", []),
        )

    def perform_update(self, serializer):
        committee = serializer.instance
        values = {**alliance_services.committee_values(committee), **serializer.validated_data}
        serializer.instance = alliance_services.committee_update(user=self.request.user, committee=committee, **values)

    def perform_destroy(self, instance):
        alliance_services.committee_delete(user=self.request.user, committee=instance)


class ChairTermViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Stored chair terms (the computed ones are under ``alliances/{id}/rotation/``). Filter with
    ``alliance``, ``chair_unit``, ``under`` and ``period_after``/``period_before`` (terms overlapping)."""

    queryset = ChairTerm.objects.none()
    serializer_class = ChairTermSerializer
    filterset_class = ChairTermFilter

    def get_queryset(self):
        qs = ChairTerm.objects.select_related("chair_unit").order_by("alliance_id", "starts_on")
        return scopes.visible(self.request.user, qs)


# ---- joint meetings ---------------------------------------------------------------------------------


class AttendanceSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    unit = UnitField(allow_null=True, required=False)

    class Meta:
        model = Attendance
        fields = ["unit", "attendee", "status", "absence_reason"]
        extra_kwargs = {"absence_reason": {"required": False}}
        validators = []  # the service checks duplicates and reasons, with translated messages


class MeetingSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    alliance_name = serializers.CharField(source="alliance.name", read_only=True)
    host_unit_name = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()
    attendance = AttendanceSerializer(many=True, read_only=True)
    decisions = serializers.SerializerMethodField()
    minutes_overdue_days = serializers.SerializerMethodField()

    class Meta:
        model = JointMeeting
        fields = [
            "id",
            "alliance",
            "alliance_name",
            "term",
            "host_unit",
            "host_unit_name",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "status",
            "agenda",
            "attendance",
            "minutes",
            "minutes_recorded_at",
            "decisions",
            "minutes_overdue_days",
        ]
        read_only_fields = fields

    def get_host_unit_name(self, obj) -> str:
        """The host unit, or empty when the street or community party organisation hosts."""
        return obj.host_unit.name if obj.host_unit_id else ""

    def get_agenda(self, obj) -> list[str]:
        return [item.title for item in obj.agenda_items.all()]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "position": {"type": "integer"}, "text": {"type": "string"}},
            },
        }
    )
    def get_decisions(self, obj):
        return [{"id": d.pk, "position": d.position, "text": d.text} for d in obj.decisions.all()]

    def get_minutes_overdue_days(self, obj) -> int:
        """0, or 3 / 7 when the meeting took place that many days ago without minutes."""
        if hasattr(obj, "minutes_overdue_days"):
            return obj.minutes_overdue_days
        return meeting_selectors.minutes_overdue_days(obj, now=timezone.now())


class MeetingWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = JointMeeting

    alliance = VisiblePrimaryKeyField(queryset=Alliance.objects.all())
    title = serializers.CharField(max_length=150)
    starts_at = DateTimeField()
    ends_at = DateTimeField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=150)
    host_unit = UnitField(
        allow_null=True,
        required=False,
        help_text=gettext_lazy(
            "Leave out for the chair of the term; null for the street or community party organisation."
        ),
    )
    status = serializers.ChoiceField(choices=JointMeeting.Status.choices, required=False)
    agenda = serializers.ListField(
        child=serializers.CharField(**field_limits(AgendaItem, "title")),
        max_length=MAX_AGENDA_ITEMS,
        required=False,
        default=list,
    )


class MeetingUpdateSerializer(MeetingWriteSerializer):
    alliance = None
    status = None


class AttendanceRecordSerializer(serializers.Serializer):
    attendance = AttendanceSerializer(many=True, max_length=MAX_ATTENDANCE_ROWS)


class MinutesSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = JointMeeting

    minutes = serializers.CharField(**field_limits(JointMeeting, "minutes"))
    decisions = serializers.ListField(
        child=serializers.CharField(**field_limits(Decision, "text")),
        max_length=MAX_DECISIONS,
        required=False,
        default=list,
    )


def _meeting_args(data: dict) -> dict:
    args = dict(data)
    args.setdefault("host_unit", meeting_services.TERM_CHAIR)
    return args


class MeetingViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Joint meetings with agenda, attendance and decisions. Search with ``q`` (title, place, alliance, host);
    filter with ``alliance``, ``under``,
    ``status``, ``host_unit``, ``minutes_overdue`` and ``period_after``/``period_before`` (dates)."""

    queryset = JointMeeting.objects.none()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return meeting_selectors.meeting_list(user=self.request.user).prefetch_related(
            "agenda_items", Prefetch("attendance", queryset=Attendance.objects.order_by("pk")), "decisions"
        )

    def _respond(self, meeting: JointMeeting, code=status.HTTP_200_OK) -> Response:
        meeting = self.get_queryset().filter(pk=meeting.pk).first() or meeting
        return Response(MeetingSerializer(meeting, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=MeetingWriteSerializer, responses={201: MeetingSerializer})
    def create(self, request, *args, **kwargs):
        data = MeetingWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        meeting = meeting_services.meeting_create(user=request.user, **_meeting_args(data.validated_data))
        return self._respond(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=MeetingUpdateSerializer, responses=MeetingSerializer)
    def update(self, request, *args, **kwargs):
        meeting = self.get_object()
        data = MeetingUpdateSerializer(
            data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        values = {**meeting_services.meeting_values(meeting), **data.validated_data}
        meeting = meeting_services.meeting_update(user=request.user, meeting=meeting, **values)
        return self._respond(meeting)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The chair confirms a draft: it becomes scheduled (it must lie in the future)."""
        return self._respond(meeting_services.meeting_confirm(user=request.user, meeting=self.get_object()))

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._respond(meeting_services.meeting_cancel(user=request.user, meeting=self.get_object()))

    @extend_schema(request=AttendanceRecordSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="attendance")
    def record_attendance(self, request, pk=None):
        """Replaces the attendance (per unit and person); units must be members on the day of the meeting."""
        meeting = self.get_object()
        data = AttendanceRecordSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        rows = [
            meeting_services.AttendanceRow(
                unit=row.get("unit"),
                attendee=row["attendee"],
                status=row.get("status", Attendance.Status.PRESENT),
                absence_reason=row.get("absence_reason", ""),
            )
            for row in data.validated_data["attendance"]
        ]
        meeting_services.meeting_attendance_record(user=request.user, meeting=meeting, rows=rows)
        return self._respond(meeting)

    @extend_schema(request=MinutesSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"], url_path="minutes")
    def record_minutes(self, request, pk=None):
        """Records the minutes and the decisions (in order)."""
        meeting = self.get_object()
        data = MinutesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting_services.meeting_minutes_record(user=request.user, meeting=meeting, **data.validated_data)
        return self._respond(meeting)


# ---- tracked problems --------------------------------------------------------------------------------


class ProblemUpdateSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = ProblemUpdate
        fields = ["id", "at", "author", "author_name", "note", "status_from", "status_to"]
        read_only_fields = fields

    def get_author_name(self, obj) -> str:
        return str(obj.author) if obj.author_id else ""


class ProblemSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    alliance_name = serializers.CharField(source="alliance.name", read_only=True)
    responsible_unit_name = serializers.CharField(source="responsible_unit.name", read_only=True)
    is_overdue = serializers.SerializerMethodField()
    updates = ProblemUpdateSerializer(many=True, read_only=True)

    class Meta:
        model = TrackedProblem
        fields = [
            "id",
            "alliance",
            "alliance_name",
            "decision",
            "title",
            "description",
            "category",
            "responsible_unit",
            "responsible_unit_name",
            "deadline",
            "status",
            "resolution",
            "closed_on",
            "status_changed_at",
            "status_changed_by",
            "is_overdue",
            "updates",
        ]
        read_only_fields = fields

    def get_is_overdue(self, obj) -> bool:
        """Open or in progress, and past the deadline."""
        if hasattr(obj, "is_overdue"):
            return obj.is_overdue
        return obj.status in problem_selectors.OPEN_STATUSES and obj.deadline < timezone.localdate()


class ProblemWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = TrackedProblem

    alliance = VisiblePrimaryKeyField(queryset=Alliance.objects.all())
    decision = serializers.IntegerField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", **field_limits(TrackedProblem, "description")
    )
    category = serializers.ChoiceField(choices=TrackedProblem.Category.choices)
    responsible_unit = UnitField()
    deadline = serializers.DateField()

    def validate_decision(self, value):
        if value is None:
            return None
        decision = scopes.visible(self.context["request"].user, Decision.objects.select_related("meeting")).filter(
            pk=value
        )
        if not decision:
            raise serializers.ValidationError(_("No such decision."))
        return decision[0]


class ProblemUpdateFieldsSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = TrackedProblem

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True, **field_limits(TrackedProblem, "description"))
    category = serializers.ChoiceField(choices=TrackedProblem.Category.choices, required=False)
    responsible_unit = UnitField(required=False)
    deadline = serializers.DateField(required=False)


class ProblemProgressSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = TrackedProblem

    note = serializers.CharField(required=False, allow_blank=True, default="", **field_limits(ProblemUpdate, "note"))
    status = serializers.ChoiceField(
        choices=TrackedProblem.Status.choices, required=False, allow_blank=True, default=""
    )
    resolution = serializers.CharField(
        required=False, allow_blank=True, default="", **field_limits(TrackedProblem, "resolution")
    )


class ProblemViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Tracked problems with their progress notes. Search with ``q`` (problem, description, responsible unit,
    alliance); filter with ``alliance``, ``under``, ``status``,
    ``category``, ``responsible_unit``, ``overdue`` and ``period_after``/``period_before`` (deadline)."""

    queryset = TrackedProblem.objects.none()
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        updates = Prefetch("updates", queryset=ProblemUpdate.objects.select_related("author").order_by("at", "pk"))
        return problem_selectors.problem_list(user=self.request.user).prefetch_related(updates)

    def _respond(self, problem: TrackedProblem, code=status.HTTP_200_OK) -> Response:
        problem = self.get_queryset().filter(pk=problem.pk).first() or problem
        return Response(ProblemSerializer(problem, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ProblemWriteSerializer, responses={201: ProblemSerializer})
    def create(self, request, *args, **kwargs):
        data = ProblemWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        problem = problem_services.problem_create(user=request.user, **data.validated_data)
        return self._respond(problem, status.HTTP_201_CREATED)

    @extend_schema(request=ProblemUpdateFieldsSerializer, responses=ProblemSerializer)
    def update(self, request, *args, **kwargs):
        problem = self.get_object()
        data = ProblemUpdateFieldsSerializer(
            data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        values = {**problem_services.problem_values(problem), **data.validated_data}
        problem = problem_services.problem_update(user=request.user, problem=problem, **values)
        return self._respond(problem)

    @extend_schema(request=ProblemProgressSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """Adds a progress note, changing the status if asked (solved needs a resolution note)."""
        problem = self.get_object()
        data = ProblemProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        problem_services.problem_progress(user=request.user, problem=problem, **data.validated_data)
        return self._respond(problem)


def register(router) -> None:
    """Registers this module's viewsets on the API router."""
    router.register("alliances", AllianceViewSet, basename="alliance")
    router.register("alliance-memberships", MembershipViewSet, basename="alliance-membership")
    router.register("alliance-committees", CommitteeViewSet, basename="alliance-committee")
    router.register("chair-terms", ChairTermViewSet, basename="chair-term")
    router.register("joint-meetings", MeetingViewSet, basename="joint-meeting")
    router.register("tracked-problems", ProblemViewSet, basename="tracked-problem")
