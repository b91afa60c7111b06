"""API of the four lists and the secretary projects (/api/v1/ledgers/…, /api/v1/secretary-projects/). Reads
are scoped by the selectors; writes go through the services, so the API keeps the same rules as the pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import scopes
from accounts.mixins import ScopedViewSetMixin
from grids.models import Node
from ledgers.filters import NeedFilter, ProjectFilter, ResourceFilter, ResponsibilityFilter, SecretaryProjectFilter
from ledgers.models import (
    MAX_LOG_PEOPLE,
    MAX_PEOPLE,
    MAX_QUANTITY,
    Category,
    ContactLog,
    ContactPoint,
    ItemChange,
    Match,
    Milestone,
    Need,
    Project,
    Resource,
    Responsibility,
    SecretaryProject,
    Urgency,
)
from ledgers.selectors import contact_points as contact_selectors
from ledgers.selectors import lists as selectors
from ledgers.selectors.secretary import secretary_nodes, secretary_project_list
from ledgers.services import contact_points as contact_services
from ledgers.services import history
from ledgers.services import needs as need_services
from ledgers.services import projects as project_services
from ledgers.services import secretary as secretary_services
from liaoyuan.core.api import ModelLabelsMixin
from liaoyuan.core.limits import field_limits
from organisations.models import PartyOrganisation
from units.models import MemberUnit


class _ScopedPk(serializers.PrimaryKeyRelatedField):
    """A related ``model`` object from ``choices(user)``; others answer "does not exist" (nothing named)."""

    def __init__(self, model, choices, **kwargs):
        self.model, self.choices_of = model, choices
        super().__init__(queryset=model.objects.all(), **kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        return self.choices_of(request.user)


def _ledger_node(**kwargs):
    return _ScopedPk(Node, lambda user: selectors.ledger_nodes(user=user), **kwargs)


def _unit(**kwargs):
    return _ScopedPk(MemberUnit, lambda user: selectors.units_for(user=user), allow_null=True, required=False, **kwargs)


def _visible(model):
    return _ScopedPk(model, lambda user: scopes.visible(user, model.objects.all()))


class ItemChangeSerializer(serializers.ModelSerializer):
    user_name = serializers.SerializerMethodField()

    class Meta:
        model = ItemChange
        fields = ["at", "user", "user_name", "action", "changes"]
        read_only_fields = fields

    def get_user_name(self, obj) -> str:
        return str(obj.user) if obj.user_id else ""


class ResourceSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)
    provider_unit_name = serializers.CharField(
        source="provider_unit.name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Resource
        fields = [
            "id",
            "node",
            "node_name",
            "title",
            "description",
            "category",
            "provider_unit",
            "provider_unit_name",
            "provider_name",
            "quantity",
            "remaining",
            "measure",
            "available_from",
            "available_until",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


# ---- needs ---------------------------------------------------------------------------------------------


class MatchSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    resource_title = serializers.CharField(source="resource.title", read_only=True)
    need_title = serializers.CharField(source="need.title", read_only=True)

    class Meta:
        model = Match
        fields = ["id", "need", "need_title", "resource", "resource_title", "quantity", "confirmed_by", "confirmed_at"]
        read_only_fields = fields


class NeedSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "node",
            "node_name",
            "title",
            "description",
            "source",
            "decision",
            "category",
            "category_display",
            "people_affected",
            "urgency",
            "needed_by",
            "status",
            "status_display",
            "unmet_reason",
            "met_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class NeedWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Need

    node = _ledger_node()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", **field_limits(Need, "description")
    )
    source = serializers.ChoiceField(choices=Need.Source.choices, required=False, default=Need.Source.OTHER)
    category = serializers.ChoiceField(choices=Category.choices)
    people_affected = serializers.IntegerField(min_value=1, max_value=MAX_PEOPLE, required=False, default=1)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False, default=Urgency.NORMAL)
    needed_by = serializers.DateField(required=False, allow_null=True, default=None)


class NeedUpdateSerializer(NeedWriteSerializer):
    """A need stays in its street or community; its status changes through ``status``."""

    node = None


class NeedStatusSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Need

    status = serializers.ChoiceField(choices=Need.Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", **field_limits(Need, "unmet_reason"))


class MatchWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Match

    resource = _visible(Resource)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False, default=1)


def _updater(write_serializer, values_of, service, instance_kwarg: str):
    """Returns an ``update`` method: validates with ``write_serializer`` (partial for PATCH) and calls the service."""

    def update(self, request, *args, **kwargs):
        obj = self.get_object()
        data = write_serializer(
            data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        obj = service(user=request.user, **{instance_kwarg: obj}, **{**values_of(obj), **data.validated_data})
        return self._respond(obj)

    return extend_schema(request=write_serializer, responses=None)(update)


class _ListViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _respond(self, obj, code=status.HTTP_200_OK) -> Response:
        obj = self.get_queryset().filter(pk=obj.pk).first() or obj
        return Response(self.serializer_class(obj, context=self.get_serializer_context()).data, status=code)

    @extend_schema(responses=ItemChangeSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every change of the item: who changed what and when, latest first."""
        obj = self.get_object()
        return Response(ItemChangeSerializer(history.history_of(obj), many=True).data)


class NeedViewSet(_ListViewSet):
    """Needs of the streets and communities in scope, open and most urgent first. Search with ``q``; filter
    by ``under``, ``status``, ``category``, ``urgency``, ``source`` and ``period_after``/``period_before``
    (needed by). ``proposals`` lists the resources proposed for a need, ``match`` commits one."""

    queryset = Need.objects.none()
    serializer_class = NeedSerializer
    filterset_class = NeedFilter

    def get_queryset(self):
        return selectors.need_list(user=self.request.user)

    @extend_schema(request=NeedWriteSerializer, responses={201: NeedSerializer})
    def create(self, request, *args, **kwargs):
        data = NeedWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return self._respond(
            need_services.need_create(user=request.user, **data.validated_data), status.HTTP_201_CREATED
        )

    update = _updater(NeedUpdateSerializer, need_services.need_values, need_services.need_update, "need")

    @extend_schema(request=NeedStatusSerializer, responses=NeedSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Changes the status by hand (a need that cannot be met needs a ``reason``)."""
        need = self.get_object()
        data = NeedStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(need_services.need_set_status(user=request.user, need=need, **data.validated_data))

    @extend_schema(request=MatchWriteSerializer, responses={201: MatchSerializer})
    @action(detail=True, methods=["post"])
    def match(self, request, pk=None):
        """Commits ``quantity`` of ``resource`` to the need; 400 on ``quantity`` when less is left."""
        need = self.get_object()
        data = MatchWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        match = need_services.match_confirm(user=request.user, need=need, **data.validated_data)
        return Response(MatchSerializer(match).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ResourceSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def proposals(self, request, pk=None):
        """The resources proposed for the need, best first (at most 20)."""
        need = self.get_object()
        found = selectors.proposals(user=request.user, need=need)[:20]
        return Response(ResourceSerializer(found, many=True, context=self.get_serializer_context()).data)


# ---- resources -----------------------------------------------------------------------------------------


class ResourceWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Resource

    node = _ledger_node()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", **field_limits(Resource, "description")
    )
    category = serializers.ChoiceField(choices=Category.choices)
    provider_unit = _unit(default=None)
    provider_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    measure = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    available_from = serializers.DateField(required=False, allow_null=True, default=None)
    available_until = serializers.DateField(required=False, allow_null=True, default=None)


class ResourceUpdateSerializer(ResourceWriteSerializer):
    node = None


class ResourceViewSet(_ListViewSet):
    """Resources offered in the streets and communities in scope (a unit sees what it offers). Search with
    ``q``; filter by ``under``, ``category``, ``provider_unit`` and ``available`` (something left)."""

    queryset = Resource.objects.none()
    serializer_class = ResourceSerializer
    filterset_class = ResourceFilter

    def get_queryset(self):
        return selectors.resource_list(user=self.request.user)

    @extend_schema(request=ResourceWriteSerializer, responses={201: ResourceSerializer})
    def create(self, request, *args, **kwargs):
        data = ResourceWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        resource = need_services.resource_create(user=request.user, **data.validated_data)
        return self._respond(resource, status.HTTP_201_CREATED)

    update = _updater(
        ResourceUpdateSerializer, need_services.resource_values, need_services.resource_update, "resource"
    )


# ---- projects ------------------------------------------------------------------------------------------


class MilestoneSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "done_on"]
        read_only_fields = ["done_on"]


class ProjectSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", default=None, allow_null=True, read_only=True)
    need_count = serializers.IntegerField(read_only=True)
    open_responsibilities = serializers.IntegerField(read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "node",
            "node_name",
            "title",
            "description",
            "owner_unit",
            "owner_unit_name",
            "owner_name",
            "budget",
            "starts_on",
            "ends_on",
            "status",
            "results",
            "done_on",
            "needs",
            "resources",
            "need_count",
            "open_responsibilities",
            "milestones",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProjectWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Project

    node = _ledger_node()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", **field_limits(Project, "description")
    )
    owner_unit = _unit(default=None)
    owner_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False, default=0)
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    needs = serializers.ListField(child=_visible(Need), required=False, default=list, max_length=500)
    resources = serializers.ListField(child=_visible(Resource), required=False, default=list, max_length=500)


class ProjectUpdateSerializer(ProjectWriteSerializer):
    node = None
    needs = serializers.ListField(child=_visible(Need), required=False, max_length=500)
    resources = serializers.ListField(child=_visible(Resource), required=False, max_length=500)


class ProjectStatusSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Project

    status = serializers.ChoiceField(choices=Project.Status.choices)
    results = serializers.CharField(required=False, allow_blank=True, default="", **field_limits(Project, "results"))


class ProjectViewSet(_ListViewSet):
    """Projects in scope with their milestones. Search with ``q``; filter by ``under``, ``status``,
    ``owner_unit`` and ``period_after``/``period_before`` (start). ``status`` moves a project on; done needs
    its results and meets its needs."""

    queryset = Project.objects.none()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter

    def get_queryset(self):
        return selectors.project_list(user=self.request.user).prefetch_related("milestones", "needs", "resources")

    @extend_schema(request=ProjectWriteSerializer, responses={201: ProjectSerializer})
    def create(self, request, *args, **kwargs):
        data = ProjectWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        project = project_services.project_create(user=request.user, **data.validated_data)
        return self._respond(project, status.HTTP_201_CREATED)

    update = _updater(
        ProjectUpdateSerializer, project_services.project_values, project_services.project_update, "project"
    )

    @extend_schema(request=ProjectStatusSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        project = self.get_object()
        data = ProjectStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            project_services.project_set_status(user=request.user, project=project, **data.validated_data)
        )

    @extend_schema(request=MilestoneSerializer, responses={201: MilestoneSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        """Adds a milestone (``title``, ``due_on``)."""
        project = self.get_object()
        data = MilestoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = project_services.milestone_add(user=request.user, project=project, **data.validated_data)
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)


# ---- responsibilities ----------------------------------------------------------------------------------


class ResponsibilitySerializer(ModelLabelsMixin, serializers.ModelSerializer):
    project_title = serializers.CharField(source="project.title", read_only=True)
    unit_name = serializers.CharField(source="unit.name", default=None, allow_null=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Responsibility
        fields = [
            "id",
            "project",
            "project_title",
            "milestone",
            "task",
            "unit",
            "unit_name",
            "person_name",
            "deadline",
            "completed_on",
            "completion_note",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ResponsibilityWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Responsibility

    project = _visible(Project)
    milestone = serializers.PrimaryKeyRelatedField(
        queryset=Milestone.objects.all(), required=False, allow_null=True, default=None
    )
    task = serializers.CharField(max_length=200)
    unit = _unit(default=None)
    person_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    deadline = serializers.DateField()


class ResponsibilityUpdateSerializer(ResponsibilityWriteSerializer):
    project = None


class CompletionSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Responsibility

    note = serializers.CharField(**field_limits(Responsibility, "completion_note"))
    day = serializers.DateField(required=False, allow_null=True, default=None)


class ResponsibilityViewSet(_ListViewSet):
    """Responsibilities in scope (a unit sees those assigned to it), open ones by deadline. Search with ``q``;
    filter by ``under``, ``unit``, ``project``, ``completed``, ``overdue`` and ``period_after``/
    ``period_before`` (deadline). ``complete`` records the completion (the responsible unit may)."""

    queryset = Responsibility.objects.none()
    serializer_class = ResponsibilitySerializer
    filterset_class = ResponsibilityFilter

    def get_queryset(self):
        return selectors.responsibility_list(user=self.request.user)

    @extend_schema(request=ResponsibilityWriteSerializer, responses={201: ResponsibilitySerializer})
    def create(self, request, *args, **kwargs):
        data = ResponsibilityWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        item = project_services.responsibility_create(user=request.user, **data.validated_data)
        return self._respond(item, status.HTTP_201_CREATED)

    update = _updater(
        ResponsibilityUpdateSerializer,
        project_services.responsibility_values,
        project_services.responsibility_update,
        "item",
    )

    @extend_schema(request=CompletionSerializer, responses=ResponsibilitySerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        item = self.get_object()
        data = CompletionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            project_services.responsibility_complete(user=request.user, item=item, **data.validated_data)
        )


# ---- secretary projects --------------------------------------------------------------------------------


class SecretaryProjectSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)
    level = serializers.CharField(source="node.get_kind_display", read_only=True)

    class Meta:
        model = SecretaryProject
        fields = [
            "id",
            "node",
            "node_name",
            "level",
            "secretary",
            "year",
            "title",
            "plan",
            "half_year_check",
            "checked_on",
            "result",
            "status",
            "closed_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SecretaryProjectWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = SecretaryProject

    node = _ScopedPk(Node, secretary_nodes)
    secretary = serializers.CharField(max_length=50)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=200)
    plan = serializers.CharField(**field_limits(SecretaryProject, "plan"))


class SecretaryProjectUpdateSerializer(SecretaryProjectWriteSerializer):
    node = None


class SecretaryStepSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = SecretaryProject

    status = serializers.ChoiceField(choices=SecretaryProject.Status.choices)
    text = serializers.CharField(**field_limits(SecretaryProject, "result"))


class SecretaryProjectViewSet(_ListViewSet):
    """Secretaries' yearly projects in scope. Search with ``q``; filter by ``under``, ``year``, ``status``.
    ``step`` records the half-year check (``checked``) or the year-end result (``completed``,
    ``not_completed``)."""

    queryset = SecretaryProject.objects.none()
    serializer_class = SecretaryProjectSerializer
    filterset_class = SecretaryProjectFilter
    history = None

    def get_queryset(self):
        return secretary_project_list(user=self.request.user)

    @extend_schema(request=SecretaryProjectWriteSerializer, responses={201: SecretaryProjectSerializer})
    def create(self, request, *args, **kwargs):
        data = SecretaryProjectWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        project = secretary_services.secretary_project_create(user=request.user, **data.validated_data)
        return self._respond(project, status.HTTP_201_CREATED)

    update = _updater(
        SecretaryProjectUpdateSerializer,
        secretary_services.project_values,
        secretary_services.secretary_project_update,
        "project",
    )

    @extend_schema(request=SecretaryStepSerializer, responses=SecretaryProjectSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        project = self.get_object()
        data = SecretaryStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            secretary_services.secretary_project_step(user=request.user, project=project, **data.validated_data)
        )


# ---- contact points ------------------------------------------------------------------------------------


class ContactLogSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = ContactLog
        fields = ["id", "kind", "on", "title", "people", "note", "recorded_by"]
        read_only_fields = ["recorded_by"]
        extra_kwargs = {"people": {"min_value": 1, "max_value": MAX_LOG_PEOPLE}}


class ContactPointSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    node_name = serializers.CharField(source="node.name", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    visits = serializers.IntegerField(read_only=True, help_text=_("Person-visits of visits and research."))
    lectures = serializers.IntegerField(read_only=True)
    logs = ContactLogSerializer(many=True, read_only=True)

    class Meta:
        model = ContactPoint
        fields = [
            "id",
            "node",
            "node_name",
            "secretary",
            "organisation",
            "organisation_name",
            "established_on",
            "ended_on",
            "visits",
            "lectures",
            "logs",
        ]
        read_only_fields = fields


class ContactPointWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = ContactPoint

    node = _ScopedPk(Node, secretary_nodes)
    secretary = serializers.CharField(max_length=50)
    organisation = _ScopedPk(PartyOrganisation, lambda user: contact_selectors.branches_for(user=user))
    established_on = serializers.DateField()


class ContactPointViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Contact points in scope (kept by the secretary's street or community, seen where the branch stands),
    with their visits, research and party lectures. ``logs`` records one."""

    queryset = ContactPoint.objects.none()
    serializer_class = ContactPointSerializer
    filterset_class = None
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return contact_selectors.contact_point_list(user=self.request.user).prefetch_related("logs")

    def _respond(self, point, code=status.HTTP_200_OK) -> Response:
        point = self.get_queryset().filter(pk=point.pk).first() or point
        return Response(ContactPointSerializer(point, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ContactPointWriteSerializer, responses={201: ContactPointSerializer})
    def create(self, request, *args, **kwargs):
        data = ContactPointWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        point = contact_services.contact_point_create(user=request.user, **data.validated_data)
        return self._respond(point, status.HTTP_201_CREATED)

    @extend_schema(request=ContactLogSerializer, responses={201: ContactLogSerializer})
    @action(detail=True, methods=["post"])
    def logs(self, request, pk=None):
        """Logs a visit, research or party lecture (``kind``, ``on``, ``title``, ``people``, ``note``)."""
        point = self.get_object()
        data = ContactLogSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        log = contact_services.contact_log_add(user=request.user, point=point, **data.validated_data)
        return Response(ContactLogSerializer(log).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Registers this module's viewsets on the API router."""
    router.register("ledgers/needs", NeedViewSet, basename="ledger-need")
    router.register("ledgers/resources", ResourceViewSet, basename="ledger-resource")
    router.register("ledgers/projects", ProjectViewSet, basename="ledger-project")
    router.register("ledgers/responsibilities", ResponsibilityViewSet, basename="ledger-responsibility")
    router.register("secretary-projects", SecretaryProjectViewSet, basename="secretary-project")
    router.register("contact-points", ContactPointViewSet, basename="contact-point")
