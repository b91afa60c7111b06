"""The vanguard co-cultivation's part of the demo city (scale 1, the report's figures): 395 party-member
commando teams and 352 party-member service teams (``organisations.PartyOrganisation``; the 749 temporary
branches come from the organisations' demo), about 7,000 cadres reported to the communities they live in
(dual reports: the in-service party members, and cadres sent by the member units to make up the figure), every
unit's party organisation reported too, about 5,000 vanguard posts (2,153 of them emergency posts) with their
shifts, about 10,000 claims and about 20,000 service person-times (recorded from check-in and check-out, and
declared, some waiting for approval). The city's 62 first secretaries are the people demo's duties.

Each part is created when the city lacks it, so a run after people were deleted completes claims, records
and reports. The demo party member holds an approved report, a claim on a shift tomorrow in the home
community (whose check-in code is shown to its organisers) and a few service records.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment
from grids.demo import find_city
from grids.models import Node
from liaoyuan.core.bulk import insert
from liaoyuan.core.demo import BATCH_SIZE, DemoContext, birth_date, mobile_phone, person_name
from organisations.models import TEAM_KINDS, UNIT_KINDS, OrganisationMembership, PartyOrganisation
from people.models import Person
from units.models import MemberUnit
from volunteers.models import (
    Claim,
    ClaimStatus,
    DualReport,
    Eligibility,
    Post,
    PostCategory,
    RecordKind,
    RecordStatus,
    ReportKind,
    ReportStatus,
    ServiceRecord,
    Shift,
)

Kind = PartyOrganisation.Kind
COMMANDO_TEAMS = 395
SERVICE_TEAMS = 352
TEAM_MEMBERS = (5, 12)
CADRES_REPORTED = 7000
POSTS = 5000
EMERGENCY_POSTS = 2153
CLAIMS = 10_000
PERSON_TIMES = 20_000
SHIFTS_PER_POST = (1, 3)
CAPACITY = (2, 8)
DECLINE_REASONS = ("不在本社区居住", "信息有误，请核实后重新报到", "重复报到")

POST_TITLES = {
    PostCategory.ELDER_CARE: ["敬老院助老", "独居老人探访", "助老送餐"],
    PostCategory.ENVIRONMENT: ["小区环境整治", "垃圾分类督导", "清理小广告"],
    PostCategory.PUBLIC_ORDER: ["平安巡逻", "文明交通劝导", "夜间巡防"],
    PostCategory.POLICY_TALKS: ["政策宣讲", "反诈宣传", "医保政策解读"],
    PostCategory.CIVILISATION: ["文明城市创建", "志愿服务站值守", "图书角管理"],
    PostCategory.OTHER: ["便民服务", "义务理发", "家电义修"],
}
EMERGENCY_TITLES = {
    PostCategory.EPIDEMIC: ["核酸检测点值守", "卡口值守", "物资配送", "疫苗接种引导"],
    PostCategory.FLOOD_SNOW: ["防汛巡堤", "清雪除冰", "转移安置群众"],
}
DEMO_CODE = "246810"  # the check-in code of the demo party member's shift tomorrow
PLACES = ["社区党群服务中心", "小区南门", "社区广场", "敬老院", "社区卫生服务站", "文化活动室"]


def _rng(ctx: DemoContext, part: str) -> random.Random:
    """One random stream per part, so that a part created again draws what it drew the first time."""
    return random.Random(f"{ctx.seed}:volunteers:{part}")


def _backdate(objs: list, when: list[datetime.datetime]) -> None:
    """Gives rows about to be created their ``created_at`` in the past (``ctx.bulk_create`` keeps it)."""
    for obj, at in zip(objs, when, strict=True):
        obj.created_at = at


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_default_timezone())


def seed(ctx: DemoContext) -> dict[str, int]:
    """Creates what the city lacks of teams, reports, posts, claims and records; returns {label: rows}."""
    city = ctx.shared.get("city") or find_city()
    if city is None:
        return {}
    steplen = Node.steplen
    areas = list(
        Node.objects.filter(
            path__startswith=city.path, kind__in=[Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY]
        ).order_by("path")
    )
    communities = [n for n in areas if n.kind == Node.Kind.COMMUNITY]
    if not communities:
        return {}
    community_at = {n.path: n for n in communities}
    created: dict[str, int] = {}

    def community_of(path: str) -> Node | None:
        return community_at.get(path[: steplen * 4])

    teams = _teams(ctx, city, areas, communities, created)
    _reports(ctx, city, communities, community_of, created)
    _posts(ctx, city, areas, communities, teams, created)
    _claims_and_records(ctx, city, community_of, created)
    return created


def _party_members(city: Node, **filters) -> list[tuple[int, str, int | None]]:
    """(pk, path where they live, work unit) of the city's party members, in a fixed order."""
    return list(
        Person.objects.filter(node__path__startswith=city.path, **filters)
        .exclude(party_status=Person.PartyStatus.NONE)
        .values_list("pk", "node__path", "work_unit_id")
        .order_by("pk")
    )


def _teams(ctx, city, areas, communities, created) -> dict[int, list[PartyOrganisation]]:
    """Commando and service teams with their members; returns the teams and temporary branches by node id."""
    existing = PartyOrganisation.objects.filter(node__path__startswith=city.path)
    if not existing.filter(kind__in=sorted(TEAM_KINDS)).exists():
        rng = _rng(ctx, "teams")
        living_under: dict[str, list[int]] = defaultdict(list)
        for pk, path, _unit in _party_members(city):
            for depth in (3, 4):
                living_under[path[: Node.steplen * depth]].append(pk)
        teams: list[PartyOrganisation] = []
        for kind, n, label in (
            (Kind.COMMANDO_TEAM, COMMANDO_TEAMS, "党员突击队"),
            (Kind.SERVICE_TEAM, SERVICE_TEAMS, "党员服务队"),
        ):
            for i in range(ctx.count(n)):
                node = rng.choice(areas) if rng.random() < 0.1 else rng.choice(communities)
                founded = ctx.today - datetime.timedelta(days=rng.randint(30, 2000))
                ends = founded + datetime.timedelta(days=rng.randint(90, 720)) if rng.random() < 0.3 else None
                teams.append(
                    PartyOrganisation(
                        name=f"{node.name}{label}（{i + 1}）",
                        kind=kind,
                        node=node,
                        founded_on=founded,
                        ends_on=ends,
                        purpose=rng.choice(["防汛抢险", "疫情防控", "为民服务", "环境整治", "助老助残"]),
                    )
                )
        memberships = []
        for team in teams:
            pool = living_under.get(team.node.path, [])
            chosen = sorted(set(rng.sample(pool, min(len(pool), rng.randint(*TEAM_MEMBERS)))))
            team.secretary_id = chosen[0] if chosen else None
            memberships += [
                OrganisationMembership(
                    organisation=team,
                    person_id=pk,
                    joined_on=team.founded_on,
                    left_on=team.ends_on if team.ends_on and team.ends_on < ctx.today else None,
                )
                for pk in chosen
            ]
        ctx.bulk_create(PartyOrganisation, teams, _("Creating teams"))
        ctx.bulk_create(OrganisationMembership, memberships, _("Creating team members"))
        created[str(Kind.COMMANDO_TEAM.label)] = ctx.count(COMMANDO_TEAMS)
        created[str(Kind.SERVICE_TEAM.label)] = ctx.count(SERVICE_TEAMS)
    by_node: dict[int, list[PartyOrganisation]] = defaultdict(list)
    for team in existing.filter(kind__in=[*TEAM_KINDS, Kind.TEMPORARY_BRANCH]).order_by("pk"):
        by_node[team.node_id].append(team)
    return by_node


def _reports(ctx, city, communities, community_of, created) -> None:
    """Dual reports: cadres (in-service party members, and cadres the units send to make up the figure) with
    the community they live in; every unit's standing party organisation with its community."""
    rng = _rng(ctx, "reports")
    now = timezone.now()
    if not DualReport.objects.filter(kind=ReportKind.MEMBER, community__path__startswith=city.path).exists():
        units = list(MemberUnit.objects.filter(location__path__startswith=city.path).order_by("pk"))
        cadres = _party_members(city, party_status=Person.PartyStatus.IN_SERVICE)
        target = ctx.count(CADRES_REPORTED)
        if units and len(cadres) < target:
            sent = []
            for _i in range(target - len(cadres)):
                gender = Person.Gender.MALE if rng.random() < 0.6 else Person.Gender.FEMALE
                sent.append(
                    Person(
                        name=person_name(rng, gender),
                        gender=gender,
                        birth_date=birth_date(rng, ctx.today, 25, 58),
                        phone=mobile_phone(rng),
                        node=rng.choice(communities),
                        party_status=Person.PartyStatus.IN_SERVICE,
                        work_unit=rng.choice(units),
                    )
                )
            ctx.bulk_create(Person, sent, _("Creating cadres sent by units"))
            _relations(ctx, rng, sent)
            created[_("cadres sent by units")] = len(sent)
            cadres = _party_members(city, party_status=Person.PartyStatus.IN_SERVICE)
        grids = dict(Node.objects.filter(path__startswith=city.path, kind=Node.Kind.GRID).values_list("path", "pk"))
        households = dict(
            Person.objects.filter(pk__in=[c[0] for c in cadres], household__isnull=False).values_list(
                "pk", "household_id"
            )
        )
        reports, approved = ctx.inserter(DualReport), {}
        for pk, path, unit_id in ctx.progress(cadres[:target], _("Creating dual reports")):
            community = community_of(path)
            if community is None:
                continue
            draw = rng.random()
            status = (
                ReportStatus.APPROVED if draw < 0.9 else ReportStatus.PENDING if draw < 0.97 else ReportStatus.DECLINED
            )
            submitted = now - datetime.timedelta(days=rng.uniform(1, 900))
            report = {
                "kind": ReportKind.MEMBER,
                "person_id": pk,
                "unit_id": unit_id,
                "community_id": community.pk,
                "grid_id": grids.get(path[: Node.steplen * 5]),
                "household_id": households.get(pk),
                "status": status,
                "reason": rng.choice(DECLINE_REASONS) if status == ReportStatus.DECLINED else "",
                "created_at": submitted,
            }
            if status != ReportStatus.PENDING:
                report["decided_at"] = submitted + datetime.timedelta(days=rng.uniform(0.1, 5))
            if status == ReportStatus.APPROVED:
                approved[pk] = timezone.localdate(report["decided_at"])
            reports.add_row(**report)
        reports.flush()
        people = list(Person.objects.filter(pk__in=approved, reported_on__isnull=True))
        for person in people:
            person.reported_on = min(approved[person.pk], ctx.today)
        ctx.bulk_update(Person, people, ["reported_on"])
        created[_("cadres reported")] = reports.count
    if not DualReport.objects.filter(kind=ReportKind.ORGANISATION, community__path__startswith=city.path).exists():
        orgs = PartyOrganisation.objects.filter(
            node__path__startswith=city.path, kind__in=sorted(UNIT_KINDS), ends_on__isnull=True
        ).order_by("pk")
        reports = []
        for org_pk, unit_id, path in orgs.values_list("pk", "unit_id", "node__path"):
            community = community_of(path)
            if community is not None:
                reports.append(
                    DualReport(
                        kind=ReportKind.ORGANISATION,
                        organisation_id=org_pk,
                        unit_id=unit_id,
                        community=community,
                        status=ReportStatus.APPROVED,
                        decided_at=now - datetime.timedelta(days=rng.uniform(900, 1500)),
                    )
                )
        _backdate(reports, [r.decided_at - datetime.timedelta(days=3) for r in reports])
        ctx.bulk_create(DualReport, reports, _("Creating dual reports"))
        created[_("unit organisations reported")] = len(reports)


def _relations(ctx, rng, people: list[Person]) -> None:
    """Gives each cadre their organisational relation: their unit's party organisation, else the committee (or
    general branch) of the community they live in."""
    standing = PartyOrganisation.objects.filter(ends_on__isnull=True)
    by_unit = dict(standing.filter(unit__isnull=False).values_list("unit_id", "pk"))
    founded = dict(standing.values_list("pk", "founded_on"))
    by_community = dict(
        standing.filter(kind__in=[Kind.COMMUNITY_COMMITTEE, Kind.COMMUNITY_GENERAL_BRANCH]).values_list("node_id", "pk")
    )
    memberships = []
    for person in people:
        org_id = by_unit.get(person.work_unit_id) or by_community.get(person.node_id)
        if org_id is not None:
            start = max(founded[org_id], ctx.today - datetime.timedelta(days=3000))
            joined = start + datetime.timedelta(days=rng.randint(0, max(0, (ctx.today - start).days)))
            memberships.append(
                OrganisationMembership(organisation_id=org_id, person=person, holds_relation=True, joined_on=joined)
            )
    ctx.bulk_create(OrganisationMembership, memberships, _("Creating organisation memberships"))


def _posts(ctx, city, areas, communities, teams, created) -> None:
    """Posts (emergency ones first) and their shifts, two thirds past, a third to come."""
    if Post.objects.filter(node__path__startswith=city.path).exists():
        return
    rng = _rng(ctx, "posts")
    n_posts, n_emergency = ctx.count(POSTS), ctx.count(EMERGENCY_POSTS)
    shifts = ctx.inserter(Shift)
    # a batch of posts at a time, then their shifts: memory holds one batch, whatever the city's size
    for first in ctx.progress(range(0, n_posts, BATCH_SIZE), _("Creating vanguard posts")):
        posts = []
        for i in range(first, min(first + BATCH_SIZE, n_posts)):
            emergency = i < n_emergency
            node = rng.choice(areas) if rng.random() < 0.1 else rng.choice(communities)
            categories = EMERGENCY_TITLES if emergency else POST_TITLES
            category = rng.choice(list(categories))
            nearby = teams.get(node.id, [])
            if emergency:
                nearby = [t for t in nearby if t.kind in (Kind.TEMPORARY_BRANCH, Kind.COMMANDO_TEAM)]
            else:
                nearby = [t for t in nearby if t.kind in (Kind.SERVICE_TEAM, Kind.VOLUNTEER_TEAM)]
            post = Post(
                title=rng.choice(categories[category]),
                category=category,
                node=node,
                place=f"{node.name}{rng.choice(PLACES)}",
                eligibility=rng.choices(list(Eligibility.values), weights=[6, 2, 2])[0],
                is_emergency=emergency,
                team=rng.choice(nearby) if nearby and rng.random() < 0.7 else None,
            )
            post.is_open = rng.random() < 0.9
            posts.append(post)
        insert(Post, posts)
        for post in posts:
            past = rng.random() < 0.67
            for _j in range(rng.randint(*SHIFTS_PER_POST)):
                day = (
                    ctx.today - datetime.timedelta(days=rng.randint(1, 365))
                    if past
                    else ctx.today + datetime.timedelta(days=rng.randint(1, 30))
                )
                start = _at(day, rng.choice([8, 9, 13, 14, 18]))
                shifts.add_row(
                    post_id=post.pk,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=rng.choice([2, 3, 4])),
                    capacity=rng.randint(*CAPACITY),
                )
    shifts.flush()
    demo = _demo_shift(city)
    created[str(Post._meta.verbose_name_plural)] = n_posts + (demo is not None)
    created[str(Shift._meta.verbose_name_plural)] = shifts.count + (demo is not None)


def _claims_and_records(ctx, city, community_of, created) -> None:
    """Claims on shifts (the demo party member's first), recorded hours for past claims, declared hours up to
    the person-times' figure; each shift's count of places taken set from its active claims."""
    shifts_in_city = Shift.objects.filter(post__node__path__startswith=city.path)
    if Claim.objects.filter(shift__in=shifts_in_city).exists():
        return
    rng = _rng(ctx, "claims")
    now = timezone.now()
    members = _party_members(city)
    if not members:
        return
    by_community: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    for pk, path, unit_id in members:
        by_community[path[: Node.steplen * 4]].append((pk, unit_id))
    everyone = [(pk, unit_id) for pk, _path, unit_id in members]
    shifts = list(
        shifts_in_city.select_related("post__node")
        .order_by("pk")
        .values_list(
            "pk", "starts_at", "ends_at", "capacity", "post__node__path", "post__team_id", "post__is_emergency"
        )
    )
    claims = ctx.inserter(Claim)  # a batch at a time; kept as (shift, person, unit, status) for the hours below
    claimed: list[tuple[int, int, int | None, str]] = []
    taken: dict[int, set[int]] = defaultdict(set)
    demo_claim = _demo_member_claim(city, shifts_in_city)
    if demo_claim is not None:
        claims.add(demo_claim)
        claimed.append((demo_claim.shift_id, demo_claim.person_id, demo_claim.unit_id, demo_claim.status))
        taken[demo_claim.shift_id].add(demo_claim.person_id)
    target = ctx.count(CLAIMS)
    attempts = 0
    while claims.count < target and attempts < target * 5:
        attempts += 1
        pk, starts, _ends, capacity, path, _team, emergency = rng.choice(shifts)
        if len(taken[pk]) >= capacity:
            continue
        pool = everyone if emergency else by_community.get(path[: Node.steplen * 4]) or everyone
        person_id, unit_id = rng.choice(pool)
        if person_id in taken[pk]:
            continue
        taken[pk].add(person_id)
        claim = {"shift_id": pk, "person_id": person_id, "unit_id": unit_id, "status": ClaimStatus.ACTIVE}
        if starts > now and rng.random() < 0.05:
            claim["status"] = ClaimStatus.WITHDRAWN
            claim["withdrawn_at"] = now - datetime.timedelta(hours=rng.randint(1, 48))
        claims.add_row(**claim)
        claimed.append((pk, person_id, unit_id, claim["status"]))
    claims.flush()
    active = Claim.objects.filter(shift=OuterRef("pk"), status=ClaimStatus.ACTIVE).order_by().values("shift")
    shifts_in_city.update(claimed=Coalesce(Subquery(active.annotate(n=Count("pk")).values("n")), 0))
    created[str(Claim._meta.verbose_name_plural)] = claims.count

    # recorded hours: the active claims on past shifts, checked in and out
    shift_info = {row[0]: row for row in shifts}
    records = ctx.inserter(ServiceRecord)
    for shift_id, person_id, unit_id, status in claimed:
        pk, starts, ends, _cap, path, team_id, _emergency = shift_info[shift_id]
        if status != ClaimStatus.ACTIVE or ends > now or records.count >= ctx.count(PERSON_TIMES):
            continue
        community = community_of(path)
        if community is None:
            continue
        checked_in = starts - datetime.timedelta(minutes=rng.randint(0, 20))
        checked_out = ends + datetime.timedelta(minutes=rng.randint(-30, 15))
        hours = (min(checked_out, ends) - max(checked_in, starts)).total_seconds() / 3600
        records.add_row(
            kind=RecordKind.RECORDED,
            person_id=person_id,
            shift_id=pk,
            community_id=community.pk,
            unit_id=unit_id,
            team_id=team_id,
            served_on=timezone.localdate(starts, timezone.get_default_timezone()),
            checked_in_at=checked_in,
            checked_out_at=checked_out,
            hours=Decimal(str(round(hours, 2))),
            status=RecordStatus.APPROVED,
        )
    # declared hours, entered afterwards by the community: most approved, some waiting, a few declined
    communities = list({c for c in (community_of(path) for _pk, path, _u in members) if c is not None})
    communities.sort(key=lambda c: c.path)
    homes = {pk: (community_of(path), unit_id) for pk, path, unit_id in members}
    member_ids = [pk for pk, _path, _unit in members if homes[pk][0] is not None]
    while member_ids and records.count < ctx.count(PERSON_TIMES):
        person_id = rng.choice(member_ids)
        community, unit_id = homes[person_id]
        draw = rng.random()
        status = (
            RecordStatus.APPROVED if draw < 0.85 else RecordStatus.PENDING if draw < 0.97 else RecordStatus.DECLINED
        )
        served_on = ctx.today - datetime.timedelta(days=rng.randint(1, 365))
        record = {
            "kind": RecordKind.DECLARED,
            "person_id": person_id,
            "community_id": community.pk,
            "unit_id": unit_id,
            "served_on": served_on,
            "hours": Decimal(rng.choice(["1.00", "1.50", "2.00", "3.00", "4.00"])),
            "status": status,
            "note": "资料不全" if status == RecordStatus.DECLINED else "",
        }
        entered = _at(served_on, 20)
        if status == RecordStatus.PENDING:
            record["created_at"] = entered  # waiting since it was entered (kept on insert)
        else:
            record["decided_at"] = entered + datetime.timedelta(days=rng.uniform(0.5, 6))
        records.add_row(**record)
    records.flush()
    created[str(ServiceRecord._meta.verbose_name_plural)] = records.count


def _demo_accounts(city: Node) -> tuple[RoleAssignment | None, Node | None]:
    """The demo party member's account (with its person) and the demo's home community."""
    member = (
        RoleAssignment.objects.filter(role=Role.PARTY_MEMBER, user__username="member", user__person__isnull=False)
        .select_related("user__person")
        .first()
    )
    home = (
        RoleAssignment.objects.filter(role=Role.COMMUNITY_SECRETARY, user__username="community")
        .select_related("node")
        .first()
    )
    if home is None or not home.node.path.startswith(city.path):
        return member, None
    return member, home.node


def _demo_shift(city: Node) -> Shift | None:
    """A post in the home community with a shift tomorrow and the organiser's check-in code, for the demo party
    member to claim (the reminder, the check-in and the calendar then have something to show)."""
    _member, home = _demo_accounts(city)
    if home is None:
        return None
    post = Post.objects.create(
        title="敬老院助老",
        category=PostCategory.ELDER_CARE,
        node=home,
        place=f"{home.name}敬老院",
        eligibility=Eligibility.PARTY_MEMBERS,
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return Shift.objects.create(
        post=post,
        starts_at=_at(tomorrow, 9),
        ends_at=_at(tomorrow, 12),
        capacity=5,
        code=DEMO_CODE,
        code_expires_at=_at(tomorrow, 14),
    )


def _demo_member_claim(city: Node, shifts) -> Claim | None:
    member, home = _demo_accounts(city)
    shift = shifts.filter(code=DEMO_CODE, post__node=home).order_by("pk").first() if home else None
    if member is None or shift is None:
        return None
    person = member.user.person
    return Claim(shift=shift, person=person, unit_id=person.work_unit_id, claimed_by=member.user)


def reset(ctx: DemoContext) -> dict[str, int]:
    """Deletes every dual report, post (with its shifts and claims) and service record."""
    counts = {}
    for model in (ServiceRecord, DualReport, Post):
        _total, by_model = model.objects.all().delete()
        for label, n in by_model.items():
            counts[label] = counts.get(label, 0) + n
    return counts
