"""Demo data of resource sharing: the shared homes (城市共享家园) of the city's report at scale 1 — 107 venues
adding 8,000 m², 11 of them reading rooms — with residents' open days and a few weeks of bookings.

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
from sharing.models import Booking, OpenDay, Venue, VenueKind
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
    }


def reset(ctx: DemoContext) -> dict[str, int]:
    bookings = Booking.objects.all().delete()[0]
    return {
        str(Booking._meta.verbose_name_plural): bookings,
        str(Venue._meta.verbose_name_plural): Venue.objects.all().delete()[0],
    }
