"""Demo data for people: a head for every household, party members, and the posts of the five chiefs,
first secretaries and community workers.

At scale 1: 525 serving grid chiefs over the 521 grids (each grid's full-time chief leads; four grids add a
part-time one) and 40 former ones, 3,254 building chiefs, 11,023 unit chiefs (each a resident of their
node), 62 first secretaries (one per street and community), about 5 community workers, a street chief and
two lane chiefs per community, and several in-service party members (双报到) per member unit, living in the
unit's community.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from grids.demo import GRIDS, find_city
from grids.models import ADMINISTRATIVE_KINDS, Household, Node
from liaoyuan.core.bulk import insert_rows
from liaoyuan.core.demo import LANE_NAMES, ROAD_NAMES, DemoContext, birth_date, mobile_phone, person_name
from people import summaries
from people.models import Duty, Person
from units.models import MemberUnit

GRID_CHIEF_POSTS = 525  # serving, at scale 1: a few of the 521 grids have a second, part-time chief
FORMER_GRID_CHIEFS = 40  # ended posts, kept as history
FULL_TIME = Duty.Employment.FULL_TIME
WORKERS_PER_COMMUNITY = (4, 6)
LANE_CHIEFS_PER_COMMUNITY = 2
IN_SERVICE_PER_UNIT = (2, 6)
PARTY_MEMBER_SHARE = 0.06  # of household heads, besides the heads of party-member central households

PartyStatus = Person.PartyStatus


class Unit(NamedTuple):
    """A member unit as the demo needs it: its key and the path of where it stands."""

    pk: int
    path: str


@dataclass
class _Resident:
    """A household head being planned: the person (a row of field values, given its key when inserted), their
    age and where they live."""

    person: dict[str, Any]
    age: int
    path: str  # of the stairwell unit


def _age(rng: random.Random, elderly: bool) -> int:
    """Returns the age of a household head (70 or over when ``elderly``)."""
    if elderly:
        return rng.randint(70, 92)
    return rng.choices((rng.randint(25, 39), rng.randint(40, 59), rng.randint(60, 85)), weights=(30, 40, 30))[0]


def _resident_party_status(rng: random.Random, age: int) -> str:
    """Returns the party status of a resident party member who is not in service at a unit."""
    if age >= 60:
        return PartyStatus.RETIRED if rng.random() < 0.85 else PartyStatus.COMMUNITY
    return rng.choice((PartyStatus.COMMUNITY, PartyStatus.COMMUNITY, PartyStatus.FLOATING))


def _pick(rng: random.Random, candidates: list[_Resident], busy: set[int]) -> _Resident:
    """Returns a random candidate not yet holding a post (any candidate when all do) and marks them busy."""
    free = [r for r in candidates if id(r) not in busy]
    chosen = rng.choice(free or candidates)
    busy.add(id(chosen))
    return chosen


def seed(ctx: DemoContext) -> dict[str, int]:
    """Creates people and posts; returns {label: rows created}, {} when the city already has people or there
    is no city. One community at a time (its residents and their posts), so that memory stays flat."""
    city = ctx.shared.get("city") or find_city()
    if city is None or Person.objects.filter(node__path__startswith=city.path).exists():
        return {}
    rng, today = ctx.rng, ctx.today
    steplen = Node.steplen

    # the areas (city to community) in memory; the grids, buildings and stairwells of a community are read as
    # its turn comes, so that memory does not grow with the city
    areas = Node.objects.filter(path__startswith=city.path, kind__in=sorted(ADMINISTRATIVE_KINDS))
    pk_of: dict[str, int] = {}
    by_kind: dict[str, list[str]] = defaultdict(list)
    for pk, path, kind in areas.values_list("pk", "path", "kind").order_by("path"):
        pk_of[path] = pk
        by_kind[kind].append(path)
    by_kind[Node.Kind.GRID] = list(
        Node.objects.filter(path__startswith=city.path, kind=Node.Kind.GRID)
        .order_by("path")
        .values_list("path", flat=True)
    )

    units_in: dict[str, list[Unit]] = defaultdict(list)  # where they stand → member units
    units_below: dict[str, list[Unit]] = defaultdict(list)  # community → member units in it
    for pk, path in MemberUnit.objects.filter(location__path__startswith=city.path).values_list("pk", "location__path"):
        unit = Unit(pk, path)
        units_in[unit.path].append(unit)
        units_below[unit.path[: steplen * 4]].append(unit)

    grids = by_kind[Node.Kind.GRID]
    # 525 serving grid chiefs over 521 grids: each grid's full-time chief leads; a few grids add a part-time one
    doubled = set(rng.sample(grids, max(0, min(len(grids), ctx.count(GRID_CHIEF_POSTS) - ctx.count(GRIDS)))))
    replaced = set(rng.sample(grids, min(len(grids), ctx.count(FORMER_GRID_CHIEFS))))

    created: Counter[str] = Counter()
    households = (  # one pass over the city's households, a community after another
        Household.objects.filter(node__path__startswith=city.path)
        .values_list("pk", "node_id", "node__path", "is_party_central", "elderly_alone")
        .order_by("node__path", "pk")
        .iterator(chunk_size=5000)
    )
    by_community = groupby(households, key=lambda row: row[2][: steplen * 4])
    total = len(by_kind[Node.Kind.COMMUNITY])
    for community, rows in ctx.progress(by_community, _("Creating residents and their posts"), total=total):
        residents = _residents(ctx, rows)
        _in_service(ctx, residents, units_below.get(community, []))
        insert_rows(Person, [r.person for r in residents])
        places, place_pks = _places_in(community)
        place_pks[community] = pk_of[community]
        duties = _residents_posts(ctx, community, residents, places, place_pks, doubled, replaced)
        insert_rows(Duty, duties)
        created[_("people: household heads")] += len(residents)
        created.update(_("posts: %(kind)s") % {"kind": Duty.Kind(duty["kind"]).label} for duty in duties)

    # people who are not household heads: first secretaries and community workers, who work full-time
    others: list[tuple[Person, str, str]] = []  # (person, duty kind, node path)
    for path in by_kind[Node.Kind.STREET] + by_kind[Node.Kind.COMMUNITY]:
        area_units = [u for community, us in units_in.items() if community.startswith(path) for u in us]
        gender = Person.Gender.MALE if rng.random() < 0.7 else Person.Gender.FEMALE
        work_unit = rng.choice(area_units) if area_units else None
        secretary = Person(
            name=person_name(rng, gender),
            gender=gender,
            birth_date=birth_date(rng, today, 30, 55),
            phone=mobile_phone(rng),
            node_id=pk_of[path],
            party_status=PartyStatus.IN_SERVICE if work_unit else PartyStatus.COMMUNITY,
            work_unit_id=work_unit.pk if work_unit else None,
            reported_on=ctx.days_ago(100, 1000) if work_unit else None,
        )
        others.append((secretary, Duty.Kind.FIRST_SECRETARY, path))
    for path in by_kind[Node.Kind.COMMUNITY]:
        for _i in range(rng.randint(*WORKERS_PER_COMMUNITY)):
            gender = Person.Gender.FEMALE if rng.random() < 0.75 else Person.Gender.MALE
            worker = Person(
                name=person_name(rng, gender),
                gender=gender,
                birth_date=birth_date(rng, today, 24, 50),
                phone=mobile_phone(rng),
                node_id=pk_of[path],
                party_status=PartyStatus.COMMUNITY if rng.random() < 0.5 else PartyStatus.NONE,
            )
            others.append((worker, Duty.Kind.COMMUNITY_WORKER, path))
    ctx.bulk_create(Person, [person for person, _kind, _path in others], _("Creating people"))
    duties = [
        Duty(
            person=person,
            kind=kind,
            node_id=pk_of[path],
            started_on=ctx.days_ago(100, 1000) if kind == Duty.Kind.FIRST_SECRETARY else ctx.days_ago(30, 3000),
            employment=FULL_TIME,
        )
        for person, kind, path in others
    ]
    ctx.bulk_create(Duty, duties, _("Creating posts"))
    created[_("people: secretaries and workers")] = len(others)
    created.update(_("posts: %(kind)s") % {"kind": Duty.Kind(duty.kind).label} for duty in duties)
    return dict(created)


def _residents(ctx: DemoContext, households: Iterable[tuple[int, int, str, bool, bool]]) -> list[_Resident]:
    """Returns a head for every household (key, node key and path, party-member central, elderly alone), not
    yet saved."""
    rng, today = ctx.rng, ctx.today
    residents = []
    for household_pk, node_pk, path, central, elderly in households:
        age = _age(rng, elderly)
        gender = rng.choice((Person.Gender.MALE, Person.Gender.FEMALE))
        is_member = central or rng.random() < PARTY_MEMBER_SHARE
        person = {
            "name": person_name(rng, gender),
            "gender": gender,
            "birth_date": birth_date(rng, today, age, age),
            "phone": mobile_phone(rng),
            "node_id": node_pk,
            "household_id": household_pk,
            "party_status": _resident_party_status(rng, age) if is_member else PartyStatus.NONE,
        }
        residents.append(_Resident(person, age, path))
    return residents


def _places_in(community: str) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The stairwells, buildings and grids of a community (path and kind; by kind, then in tree order), and
    their keys by path."""
    rank = {Node.Kind.STAIRWELL: 0, Node.Kind.BUILDING: 1, Node.Kind.GRID: 2}
    rows = sorted(
        Node.objects.filter(path__startswith=community, kind__in=sorted(rank)).values_list("path", "kind", "pk"),
        key=lambda row: (rank[row[1]], row[0]),
    )
    return [(path, kind) for path, kind, _pk in rows], {path: pk for path, _kind, pk in rows}


def _in_service(ctx: DemoContext, residents: list[_Resident], units: list[Unit]) -> None:
    """Makes several working-age residents living where each unit stands in-service party members of it."""
    rng = ctx.rng
    for unit in units:
        working_age = [
            r
            for r in residents
            if r.person["party_status"] == PartyStatus.NONE and 22 <= r.age < 60 and r.path.startswith(unit.path)
        ]
        for resident in rng.sample(working_age, min(len(working_age), rng.randint(*IN_SERVICE_PER_UNIT))):
            resident.person["party_status"] = PartyStatus.IN_SERVICE
            resident.person["work_unit_id"] = unit.pk
            resident.person["reported_on"] = ctx.days_ago(30, 1500)


def _residents_posts(
    ctx: DemoContext,
    community: str,
    residents: list[_Resident],
    places: list[tuple[str, str]],
    pk_of: dict[str, int],
    doubled: set[str],
    replaced: set[str],
) -> list[dict[str, Any]]:
    """Returns the posts (rows of field values) the community's residents hold: a chief for each of its
    stairwells, buildings and grids (``places``: path and kind), its street chief and lane chiefs; a resident
    holds one at most while others are free."""
    rng = ctx.rng
    busy: set[int] = set()
    steplen = Node.steplen
    under: dict[str, list[_Resident]] = defaultdict(list)  # node path → residents below it
    for resident in residents:
        path = resident.path
        for depth in range(1, 5):  # stairwell, building, grid, community
            under[path[: len(path) - steplen * (depth - 1)]].append(resident)
    duties: list[dict[str, Any]] = []

    def post(kind: str, path: str, started: date, **extra) -> None:
        if under[path]:
            person = _pick(rng, under[path], busy).person
            duty = {"person_id": person["id"], "kind": kind, "node_id": pk_of[path], "started_on": started}
            duties.append({**duty, **extra})

    for path, kind in places:
        if kind == Node.Kind.STAIRWELL:
            post(Duty.Kind.UNIT_CHIEF, path, ctx.days_ago(30, 2000), is_leader=True)
        elif kind == Node.Kind.BUILDING:
            post(Duty.Kind.BUILDING_CHIEF, path, ctx.days_ago(30, 2000), is_leader=True)
        else:
            since = ctx.days_ago(30, 2000)
            if path in replaced:
                since = ctx.days_ago(30, 700)
                former_since = since - timedelta(days=rng.randint(400, 1500))
                post(Duty.Kind.GRID_CHIEF, path, former_since, ended_on=since - timedelta(days=1), employment=FULL_TIME)
            post(Duty.Kind.GRID_CHIEF, path, since, employment=FULL_TIME, is_leader=True)
            if path in doubled:
                post(Duty.Kind.GRID_CHIEF, path, ctx.days_ago(30, 700))
    roads = rng.sample(ROAD_NAMES, 1) + rng.sample(LANE_NAMES, LANE_CHIEFS_PER_COMMUNITY)
    post(Duty.Kind.STREET_CHIEF, community, ctx.days_ago(30, 1500), area=roads[0])
    for lane in roads[1:]:
        post(Duty.Kind.LANE_CHIEF, community, ctx.days_ago(30, 1500), area=lane)
    return duties


def reset(ctx: DemoContext) -> dict[str, int]:
    """Deletes every post and person; returns rows deleted per label."""
    _total, duties = Duty.objects.all().delete()
    _total, people = Person.objects.all().delete()
    return {
        str(Duty._meta.verbose_name_plural): duties.get(Duty._meta.label, 0),
        str(Person._meta.verbose_name_plural): people.get(Person._meta.label, 0),
    }


def finish(ctx: DemoContext) -> None:
    """After every app has seeded: counts the serving posts under each node (bulk loads bypass the services)."""
    summaries.recount()
