"""Demo data for party organisations: one at every level, as the city has them.

From the free-text names the tree and the units carry (``organisations.conversion``, as the data migration
does): a working committee per street and town, a committee per community, a branch per grid, a group per
building, an organisation per unit that has one. Besides: a big party committee per street and community,
749 temporary branches at scale 1 (the report's figure) for floods, epidemics, heating and renovation, most
of them ended. Every party member gets their organisational relation (with their unit's organisation when
in service there, else with their grid's branch or their community's committee) and the building group of
where they live. ``finish`` seats the big committees' part-time members: the party leaders of the current
member units of the street's or community's alliance, which is seeded after this app.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import NamedTuple

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from grids.demo import find_city
from grids.models import Node
from liaoyuan.core.demo import BATCH_SIZE, DemoContext
from organisations.conversion import organisations_from_names
from organisations.models import OrganisationMembership, PartyOrganisation
from people.models import Person
from units.models import MemberUnit

Kind = PartyOrganisation.Kind
TEMPORARY_BRANCHES = 749  # the report's figure, at scale 1
TEMPORARY_MEMBERS = (3, 9)
FOUNDED = (date(2012, 1, 1), date(2019, 12, 31))
PURPOSES = (
    ("防汛抗洪", 20),
    ("疫情防控", 45),
    ("冬季供暖保障", 30),
    ("老旧小区改造", 60),
    ("创建文明城市攻坚", 40),
    ("森林防火", 15),
)
STREET_KINDS = (Node.Kind.STREET, Node.Kind.TOWN)


class Org(NamedTuple):
    """An organisation the names made, as the demo needs it (a row rather than an instance: one per building)."""

    pk: int
    kind: str
    unit_id: int | None
    path: str  # of its node
    founded_on: date
    ends_on: date | None


def _day_between(ctx: DemoContext, start: date, end: date) -> date:
    return start + timedelta(days=ctx.rng.randint(0, max(0, (end - start).days)))


def seed(ctx: DemoContext) -> dict[str, int]:
    """Creates the organisations and their members; returns {label: rows created}, {} when the city already
    has organisations or there is no city."""
    city = ctx.shared.get("city") or find_city()
    if city is None or PartyOrganisation.objects.filter(node__path__startswith=city.path).exists():
        return {}
    rng, today = ctx.rng, ctx.today

    organisations_from_names(PartyOrganisation, Node, MemberUnit)
    orgs = [  # in a fixed order: the random draws below follow it; rows, not instances (one per building)
        Org(pk, kind, unit_id, path, _day_between(ctx, *FOUNDED), ends_on)
        for pk, kind, unit_id, path, ends_on in PartyOrganisation.objects.filter(node__path__startswith=city.path)
        .order_by("node__path", "kind", "unit_id")
        .values_list("pk", "kind", "unit_id", "node__path", "ends_on")
    ]

    # where party members live and work
    members = list(
        Person.objects.filter(node__path__startswith=city.path)
        .exclude(party_status=Person.PartyStatus.NONE)
        .values_list("pk", "node__path", "node__kind", "work_unit_id")
        .order_by("pk")
    )
    steplen = Node.steplen
    living_under: dict[str, list[int]] = defaultdict(list)  # street … building path → party members there
    for pk, path, _kind, _unit in members:
        for depth in range(3, min(len(path) // steplen, 6) + 1):
            living_under[path[: steplen * depth]].append(pk)
    working_at: dict[int, list[int]] = defaultdict(list)
    for pk, _path, _kind, unit_id in members:
        if unit_id:
            working_at[unit_id].append(pk)

    # big party committees, one per street, town and community
    standing = {(org.path, org.kind): org for org in orgs}
    areas = list(
        Node.objects.filter(path__startswith=city.path, kind__in=[*STREET_KINDS, Node.Kind.COMMUNITY]).order_by("path")
    )
    big = [
        PartyOrganisation(
            name=f"{node.name}大党委", kind=Kind.BIG_COMMITTEE, node=node, founded_on=_day_between(ctx, *FOUNDED)
        )
        for node in areas
    ]
    # temporary branches, at communities (and a few at streets)
    communities = [n for n in areas if n.kind == Node.Kind.COMMUNITY]
    purposes, weights = zip(*PURPOSES, strict=True)
    temporary = []
    for i in range(ctx.count(TEMPORARY_BRANCHES) if communities else 0):
        node = rng.choice(areas) if rng.random() < 0.1 else rng.choice(communities)
        purpose = rng.choices(purposes, weights=weights)[0]
        starts = _day_between(ctx, date(2020, 1, 1), today - timedelta(days=10))
        ends = starts + timedelta(days=rng.randint(14, 240))
        temporary.append(
            PartyOrganisation(
                name=f"{node.name}{purpose}临时党支部（{i + 1}）",
                kind=Kind.TEMPORARY_BRANCH,
                node=node,
                founded_on=starts,
                ends_on=ends,
                purpose=purpose,
            )
        )

    # secretaries: a party member living in the area, or working at the unit
    def secretary(unit_id: int | None, path: str) -> int | None:
        if unit_id:
            pool = working_at.get(unit_id, [])
        else:  # living there, else in the community
            pool = living_under.get(path) or living_under.get(path[: steplen * 4], [])
        return rng.choice(pool) if pool else None

    secretary_of = {org.pk: secretary(org.unit_id, org.path) for org in orgs}
    for org in big:
        org.secretary_id = secretary(None, org.node.path)
    for org in big:  # the big committee is led by the area's own secretary
        own = standing.get((org.node.path, Kind.COMMUNITY_COMMITTEE)) or standing.get(
            (org.node.path, Kind.STREET_COMMITTEE)
        )
        if own is not None and secretary_of[own.pk]:
            org.secretary_id = secretary_of[own.pk]
    for org in temporary:
        pool = living_under.get(org.node.path, [])
        org.secretary_id = rng.choice(pool) if pool else None
    for start in range(0, len(orgs), BATCH_SIZE):
        changed = [
            PartyOrganisation(pk=org.pk, founded_on=org.founded_on, secretary_id=secretary_of[org.pk])
            for org in orgs[start : start + BATCH_SIZE]
        ]
        ctx.bulk_update(PartyOrganisation, changed, ["founded_on", "secretary"])
    del secretary_of
    ctx.bulk_create(PartyOrganisation, big + temporary, _("Creating party organisations"))

    # memberships: the organisational relation, the building group, the temporary branches
    unit_org = {org.unit_id: org for org in orgs if org.unit_id}
    memberships = ctx.inserter(OrganisationMembership)  # a batch at a time, so that memory stays flat

    def join(org: Org | PartyOrganisation, person_id: int, **extra) -> None:
        start = max(org.founded_on, date(2020, 1, 1)) if org.kind != Kind.TEMPORARY_BRANCH else org.founded_on
        end = org.ends_on or today
        memberships.add_row(
            organisation_id=org.pk,
            person_id=person_id,
            joined_on=_day_between(ctx, start, min(end, today)),
            **extra,
        )

    for pk, path, kind, unit_id in ctx.progress(members, _("Placing party members")):
        relation = unit_org.get(unit_id)
        if relation is None and kind == Node.Kind.STAIRWELL:
            relation = standing.get((path[: steplen * 5], Kind.GRID_BRANCH))
        if relation is None:
            community = path[: steplen * 4]
            relation = standing.get((community, Kind.COMMUNITY_COMMITTEE)) or standing.get(
                (community, Kind.COMMUNITY_GENERAL_BRANCH)
            )
        if relation is not None:
            join(relation, pk, holds_relation=True)
        if kind == Node.Kind.STAIRWELL:
            group = standing.get((path[: steplen * 6], Kind.BUILDING_GROUP))
            if group is not None:
                join(group, pk)
    for org in temporary:
        pool = living_under.get(org.node.path, [])
        chosen = set(rng.sample(pool, min(len(pool), rng.randint(*TEMPORARY_MEMBERS))))
        if org.secretary_id:
            chosen.add(org.secretary_id)
        for pk in sorted(chosen):
            join(org, pk, left_on=org.ends_on if org.ends_on < today else None)
    memberships.flush()

    created: dict[str, int] = {}
    for kind, label in Kind.choices:
        n = sum(1 for org in orgs + big + temporary if org.kind == kind)
        if n:
            created[str(label)] = n
    created[str(OrganisationMembership._meta.verbose_name_plural)] = memberships.count
    return created


def finish(ctx: DemoContext) -> None:
    """Seats the part-time members of each big committee that has none: for each current member unit of the
    area's alliance, its party organisation's secretary (else a party member working there)."""
    seated = OrganisationMembership.objects.filter(
        organisation=OuterRef("pk"), role=OrganisationMembership.Role.PART_TIME_MEMBER
    )
    committees = list(
        PartyOrganisation.objects.filter(kind=Kind.BIG_COMMITTEE, ends_on__isnull=True)
        .exclude(Exists(seated))
        .order_by("pk")
    )
    if not committees:
        return
    current = MemberUnit.objects.filter(memberships__left_on__isnull=True)
    units_at: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for unit_id, node_id, joined in current.values_list(
        "pk", "memberships__alliance__node_id", "memberships__joined_on"
    ):
        units_at[node_id].append((unit_id, joined))
    leader = dict(
        PartyOrganisation.objects.filter(unit__isnull=False, ends_on__isnull=True, secretary__isnull=False).values_list(
            "unit_id", "secretary_id"
        )
    )
    for unit_id, person_id in (
        Person.objects.filter(work_unit__isnull=False).exclude(party_status=Person.PartyStatus.NONE).order_by("-pk")
    ).values_list("work_unit_id", "pk"):
        leader.setdefault(unit_id, person_id)
    seats = []
    for org in committees:
        taken: set[int] = set()
        for unit_id, joined in sorted(units_at.get(org.node_id, [])):
            person_id = leader.get(unit_id)
            if person_id is None or person_id in taken:
                continue
            taken.add(person_id)
            seats.append(
                OrganisationMembership(
                    organisation=org,
                    person_id=person_id,
                    role=OrganisationMembership.Role.PART_TIME_MEMBER,
                    unit_id=unit_id,
                    joined_on=min(max(joined, org.founded_on), ctx.today),
                )
            )
    OrganisationMembership.objects.bulk_create(seats, batch_size=1000)


def reset(ctx: DemoContext) -> dict[str, int]:
    """Deletes every organisation and membership; returns rows deleted per label."""
    _total, by_model = PartyOrganisation.objects.all().delete()
    return {
        str(PartyOrganisation._meta.verbose_name_plural): by_model.get(PartyOrganisation._meta.label, 0),
        str(OrganisationMembership._meta.verbose_name_plural): by_model.get(OrganisationMembership._meta.label, 0),
    }
