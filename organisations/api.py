"""The API of party organisations: ``/api/v1/party-organisations/`` (with ``members/``),
``/api/v1/organisation-memberships/`` and ``/api/v1/teams/`` (the teams and temporary branches among them).
Writes go through ``organisations.services``; their refusals answer 400 with field errors
(``liaoyuan.core.api``)."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import scopes
from accounts.mixins import ScopedViewSetMixin
from grids.models import Node
from liaoyuan.core import masking
from liaoyuan.core.api import ModelLabelsMixin
from liaoyuan.core.limits import field_limits
from organisations import selectors, services
from organisations.filters import MembershipFilter, OrganisationFilter
from organisations.models import TEAM_KINDS, OrganisationKind, OrganisationMembership, PartyOrganisation
from people.models import Person
from people.selectors import nameable, seen_whole
from units.models import MemberUnit


class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related object the requesting user may see; another answers "does not exist"."""

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        if request is None:
            return self.queryset.none()
        return scopes.visible(request.user, self.queryset)


class PartyMemberField(serializers.PrimaryKeyRelatedField):
    """A party member the requesting user may name (``selectors.member_choices``)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Person.objects.all(), **kwargs)

    def get_queryset(self) -> QuerySet[Person]:
        request = self.context.get("request")
        if request is None:
            return Person.objects.none()
        return selectors.member_choices(user=request.user)


def _shown_names(serializer, people_ids) -> set[int]:
    """Returns the ids, among ``people_ids``, of people whose name the requesting user reads whole (computed
    once per response and kept in the serializer's context)."""
    context = serializer.context
    if "whole_ids" not in context:
        request = context.get("request")
        if request is None:
            context["whole_ids"] = set()
        else:
            people = scopes.visible(request.user, Person.objects.filter(pk__in=people_ids))
            context["whole_ids"] = set(seen_whole(user=request.user, people=people).values_list("pk", flat=True))
    return context["whole_ids"]


class PartyOrganisationSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    node = VisiblePrimaryKeyField(queryset=Node.objects.all(), required=False, allow_null=True, default=None)
    node_name = serializers.CharField(source="node.name", read_only=True)
    unit = VisiblePrimaryKeyField(queryset=MemberUnit.objects.all(), required=False, allow_null=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default="")
    secretary = PartyMemberField(required=False, allow_null=True)
    secretary_name = serializers.CharField(source="secretary.name", read_only=True, default="")
    member_count = serializers.IntegerField(read_only=True, default=0)
    name = serializers.CharField(required=False, allow_blank=True, **field_limits(PartyOrganisation, "name"))

    class Meta:
        model = PartyOrganisation
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "node",
            "node_name",
            "unit",
            "unit_name",
            "secretary",
            "secretary_name",
            "founded_on",
            "ends_on",
            "purpose",
            "member_count",
        ]
        validators = []  # the service checks the organisation as a whole, constraints included

    def validate(self, attrs):
        return attrs  # the service validates the organisation as a whole


class PartyOrganisationUpdateSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = PartyOrganisation

    name = serializers.CharField(**field_limits(PartyOrganisation, "name"))
    secretary = PartyMemberField(allow_null=True)
    founded_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    purpose = serializers.CharField(allow_blank=True, **field_limits(PartyOrganisation, "purpose"))


class OrganisationMembershipSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    """A membership; the member's name is masked unless the user sees their record whole."""

    person_name = serializers.SerializerMethodField()
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default="")
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = OrganisationMembership
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "person",
            "person_name",
            "role",
            "role_display",
            "holds_relation",
            "unit",
            "unit_name",
            "joined_on",
            "left_on",
            "is_current",
        ]
        read_only_fields = fields

    def get_person_name(self, obj) -> str:
        parent = getattr(self, "parent", None)
        instances = getattr(parent, "instance", None) if parent is not None else None
        ids = [m.person_id for m in instances] if instances is not None else [obj.person_id]
        whole = _shown_names(self.parent if parent is not None else self, ids)
        return obj.person.name if obj.person_id in whole else masking.mask_name(obj.person.name)


class MembershipAddSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = OrganisationMembership

    person = PartyMemberField()
    joined_on = serializers.DateField()
    role = serializers.ChoiceField(choices=OrganisationMembership.Role.choices, default="member")
    holds_relation = serializers.BooleanField(required=False, allow_null=True, default=None)
    unit = VisiblePrimaryKeyField(queryset=MemberUnit.objects.all(), required=False, allow_null=True, default=None)


class MembershipEndSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = OrganisationMembership

    left_on = serializers.DateField()


class PartyOrganisationViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Party organisations in scope, in tree order, with their current member count. Filter with ``kind``,
    ``unit``, ``under`` (a node), ``standing`` and ``q``. Street and community managers set them up and change
    them in their area, a unit's admins their unit's own; ``members/`` lists and adds members."""

    queryset = PartyOrganisation.objects.none()
    serializer_class = PartyOrganisationSerializer
    filterset_class = OrganisationFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        data = PartyOrganisationSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = {k: v for k, v in data.validated_data.items() if k in services.ORGANISATION_FIELDS}
        org = services.organisation_create(user=request.user, **values)
        org = self.get_queryset().get(pk=org.pk)
        return Response(PartyOrganisationSerializer(org).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PartyOrganisationUpdateSerializer, responses=PartyOrganisationSerializer)
    def update(self, request, *args, **kwargs):
        org = self.get_object()
        data = PartyOrganisationUpdateSerializer(
            data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        services.organisation_update(user=request.user, organisation=org, **data.validated_data)
        return Response(PartyOrganisationSerializer(self.get_queryset().get(pk=org.pk)).data)

    @extend_schema(methods=["GET"], request=None, responses=OrganisationMembershipSerializer(many=True), parameters=[])
    @extend_schema(methods=["POST"], request=MembershipAddSerializer, responses={201: OrganisationMembershipSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def members(self, request, pk=None):
        """GET: the organisation's members, current first, then its history. POST: adds a member (a
        part-time member of a big committee names the ``unit`` they come from)."""
        org = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            memberships = list(selectors.membership_list(user=request.user, organisation=org))
            return Response(OrganisationMembershipSerializer(memberships, many=True, context=context).data)
        data = MembershipAddSerializer(data=request.data, context=context)
        data.is_valid(raise_exception=True)
        membership = services.membership_add(user=request.user, organisation=org, **data.validated_data)
        return Response(
            OrganisationMembershipSerializer(membership, context=context).data, status=status.HTTP_201_CREATED
        )


class OrganisationMembershipViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Memberships of party organisations in scope, current and past. Filter with ``organisation``,
    ``person``, ``role``, ``holds_relation`` and ``current``; ``end/`` ends one (kept as history)."""

    queryset = OrganisationMembership.objects.none()
    serializer_class = OrganisationMembershipSerializer
    filterset_class = MembershipFilter

    def get_queryset(self):
        return selectors.membership_list(user=self.request.user)

    @extend_schema(request=MembershipEndSerializer, responses=OrganisationMembershipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """Ends the membership on ``left_on`` (its first day out)."""
        membership = self.get_object()
        data = MembershipEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_end(user=request.user, membership=membership, **data.validated_data)
        return Response(OrganisationMembershipSerializer(membership, context=self.get_serializer_context()).data)


TEAM_AND_BRANCH_KINDS = [
    k for k in OrganisationKind.values if k in TEAM_KINDS or k == OrganisationKind.TEMPORARY_BRANCH
]


class TeamLeaderField(serializers.PrimaryKeyRelatedField):
    """A team's leader: a person the requesting user sees whole (a volunteer team's leader need not be a party
    member; the service checks the others')."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Person.objects.all(), **kwargs)

    def get_queryset(self) -> QuerySet[Person]:
        request = self.context.get("request")
        if request is None:
            return Person.objects.none()
        return nameable(user=request.user)


class TeamSerializer(PartyOrganisationSerializer):
    """A team (party-member commando or service team, volunteer team) or temporary branch: its leader
    (``secretary``), the community or street it serves (``node``), its start and last day."""

    kind = serializers.ChoiceField(choices=[(k, OrganisationKind(k).label) for k in TEAM_AND_BRANCH_KINDS])
    secretary = TeamLeaderField(required=False, allow_null=True, label=_("leader"))
    unit = None

    class Meta(PartyOrganisationSerializer.Meta):
        fields = [f for f in PartyOrganisationSerializer.Meta.fields if f not in ("unit", "unit_name")]


class TeamUpdateSerializer(PartyOrganisationUpdateSerializer):
    secretary = TeamLeaderField(allow_null=True, label=_("leader"))


class TeamViewSet(PartyOrganisationViewSet):
    """Teams in scope: party-member commando teams (党员突击队), party-member service teams (党员服务队),
    volunteer teams (志愿者服务队) and temporary party branches, each with its leader, the community it serves,
    its start and last day, and its member count. Filter with ``kind``, ``under``, ``standing`` and ``q``;
    ``members/`` lists and adds members (a volunteer team takes anyone)."""

    serializer_class = TeamSerializer

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user).filter(kind__in=TEAM_AND_BRANCH_KINDS)

    @extend_schema(request=TeamSerializer, responses={201: TeamSerializer})
    def create(self, request, *args, **kwargs):
        data = TeamSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        values = {k: v for k, v in data.validated_data.items() if k in services.ORGANISATION_FIELDS}
        team = services.organisation_create(user=request.user, **values)
        return Response(TeamSerializer(self.get_queryset().get(pk=team.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TeamUpdateSerializer, responses=TeamSerializer)
    def update(self, request, *args, **kwargs):
        team = self.get_object()
        data = TeamUpdateSerializer(
            data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        services.organisation_update(user=request.user, organisation=team, **data.validated_data)
        return Response(TeamSerializer(self.get_queryset().get(pk=team.pk)).data)


def register(router) -> None:
    router.register("party-organisations", PartyOrganisationViewSet, basename="party-organisation")
    router.register("teams", TeamViewSet, basename="team")
    router.register("organisation-memberships", OrganisationMembershipViewSet, basename="organisation-membership")
