"""API of review in the open. Reads are scoped by the selectors; writes go through ``reviews.services``, whose
``ValidationError`` becomes a 400 with field errors."""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts import scopes
from accounts.filters import FilterSet
from accounts.mixins import ScopedViewSetMixin
from alliances.api.fields import VisiblePrimaryKeyField
from grids.models import Node
from reviews.models import (
    ChecklistItem,
    EvaluationItem,
    Inspection,
    InspectionScore,
    Rating,
    Rectification,
    ReviewCycle,
    ReviewKind,
    ReviewTask,
    Visit,
    ZeroReport,
)
from reviews.selectors import duties as duty_selectors
from reviews.selectors import records as record_selectors
from reviews.services import cycles as cycle_services
from reviews.services import evaluations as evaluation_services
from reviews.services import records as record_services

# ---- cycles ----------------------------------------------------------------------------------------------


class ReviewCycleSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    lead_days = serializers.IntegerField(min_value=1, max_value=60, required=False, default=7)
    second_lead_days = serializers.IntegerField(min_value=0, max_value=59, allow_null=True, required=False, default=1)
    escalate_after_days = serializers.IntegerField(min_value=1, max_value=60, required=False, default=3)
    due_days_before_end = serializers.IntegerField(min_value=0, max_value=364, required=False, default=0)

    class Meta:
        model = ReviewCycle
        fields = ["id", "name", *cycle_services.EDITABLE_FIELDS]
        validators = []  # the service names the level taken, in a field error


class IsCityOfficeForWrites(IsAuthenticated):
    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method in ("GET", "HEAD", "OPTIONS") or cycle_services.may_configure(request.user)


class ReviewCycleViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Review cycles: what each level of the tree owes, how often, who is responsible, when they are reminded
    and to whom it escalates. Everyone signed in reads them; the city office changes them."""

    queryset = ReviewCycle.objects.order_by("kind", "level")
    serializer_class = ReviewCycleSerializer
    permission_classes = [IsCityOfficeForWrites]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["kind", "level", "is_active"]
    search_fields: list[str] = []

    def perform_create(self, serializer):
        serializer.instance = cycle_services.cycle_create(user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = cycle_services.cycle_update(
            user=self.request.user, cycle=serializer.instance, **serializer.validated_data
        )


# ---- duties ----------------------------------------------------------------------------------------------


class ReviewTaskSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(source="cycle.kind", choices=ReviewKind.choices, read_only=True)
    organisation = serializers.CharField(source="target_name", read_only=True)
    status = serializers.SerializerMethodField()
    responsible_role = serializers.CharField(source="cycle.responsible_role", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = ReviewTask
        fields = [
            "id",
            "cycle",
            "kind",
            "node",
            "unit",
            "organisation",
            "responsible_role",
            "period",
            "period_start",
            "period_end",
            "due_on",
            "done_at",
            "status",
            "url",
        ]
        read_only_fields = fields

    def get_status(self, obj) -> str:
        """done, overdue or due."""
        return duty_selectors.status_of(obj, timezone.localdate())


class ReviewTaskFilter(FilterSet):
    kind = django_filters.ChoiceFilter(field_name="cycle__kind", choices=ReviewKind.choices)
    status = django_filters.ChoiceFilter(
        choices=[("due", "due"), ("overdue", "overdue"), ("done", "done")], method="filter_status"
    )
    due_after = django_filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = ReviewTask
        fields = ["cycle", "kind", "period", "status", "due_after", "due_before"]

    def filter_status(self, qs, name, value):
        return duty_selectors.filter_status(qs, value, timezone.localdate())


class ReviewTaskViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Duties in sight: what is due, from which organisation, by when, and whether it is done or overdue.
    Filter with ``cycle``, ``kind``, ``period``, ``status`` (due, overdue, done), ``due_after``/``due_before``."""

    queryset = ReviewTask.objects.none()
    serializer_class = ReviewTaskSerializer
    filterset_class = ReviewTaskFilter
    search_fields: list[str] = []
    ordering_fields = ["due_on"]

    def get_queryset(self):
        return duty_selectors.task_list(user=self.request.user)


# ---- visits ----------------------------------------------------------------------------------------------


class VisitSerializer(serializers.ModelSerializer):
    node = VisiblePrimaryKeyField(queryset=Node.objects.all())
    node_name = serializers.CharField(source="node.name", read_only=True)

    class Meta:
        model = Visit
        fields = ["id", "node", "node_name", "visited_on", "places", "people_met", "findings", "task", "created_at"]
        read_only_fields = ["id", "node_name", "task", "created_at"]


class VisitViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Monthly visits; a street or community secretary records one, which does the month's visit duty."""

    queryset = Visit.objects.none()
    serializer_class = VisitSerializer
    filterset_fields = ["node"]
    search_fields: list[str] = []

    def get_queryset(self):
        return record_selectors.visit_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = record_services.visit_record(user=self.request.user, **serializer.validated_data)


# ---- inspections -------------------------------------------------------------------------------------------


class ScoreSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=ChecklistItem.objects.filter(is_active=True))
    score = serializers.IntegerField(min_value=0, max_value=100)

    class Meta:
        model = InspectionScore
        fields = ["item", "score", "comment"]


class RectificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rectification
        fields = ["id", "description", "deadline", "status", "done_on", "note"]
        read_only_fields = ["id", "status", "done_on", "note"]


class InspectionSerializer(serializers.ModelSerializer):
    node = VisiblePrimaryKeyField(queryset=Node.objects.all())
    node_name = serializers.CharField(source="node.name", read_only=True)
    scores = ScoreSerializer(many=True)
    rectifications = RectificationSerializer(many=True, required=False)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "node",
            "node_name",
            "inspected_on",
            "summary",
            "total_score",
            "max_total",
            "scores",
            "rectifications",
            "task",
            "created_at",
        ]
        read_only_fields = ["id", "node_name", "total_score", "max_total", "task", "created_at"]


class InspectionViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Quarterly inspections of streets, with a score per checklist item and rectification tasks; the district
    office records them."""

    queryset = Inspection.objects.none()
    serializer_class = InspectionSerializer
    filterset_fields = ["node"]
    search_fields: list[str] = []

    def get_queryset(self):
        return record_selectors.inspection_list(user=self.request.user).prefetch_related("scores", "rectifications")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = record_services.inspection_record(
            user=self.request.user,
            node=data["node"],
            inspected_on=data["inspected_on"],
            summary=data.get("summary", ""),
            scores=[record_services.ScoreInput(s["item"], s["score"], s.get("comment", "")) for s in data["scores"]],
            rectifications=[
                record_services.RectificationInput(r["description"], r["deadline"])
                for r in data.get("rectifications", [])
            ],
        )


# ---- zero reports ------------------------------------------------------------------------------------------


class ZeroReportSerializer(serializers.ModelSerializer):
    task = VisiblePrimaryKeyField(queryset=ReviewTask.objects.filter(cycle__kind=ReviewKind.ZERO_REPORT))
    nothing_to_report = serializers.BooleanField(required=False, default=False)
    disputes = serializers.IntegerField(min_value=0, max_value=999, required=False, default=0)
    public_order = serializers.IntegerField(min_value=0, max_value=999, required=False, default=0)
    safety = serializers.IntegerField(min_value=0, max_value=999, required=False, default=0)

    class Meta:
        model = ZeroReport
        fields = [
            "id",
            "task",
            "node",
            "unit",
            "period",
            "nothing_to_report",
            "disputes",
            "public_order",
            "safety",
            "details",
            "created_at",
        ]
        read_only_fields = ["id", "node", "unit", "period", "created_at"]


class ZeroReportViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Zero reports: one per unit (or community) and period, filed against its duty (``task``); "nothing to
    report" is a report."""

    queryset = ZeroReport.objects.none()
    serializer_class = ZeroReportSerializer
    filterset_fields = ["unit", "node", "period", "nothing_to_report"]
    search_fields: list[str] = []

    def get_queryset(self):
        return record_selectors.zero_report_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = record_services.zero_report_file(user=self.request.user, **serializer.validated_data)


# ---- ratings ------------------------------------------------------------------------------------------------


class RatingSerializer(serializers.ModelSerializer):
    item = VisiblePrimaryKeyField(queryset=EvaluationItem.objects.select_related("evaluation"))
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    class Meta:
        model = Rating
        fields = ["id", "item", "score", "comment", "updated_at"]
        read_only_fields = ["id", "updated_at"]


class RatingViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Ratings of annual evaluation items: a representative sees and gives their own (posting again for an
    item replaces the rating: one per representative per item); the street sees all of its evaluations'."""

    queryset = Rating.objects.none()
    serializer_class = RatingSerializer
    filterset_fields = ["item"]
    search_fields: list[str] = []

    def get_queryset(self):
        return scopes.visible(self.request.user, Rating.objects.select_related("item")).order_by("item_id", "pk")

    @extend_schema(request=RatingSerializer, responses={201: RatingSerializer})
    def create(self, request, *args, **kwargs):
        data = RatingSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        item = data.validated_data["item"]
        (rating,) = evaluation_services.ratings_submit(
            user=request.user,
            evaluation=item.evaluation,
            ratings=[
                evaluation_services.RatingInput(
                    item=item, score=data.validated_data["score"], comment=data.validated_data["comment"]
                )
            ],
        )
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("review-cycles", ReviewCycleViewSet, basename="review-cycle")
    router.register("review-tasks", ReviewTaskViewSet, basename="review-task")
    router.register("visits", VisitViewSet, basename="visit")
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("zero-reports", ZeroReportViewSet, basename="zero-report")
    router.register("ratings", RatingViewSet, basename="rating")
