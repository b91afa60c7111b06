"""API of activities (with photo upload) and of the "four ones" report. Writes go through the services."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import scopes
from accounts.mixins import ScopedViewSetMixin
from alliances.activity_filters import ActivityFilter
from alliances.api.fields import DateTimeField, UnitField
from alliances.models import Activity, ActivityPhoto, Alliance
from alliances.selectors import activities as selectors
from alliances.selectors import four_ones as four_ones_selectors
from alliances.selectors.activities import activity_list
from alliances.services import activities as services
from alliances.services.common import date_window_error, in_window
from grids.models import Node
from grids.selectors import area_nodes
from liaoyuan.core.api import ModelLabelsMixin
from liaoyuan.core.parsers import FormParser, MultiPartParser
from liaoyuan.core.schema import SingleAnswerSchema
from organisations.models import PartyOrganisation
from people.models import Person


class ActivityPhotoSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    image = serializers.FileField(
        help_text=_("A JPEG, PNG, GIF or WebP image of at most 5 MB, checked by its content.")
    )

    class Meta:
        model = ActivityPhoto
        fields = ["id", "image", "caption", "uploaded_at"]
        read_only_fields = ["uploaded_at"]

    def to_representation(self, instance):
        """The image is its URL behind the scope check (there is no public media URL)."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        url = instance.get_absolute_url()
        data["image"] = request.build_absolute_uri(url) if request else url
        return data


class _ScopedMany(serializers.PrimaryKeyRelatedField):
    """Related ids chosen among what ``choices(user)`` gives the requesting user (others: "does not exist")."""

    def __init__(self, *, choices, **kwargs):
        self.choices_for = choices
        super().__init__(queryset=Person.objects.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.choices_for(user=request.user) if request is not None else super().get_queryset()


class ActivitySerializer(ModelLabelsMixin, serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    alliance_name = serializers.CharField(source="alliance.name", default=None, allow_null=True, read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", default=None, allow_null=True, read_only=True)
    organiser_name = serializers.CharField(source="organiser_unit.name", default=None, allow_null=True, read_only=True)
    alliance = serializers.PrimaryKeyRelatedField(
        queryset=Alliance.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("An alliance's joint activity; or give ``organisation`` for a party organisation's own."),
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=PartyOrganisation.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The party organisation that ran the activity on its own, without an alliance."),
    )
    organiser_unit = UnitField(allow_null=True, required=False)
    units = UnitField(many=True, required=False)
    people = _ScopedMany(
        choices=selectors.nameable_people,
        many=True,
        required=False,
        help_text=_("The participants on record (person ids); count the others in ``unnamed_participants``."),
    )
    households = _ScopedMany(
        choices=selectors.visitable_households,
        many=True,
        required=False,
        help_text=_("For a visit: the households visited (household ids) in the activity's area."),
    )
    person_times = serializers.SerializerMethodField()
    households_visited = serializers.SerializerMethodField()
    photos = ActivityPhotoSerializer(many=True, read_only=True)

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: DateTimeField,
    }

    class Meta:
        model = Activity
        fields = [
            "id",
            "alliance",
            "alliance_name",
            "kind",
            "kind_display",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "organisation",
            "organisation_name",
            "node",
            "organiser_unit",
            "organiser_name",
            "units",
            "people",
            "unnamed_participants",
            "person_times",
            "households",
            "unnamed_households",
            "households_visited",
            "photos",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["node", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "alliance" in self.fields and not self.fields["alliance"].read_only:
            self.fields["alliance"].queryset = scopes.visible(request.user, Alliance.objects.all())
            self.fields["organisation"].queryset = scopes.visible(request.user, PartyOrganisation.objects.all())

    def get_person_times(self, activity) -> int:
        """The named participants plus those counted without names."""
        return len(activity.people.all()) + activity.unnamed_participants

    def get_households_visited(self, activity) -> int:
        """The households visited on record plus those counted without records."""
        return len(activity.households.all()) + activity.unnamed_households


class ActivityUpdateSerializer(ActivitySerializer):
    """An activity never changes whose it is (its alliance or party organisation)."""

    alliance = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)


class ActivityViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Activities of the alliances in scope. Search with ``q`` (title, place, alliance); filter by ``alliance``,
    ``under`` (a district, street or community), ``kind`` and period (``period_after``, ``period_before``).
    Secretaries and workers of the alliance's street or community create; they and the organiser unit's
    admins update and add photos."""

    queryset = Activity.objects.none()
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    ordering_fields = ["starts_at"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return activity_list(user=self.request.user).prefetch_related("units", "people", "households", "photos")

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return ActivityUpdateSerializer
        if self.action == "photos":
            return ActivityPhotoSerializer
        return ActivitySerializer

    def perform_create(self, serializer):
        serializer.instance = services.activity_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        activity = serializer.instance
        values = {**services.activity_values(activity), **serializer.validated_data}
        serializer.instance = services.activity_update(user=self.request.user, activity=activity, **values)

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        # answer with the activity as saved (units and photos read again)
        fresh = self.get_queryset().get(pk=kwargs["pk"])
        response.data = self.get_serializer(fresh).data
        return response

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        fresh = self.get_queryset().get(pk=response.data["id"])
        response.data = self.get_serializer(fresh).data
        return response

    @extend_schema(request={"multipart/form-data": ActivityPhotoSerializer}, responses={201: ActivityPhotoSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request, pk=None):
        """Adds a photo (multipart field ``image``, optional ``caption``). A file that is not an image or is
        larger than 5 MB is refused with 400 and the reason."""
        activity = self.get_object()
        serializer = ActivityPhotoSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        photo = services.activity_photo_add(user=request.user, activity=activity, **serializer.validated_data)
        return Response(ActivityPhotoSerializer(photo, context=self.get_serializer_context()).data, status=201)


# --- four ones ------------------------------------------------------------------------------------


class FourOnesQuerySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False,
        help_text=_("A day in the period (default: today); each alliance is judged on its own period containing it."),
    )
    under = serializers.PrimaryKeyRelatedField(
        queryset=Node.objects.none(), required=False, help_text=_("A district or street.")
    )
    incomplete = serializers.BooleanField(required=False, default=False, help_text=_("Only incomplete alliances."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["under"].queryset = area_nodes(user=request.user)

    def validate_on(self, value):
        if not in_window(value):
            raise serializers.ValidationError(date_window_error())
        return value


class FourOnesRowSerializer(serializers.Serializer):
    alliance = serializers.IntegerField(source="alliance.pk")
    alliance_name = serializers.CharField(source="alliance.name")
    area = serializers.CharField(source="area_name")
    period = serializers.CharField(source="period.label")
    period_starts_on = serializers.DateField(source="period.starts_on")
    period_ends_on = serializers.DateField(source="period.ends_on")
    theme_party_day = serializers.BooleanField(source="done.theme_party_day")
    volunteer_service = serializers.BooleanField(source="done.volunteer_service")
    joint_meeting = serializers.BooleanField(source="done.joint_meeting")
    visit = serializers.BooleanField(source="done.visit")
    complete = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())


class FourOnesAreaSerializer(serializers.Serializer):
    area = serializers.CharField(source="node.name", default="")
    total = serializers.IntegerField()
    completed = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class FourOnesReportSerializer(serializers.Serializer):
    on = serializers.DateField()
    quarter = serializers.CharField(source="quarter.label")
    total = serializers.IntegerField()
    completed = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text=_("Completed alliances / alliances, 0–1."))
    areas = FourOnesAreaSerializer(
        many=True, help_text=_("Completion per district (city) or per street (below), counted in the database.")
    )
    count = serializers.IntegerField(help_text=_("Rows of the list (every alliance, or the incomplete ones)."))
    count_is_capped = serializers.BooleanField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FourOnesRowSerializer(many=True, help_text=_("One page of alliances, by area, then name."))


class FourOnesViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """Which alliances in scope held their "four ones" (a theme party day, a volunteer service, a joint
    meeting held, a visit) in their period containing ``on``, the completion rate overall and per area, and
    the alliances a page at a time (``page``, ``page_size``)."""

    serializer_class = FourOnesReportSerializer
    filter_backends: list = []
    schema = SingleAnswerSchema()  # one report, not a list of reports

    def get_queryset(self):
        return Alliance.objects.none()

    @extend_schema(
        parameters=[
            FourOnesQuerySerializer,
            OpenApiParameter("page", int, description=_("Page of the rows.")),
            OpenApiParameter("page_size", int, description=_("Rows per page (at most 500).")),
        ],
        responses=FourOnesReportSerializer,
    )
    def list(self, request, *args, **kwargs):
        query = FourOnesQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        report = four_ones_selectors.four_ones(
            user=request.user, on=query.validated_data.get("on"), under=query.validated_data.get("under")
        )
        page = self.paginate_queryset(report.listed(incomplete=query.validated_data["incomplete"]))
        data = {
            "on": report.on,
            "quarter": report.quarter,
            "total": report.total,
            "completed": report.completed,
            "rate": report.rate,
            "areas": report.areas,
            "count": self.paginator.page.paginator.count,
            "count_is_capped": self.paginator.page.paginator.capped,
            "next": self.paginator.get_next_link(),
            "previous": self.paginator.get_previous_link(),
            "results": report.rows_of(page),
        }
        return Response(FourOnesReportSerializer(data).data, status=status.HTTP_200_OK)


def register(router) -> None:
    """Registers this module's viewsets on the API router."""
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("four-ones", FourOnesViewSet, basename="four-ones")
