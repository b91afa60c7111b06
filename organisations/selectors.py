"""Reads of party organisations, already scoped to the user and prefetched."""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import scopes
from grids.models import NODE_MANAGER_ROLES, Node
from organisations.models import (
    MAY_STAND,
    RELATION_KINDS,
    OrganisationMembership,
    PartyOrganisation,
    standing_on,
)
from people.models import Person
from people.selectors import nameable
from units.models import MemberUnit


def _current_members() -> Subquery:
    """The number of current members of the outer organisation, as a correlated subquery."""
    counted = (
        OrganisationMembership.objects.filter(organisation=OuterRef("pk"), left_on__isnull=True)
        .order_by()
        .values("organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def organisation_list(*, user) -> QuerySet[PartyOrganisation]:
    """Returns the organisations the user may see, in tree order, with place, unit and secretary joined
    and ``member_count`` (current members) counted in the database."""
    return (
        scopes.visible(user, PartyOrganisation.objects.select_related("node", "unit", "secretary"))
        .annotate(member_count=_current_members())
        .order_by("node__path", "kind", "pk")
    )


def membership_list(*, user, organisation: PartyOrganisation | None = None, current_only: bool = False):
    """Returns the memberships the user may see (of ``organisation`` when given), newest first, with the
    person, unit and organisation joined."""
    qs = scopes.visible(user, OrganisationMembership.objects.select_related("person", "unit", "organisation"))
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if current_only:
        qs = qs.filter(left_on__isnull=True)
    return qs.order_by(F("left_on").desc(nulls_first=True), "-joined_on", "pk")


def person_relations(*, person: Person) -> list[OrganisationMembership]:
    """Returns ``person``'s organisations, the current ones first, each with its organisation and place
    (the caller has checked that the user sees the person)."""
    return list(
        person.organisation_memberships.select_related("organisation__node", "unit").order_by(
            F("left_on").desc(nulls_first=True), "-holds_relation", "-joined_on"
        )
    )


def current_relation(*, person: Person) -> OrganisationMembership | None:
    """Returns the membership holding ``person``'s organisational relation now, None when there is none."""
    return (
        person.organisation_memberships.filter(holds_relation=True, left_on__isnull=True)
        .select_related("organisation")
        .first()
    )


def part_time_members(*, node_id: int) -> list[OrganisationMembership]:
    """Returns the current part-time members of the standing big party committee at a street or community,
    with their person and unit (what an alliance's committee page shows)."""
    return list(
        OrganisationMembership.objects.filter(
            organisation__node_id=node_id,
            organisation__kind=PartyOrganisation.Kind.BIG_COMMITTEE,
            organisation__ends_on__isnull=True,
            role=OrganisationMembership.Role.PART_TIME_MEMBER,
            left_on__isnull=True,
        )
        .select_related("person", "unit")
        .order_by("unit__name", "pk")
    )


def counts_by_kind(*, user) -> dict[str, int]:
    """Returns kind → number of organisations standing today that the user sees (as the list's "standing"
    filter counts them; the city's are read from the index of those that may stand)."""
    rows = (
        scopes.visible(user, PartyOrganisation.objects.filter(MAY_STAND, standing_on(timezone.localdate())))
        .order_by()
        .values("kind")
        .annotate(n=Count("*"))
    )
    return {row["kind"]: row["n"] for row in rows}


def with_members(qs: QuerySet[PartyOrganisation]) -> QuerySet[PartyOrganisation]:
    """Adds ``current_memberships`` (current members with their person) to each organisation of ``qs``."""
    return qs.prefetch_related(
        Prefetch(
            "memberships",
            queryset=OrganisationMembership.objects.filter(left_on__isnull=True).select_related("person", "unit"),
            to_attr="current_memberships",
        )
    )


def member_choices(*, user) -> QuerySet[Person]:
    """Returns the party members the user may name as secretary or member (``people.selectors.nameable``:
    those whose record the user sees whole and, for a member unit's admins, their unit's people)."""
    return nameable(user=user).exclude(party_status=Person.PartyStatus.NONE)


def place_choices(*, user):
    """Returns the nodes where the user may set up an organisation (streets down to buildings), in tree order."""
    kinds = [Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.BUILDING]
    nodes = Node.objects.filter(kind__in=kinds)
    scope = scopes.scope_of(user)
    if scope.is_superuser:
        return nodes.order_by("path")
    paths = scope.write_paths(NODE_MANAGER_ROLES)
    if not paths:
        return nodes.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return nodes.filter(condition).order_by("path")


def unit_choices(*, user):
    """Returns the member units the user may set up an organisation for or seat a part-time member from."""
    return scopes.visible(user, MemberUnit.objects.select_related("location")).order_by("name", "pk")


def relation_choices(*, user) -> QuerySet[PartyOrganisation]:
    """Returns the standing organisations the user may move a member's relation to."""
    return (
        scopes.editable(user, PartyOrganisation.objects.filter(kind__in=RELATION_KINDS, ends_on__isnull=True))
        .select_related("node")
        .order_by("node__path", "kind", "pk")
    )
