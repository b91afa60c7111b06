"""Demo data of resource sharing: the shared homes (城市共享家园) of the city's report at scale 1 — 107 venues
adding 8,000 m², 11 of them reading rooms — with residents' open days and a few weeks of bookings; about 3,500
job postings of the member units with 2,600 referrals of which 1,241 ended in employment; training sessions
with about 7,000 attendances (955 of them community workers'); and the community workers' check-ins at the
8:30 class over the last six weeks (most days, so streaks and rates vary).

Venues go round the communities in tree order, so the demo's home community has some; bookings are made
by the demo accounts (the resident's on an open day) one after another, so none overlap.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from grids.models import Node
from liaoyuan.core.demo import DemoContext, split
from people.models import Duty, DutyKind, Person
from sharing.models import (
    Booking,
    ClassCheckIn,
    JobPosting,
    JobReferral,
    OpenDay,
    ReferralOutcome,
    Training,
    TrainingAttendance,
    Venue,
    VenueKind,
)
from sharing.services.classes import CLASS_STARTS, is_class_day
from units.models import MemberUnit

SHARED_HOMES = 107
AREA_ADDED_M2 = 8_000
READING_ROOMS = 11
BOOKINGS_PER_VENUE = 3
PURPOSES = ["党员活动日", "居民议事会", "读书分享会", "志愿服务培训", "文艺排练", "政策宣讲"]
OTHER_KINDS = [
    VenueKind.SERVICE_STATION,
    VenueKind.MEETING_ROOM,
    VenueKind.CULTURE_SPORTS,
    VenueKind.SERVICE_CENTRE,
    VenueKind.MEETING_ROOM,
    VenueKind.PARKING,
]
NAMES = {
    VenueKind.SERVICE_CENTRE: "党群服务中心",
    VenueKind.SERVICE_STATION: "党群服务站",
    VenueKind.MEETING_ROOM: "会议室",
    VenueKind.CULTURE_SPORTS: "文体活动室",
    VenueKind.READING_ROOM: "共享书屋",
    VenueKind.PARKING: "共享停车场",
}


def _demo_user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def seed(ctx: DemoContext) -> dict[str, int]:
    if Venue.objects.exists():
        return {}
    communities = list(Node.objects.filter(kind=Node.Kind.COMMUNITY).order_by("path"))
    if not communities:
        return {}
    count = ctx.count(SHARED_HOMES)
    reading = min(ctx.count(READING_ROOMS), count)
    areas = split(max(ctx.count(AREA_ADDED_M2), count), count, ctx.rng)
    units_by_community: dict[int, list[MemberUnit]] = {}
    for unit in MemberUnit.objects.order_by("pk"):
        units_by_community.setdefault(unit.location_id, []).append(unit)
    venues = []
    seen: dict[tuple[int, str], int] = {}
    for i in range(count):
        community = communities[i % len(communities)]
        kind = VenueKind.READING_ROOM if i < reading else OTHER_KINDS[i % len(OTHER_KINDS)]
        key = (community.pk, kind)
        seen[key] = seen.get(key, 0) + 1
        name = f"{community.name}{NAMES[kind]}" + (f"{seen[key]}" if seen[key] > 1 else "")
        units = units_by_community.get(community.pk, [])
        owner = units[i % len(units)] if units and i % 3 == 2 else None
        added = Decimal(areas[i])
        venues.append(
            Venue(
                community=community,
                owner_unit=owner,
                name=name,
                kind=kind,
                address=f"{community.name}{ctx.rng.randint(1, 99)}号",
                area_m2=added + Decimal(ctx.rng.choice([0, 20, 40, 60])),
                area_added_m2=added,
                capacity=ctx.rng.choice([10, 20, 30, 50, 80]),
                opens_at=datetime.time(8, 30),
                closes_at=datetime.time(17, 30) if kind != VenueKind.READING_ROOM else datetime.time(20, 0),
                facilities=ctx.rng.choice(["桌椅、投影仪", "图书2000册、阅读桌", "音响、乒乓球台", "无线网络、白板"]),
                needs_approval=i % 4 != 3,
                open_to_residents=kind != VenueKind.PARKING,
            )
        )
    ctx.bulk_create(Venue, venues, _("venues"))
    venues = list(Venue.objects.order_by("pk"))

    today = ctx.today
    saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7 or 7)
    open_days = [OpenDay(venue=v, day=saturday, note=_("Residents' open day")) for v in venues if v.open_to_residents]
    ctx.bulk_create(OpenDay, open_days, _("open days"))

    bookers = [u for u in (_demo_user(n) for n in ("unit", "member", "community", "worker")) if u is not None]
    resident = _demo_user("resident")
    if not bookers:
        bookers = list(User.objects.filter(is_superuser=False).order_by("pk")[:3])
    tz = timezone.get_current_timezone()
    bookings = []
    for n, venue in enumerate(venues):
        day = today + datetime.timedelta(days=1 + n % 5)
        for k in range(BOOKINGS_PER_VENUE if bookers else 0):
            start = datetime.datetime.combine(day, datetime.time(9 + 2 * k, 0), tzinfo=tz)
            status = Booking.Status.PENDING if venue.needs_approval and k == 0 else Booking.Status.APPROVED
            bookings.append(
                Booking(
                    venue=venue,
                    booker=bookers[(n + k) % len(bookers)],
                    purpose=PURPOSES[(n + k) % len(PURPOSES)],
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=1, minutes=30),
                    attendees=max(1, min(venue.capacity, ctx.rng.randint(5, 30))),
                    status=status,
                )
            )
        if resident is not None and venue.open_to_residents:
            start = datetime.datetime.combine(saturday, datetime.time(15, 0), tzinfo=tz)
            bookings.append(
                Booking(
                    venue=venue,
                    booker=resident,
                    purpose=_("Reading with the children"),
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=1),
                    attendees=2,
                    status=Booking.Status.PENDING if venue.needs_approval else Booking.Status.APPROVED,
                )
            )
    ctx.bulk_create(Booking, bookings, _("bookings"))
    return {
        str(Venue._meta.verbose_name_plural): len(venues),
        str(OpenDay._meta.verbose_name_plural): len(open_days),
        str(Booking._meta.verbose_name_plural): len(bookings),
        **_seed_jobs(ctx, communities),
        **_seed_trainings(ctx, communities),
        **_seed_class(ctx),
    }


JOB_POSTINGS = 3_500
REFERRALS = 2_600
EMPLOYED = 1_241
POSITIONS = ["保洁员", "保安", "收银员", "网格辅助员", "养老护理员", "快递分拣员", "厨师", "会计", "电工", "客服专员"]
REQUIREMENTS = [
    "身体健康，责任心强",
    "有相关工作经验者优先",
    "高中及以上学历",
    "持有相关资格证书",
    "吃苦耐劳，服从安排",
]


def _residents(communities: list[Node], per_community: int) -> dict[int, list[int]]:
    """The first ``per_community`` people living in each community (their ids), one query per community (sorted
    here: "ORDER BY pk LIMIT" leads the planner to walk the whole table's key)."""
    return {
        c.pk: sorted(Person.objects.filter(node__path__startswith=c.path).values_list("pk", flat=True))[:per_community]
        for c in communities
    }


def _seed_jobs(ctx: DemoContext, communities: list[Node]) -> dict[str, int]:
    units = list(MemberUnit.objects.select_related("location").order_by("pk"))
    if not units or not communities:
        return {}
    by_path = {c.path: c for c in communities}
    postings = []
    for i in range(ctx.count(JOB_POSTINGS)):
        unit = units[i % len(units)]
        community = by_path.get(unit.location.path) or communities[i % len(communities)]
        published = ctx.days_ago(0, 700)
        low = ctx.rng.choice([2000, 2500, 3000, 3500, 4000])
        postings.append(
            JobPosting(
                unit=unit,
                community=community,
                position=POSITIONS[i % len(POSITIONS)],
                headcount=ctx.rng.randint(1, 5),
                requirements=ctx.rng.choice(REQUIREMENTS),
                pay_min=Decimal(low),
                pay_max=Decimal(low + ctx.rng.choice([500, 1000, 2000])),
                contact=f"{unit.leader or unit.name[:4]} 0437-{3000000 + i % 999999}",
                published_on=published,
                closes_on=published + datetime.timedelta(days=ctx.rng.randint(20, 90)),
            )
        )
    postings = ctx.bulk_create(JobPosting, postings, _("job postings"))
    referrals_n = ctx.count(REFERRALS)
    employed_n = min(ctx.count(EMPLOYED), referrals_n)
    by_community: dict[int, list[JobPosting]] = {}
    for posting in postings:
        by_community.setdefault(posting.community_id, []).append(posting)
    per_community = referrals_n // max(len(by_community), 1) + 2
    residents = _residents([c for c in communities if c.pk in by_community], per_community)
    referrals, pairs = [], set()
    communities_with_people = [c for c in by_community if residents.get(c)]
    for attempt in range(3 * referrals_n if communities_with_people else 0):
        if len(referrals) >= referrals_n:
            break
        community_id = communities_with_people[attempt % len(communities_with_people)]
        posting = ctx.rng.choice(by_community[community_id])
        person = ctx.rng.choice(residents[community_id])
        if (posting.pk, person) in pairs:
            continue
        pairs.add((posting.pk, person))
        referred = min(posting.published_on + datetime.timedelta(days=ctx.rng.randint(0, 15)), ctx.today)
        employed = len(referrals) < employed_n
        outcome = (
            ReferralOutcome.EMPLOYED
            if employed
            else ctx.rng.choice([ReferralOutcome.REFERRED, ReferralOutcome.INTERVIEWED, ReferralOutcome.NOT_EMPLOYED])
        )
        employed_on = min(referred + datetime.timedelta(days=ctx.rng.randint(3, 20)), ctx.today) if employed else None
        referrals.append(
            JobReferral(
                posting=posting, person_id=person, referred_on=referred, outcome=outcome, employed_on=employed_on
            )
        )
    ctx.bulk_create(JobReferral, referrals, _("job referrals"))
    return {
        str(JobPosting._meta.verbose_name_plural): len(postings),
        str(JobReferral._meta.verbose_name_plural): len(referrals),
    }


ATTENDANCES = 7_000
WORKER_ATTENDANCES = 955
PER_SESSION = 20
TOPICS = ["就业技能培训", "家政服务培训", "电商直播培训", "养老护理培训", "急救知识培训", "党的创新理论学习"]
WORKER_TOPICS = ["社区工作者业务培训", "网格化管理培训", "群众工作方法培训"]
PROVIDERS = ["市人社局", "区职业技能培训中心", "市委党校", "红十字会", "辽源职业技术学院"]


def _seed_trainings(ctx: DemoContext, communities: list[Node]) -> dict[str, int]:
    if not communities:
        return {}
    total = ctx.count(ATTENDANCES)
    worker_total = min(ctx.count(WORKER_ATTENDANCES), total)
    workers_by_street: dict[str, list[int]] = {}
    for person_id, path in Duty.objects.filter(kind=DutyKind.COMMUNITY_WORKER, ended_on__isnull=True).values_list(
        "person_id", "node__path"
    ):
        workers_by_street.setdefault(path[: 3 * Node.steplen], []).append(person_id)  # the street's path (depth 3)
    sessions: list[tuple[Training, list[int]]] = []
    # community workers' sessions, held by their street
    streets = {s.path: s for s in Node.objects.filter(path__in=list(workers_by_street))}
    left = worker_total if workers_by_street else 0
    i = 0
    while left > 0:
        path = sorted(workers_by_street)[i % len(workers_by_street)]
        people = workers_by_street[path]
        n = min(left, len(people), PER_SESSION)
        training = Training(
            node=streets.get(path) or communities[0],
            topic=WORKER_TOPICS[i % len(WORKER_TOPICS)],
            provider=ctx.rng.choice(PROVIDERS),
            held_on=ctx.days_ago(1, 700),
            place=_("Street party–mass service centre"),
            hours=Decimal(ctx.rng.choice([2, 3, 4])),
        )
        sessions.append((training, ctx.rng.sample(people, n)))
        left -= n
        i += 1
    # residents' sessions, held by a community
    resident_total = total - (worker_total if workers_by_street else 0)
    per_community = PER_SESSION * 2
    residents = _residents(communities, per_community)
    j = 0
    while resident_total > 0 and any(residents.values()):
        community = communities[j % len(communities)]
        j += 1
        people = residents.get(community.pk) or []
        if not people:
            continue
        n = min(resident_total, len(people), PER_SESSION)
        training = Training(
            node=community,
            topic=TOPICS[j % len(TOPICS)],
            provider=ctx.rng.choice(PROVIDERS),
            held_on=ctx.days_ago(1, 700),
            place=f"{community.name}党群服务站",
            hours=Decimal(ctx.rng.choice([2, 3, 4])),
        )
        sessions.append((training, ctx.rng.sample(people, n)))
        resident_total -= n
    ctx.bulk_create(Training, [t for t, _people in sessions], _("training sessions"))
    rows = [TrainingAttendance(training=t, person_id=p) for t, people in sessions for p in people]
    ctx.bulk_create(TrainingAttendance, rows, _("training attendance"))
    return {
        str(Training._meta.verbose_name_plural): len(sessions),
        str(TrainingAttendance._meta.verbose_name_plural): len(rows),
    }


CLASS_WEEKS = 6
CLASS_RATES = (0.95, 0.85, 0.7)  # the share of class days each worker checked in on


def _seed_class(ctx: DemoContext) -> dict[str, int]:
    days = [
        ctx.today - datetime.timedelta(days=n)
        for n in range(1, CLASS_WEEKS * 7 + 1)
        if is_class_day(ctx.today - datetime.timedelta(days=n))
    ]
    tz = timezone.get_current_timezone()
    rows = []
    duties = Duty.objects.filter(kind=DutyKind.COMMUNITY_WORKER, ended_on__isnull=True).order_by("pk")
    for k, (person_id, node_id, started_on) in enumerate(duties.values_list("person_id", "node_id", "started_on")):
        rate = CLASS_RATES[k % len(CLASS_RATES)]
        for day in days:
            if day < started_on or ctx.rng.random() > rate:
                continue
            at = datetime.datetime.combine(day, CLASS_STARTS, tzinfo=tz) - datetime.timedelta(
                minutes=ctx.rng.randint(0, 25)
            )
            rows.append(ClassCheckIn(person_id=person_id, community_id=node_id, day=day, checked_in_at=at))
    ctx.bulk_create(ClassCheckIn, rows, _("class check-ins"))
    return {str(ClassCheckIn._meta.verbose_name_plural): len(rows)}


def reset(ctx: DemoContext) -> dict[str, int]:
    bookings = Booking.objects.all().delete()[0]
    ClassCheckIn.objects.all().delete()
    TrainingAttendance.objects.all().delete()
    Training.objects.all().delete()
    JobReferral.objects.all().delete()
    JobPosting.objects.all().delete()
    return {
        str(Booking._meta.verbose_name_plural): bookings,
        str(Venue._meta.verbose_name_plural): Venue.objects.all().delete()[0],
    }
