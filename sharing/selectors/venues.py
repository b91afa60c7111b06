"""Queries of the venue browser: the venues a user may browse and book, a week of a venue's slots, and the
bookings a user made or may decide."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import scopes
from sharing.models import LIVE_STATUSES, Booking, OpenDay, Venue

SLOT_MINUTES = 60


def browsable(user) -> QuerySet[Venue]:
    """Every venue open for booking (the shared homes are a public directory to signed-in accounts), plus the
    closed ones in the user's scope."""
    in_scope = scopes.visible(user, Venue.objects.all()).values("pk")
    return Venue.objects.filter(Q(is_active=True) | Q(pk__in=in_scope))


def venue_list(*, user) -> QuerySet[Venue]:
    return browsable(user).select_related("community", "owner_unit").order_by("community__name", "name")


def may_see_venue(user, venue: Venue) -> bool:
    return venue.is_active or scopes.can_view(user, venue)


@dataclass
class Slot:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    free: bool
    past: bool


@dataclass
class Day:
    day: datetime.date
    open_day: bool
    slots: list[Slot]


def week_start(value: str | None) -> datetime.date:
    """The Monday of the week of ``value`` (YYYY-MM-DD), or of this week when it is missing or bad."""
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    return day - datetime.timedelta(days=day.weekday())


def week(venue: Venue, monday: datetime.date) -> list[Day]:
    """The venue's hourly slots from ``monday`` for seven days, each free or taken by a live booking (two
    queries: the bookings of the week and its open days)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=7)
    taken = list(
        Booking.objects.filter(venue=venue, status__in=LIVE_STATUSES, starts_at__lt=end, ends_at__gt=start).values_list(
            "starts_at", "ends_at"
        )
    )
    open_days = set(
        OpenDay.objects.filter(venue=venue, day__gte=monday, day__lt=monday + datetime.timedelta(days=7)).values_list(
            "day", flat=True
        )
    )
    now = timezone.now()
    days = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        slots = []
        at = datetime.datetime.combine(day, venue.opens_at, tzinfo=tz)
        closes = datetime.datetime.combine(day, venue.closes_at, tzinfo=tz)
        while at + datetime.timedelta(minutes=SLOT_MINUTES) <= closes:
            until = at + datetime.timedelta(minutes=SLOT_MINUTES)
            free = not any(s < until and e > at for s, e in taken)
            slots.append(Slot(at, until, free, at < now))
            at = until
        days.append(Day(day, day in open_days, slots))
    return days


def booking_list(*, user) -> QuerySet[Booking]:
    """The bookings the user made, and those of the venues the user owns or sees, newest first (an index:
    ``sharing_booking_newest``)."""
    bookings = Booking.objects.select_related("venue", "venue__community", "booker").order_by("-starts_at", "-pk")
    if scopes.sees_every(user, Booking):
        return bookings  # the city's office: a page read along the index, no condition tested on every booking
    in_scope = scopes.visible(user, Booking.objects.all()).values("pk")
    return bookings.filter(Q(booker=user) | Q(pk__in=in_scope))


def upcoming_bookings_of(user, *, since: datetime.datetime) -> QuerySet[Booking]:
    """The user's own live bookings from ``since`` on (their calendar feed)."""
    return (
        Booking.objects.filter(booker=user, status__in=LIVE_STATUSES, ends_at__gte=since)
        .select_related("venue")
        .order_by("starts_at")
    )
