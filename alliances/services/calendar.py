"""iCalendar feeds (RFC 5545) of upcoming joint meetings and activities, for phone calendars.

A feed (``CalendarFeed``) belongs to a user and is reached by its secret alone (phones cannot sign in); it
shows what that user may see, either everything in scope or one alliance. Only a digest of the secret is
stored, so the link is shown once, when it is made; the user deletes a link to revoke it, and changing or
resetting the password deletes them all.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts import scopes
from accounts.models import User
from alliances.models import PARTY_ORGANISATION, Activity, Alliance, CalendarFeed, JointMeeting

LOOKBACK_DAYS = 14  # keep the last two weeks, so a subscribed calendar does not lose this week's events
MAX_EVENTS = 1000  # per kind; a feed is for the days ahead, not an archive
DEFAULT_LENGTH = timedelta(hours=2)  # when no end is recorded
PRODID = "-//Liaoyuan//Party-building alliances//ZH"


MAX_FEEDS_PER_USER = 20


def feed_digest(secret: str) -> str:
    """Returns the stored form of a feed secret: its SHA-256, hex (the secret is 256 random bits, so a
    plain hash is as strong as a slow one and lets the feed be found by one indexed lookup)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def calendar_feed_create(*, user: User, alliance: Alliance | None = None) -> str:
    """Makes a new calendar link for ``user`` (everything in scope, or ``alliance`` alone) and returns its
    secret, which is not stored and cannot be shown again. Raises ``Http404`` for an alliance outside the
    user's scope; past ``MAX_FEEDS_PER_USER`` the oldest link is deleted."""
    if alliance is not None:
        scopes.visible_or_404(user, Alliance.objects.all(), pk=alliance.pk)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.create(user=user, alliance=alliance, digest=feed_digest(secret))
        newest_first = CalendarFeed.objects.filter(user=user).order_by("-created_at", "-pk")
        stale = list(newest_first.values_list("pk", flat=True)[MAX_FEEDS_PER_USER:])
        if stale:
            CalendarFeed.objects.filter(pk__in=stale).delete()
    return secret


def calendar_feed_revoke(*, user: User, feed_id: int) -> None:
    """Deletes one of the user's calendar links (its URL stops working); 404 when it is not theirs."""
    deleted, _rows = CalendarFeed.objects.filter(user=user, pk=feed_id).delete()
    if not deleted:
        raise Http404


def user_feeds(*, user: User) -> QuerySet[CalendarFeed]:
    """Returns the user's calendar links, newest first, with their alliance."""
    return CalendarFeed.objects.filter(user=user).select_related("alliance").order_by("-created_at", "-pk")


def feed_lookup(secret: str) -> CalendarFeed | None:
    """Returns the feed whose secret is ``secret`` when its user is active, or None (empty, unknown or
    revoked secret)."""
    if not secret:
        return None
    return (
        CalendarFeed.objects.filter(digest=feed_digest(secret), user__is_active=True)
        .select_related("user", "alliance")
        .first()
    )


def upcoming_meetings(*, user, alliance: Alliance | None = None, now: datetime | None = None) -> QuerySet:
    """Returns the joint meetings the user may see that are not cancelled and start from
    ``LOOKBACK_DAYS`` ago on, in ``alliance`` when given, by start, with alliance and host joined."""
    since = (now or timezone.now()) - timedelta(days=LOOKBACK_DAYS)
    qs = scopes.visible(user, JointMeeting.objects.all()).exclude(status=JointMeeting.Status.CANCELLED)
    if alliance is not None:
        qs = qs.filter(alliance=alliance)
    return qs.filter(starts_at__gte=since).select_related("alliance", "host_unit").order_by("starts_at")[:MAX_EVENTS]


def upcoming_activities(*, user, alliance: Alliance | None = None, now: datetime | None = None) -> QuerySet:
    """Returns the activities the user may see that start from ``LOOKBACK_DAYS`` ago on, in ``alliance``
    when given, by start, with alliance and organiser joined."""
    since = (now or timezone.now()) - timedelta(days=LOOKBACK_DAYS)
    qs = scopes.visible(user, Activity.objects.all())
    if alliance is not None:
        qs = qs.filter(alliance=alliance)
    return (
        qs.filter(starts_at__gte=since)
        .select_related("alliance", "organisation", "organiser_unit")
        .order_by("starts_at")[:MAX_EVENTS]
    )


# Other apps add events to a user's own feed (never to an alliance's): ``source(user=, now=, host=, base_url=,
# make_event=)`` returns iCalendar events (``make_event`` is ``_event``). E.g. sharing adds the user's bookings.
EVENT_SOURCES: list = []


def register_event_source(source):
    """Adds ``source`` to every user's whole feed; returns it (usable as a decorator)."""
    if source not in EVENT_SOURCES:
        EVENT_SOURCES.append(source)
    return source


def _event(*, uid: str, start: datetime, end: datetime | None, stamp: datetime, modified: datetime) -> Event:
    """Returns an event with its identity and times: local times with TZID, stamps in UTC."""
    tz = timezone.get_current_timezone()
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("last-modified", modified.astimezone(UTC))
    event.add("dtstart", timezone.localtime(start, tz))
    event.add("dtend", timezone.localtime(end if end is not None else start + DEFAULT_LENGTH, tz))
    return event


def calendar_feed(*, user, base_url: str, alliance: Alliance | None = None, now: datetime | None = None) -> bytes:
    """Returns the iCalendar feed (bytes, UTF-8) of the user's upcoming meetings and activities, or those
    of ``alliance`` only. Draft meetings are marked tentative, the rest confirmed; cancelled meetings are
    left out. ``base_url`` (scheme and host) makes the events' links and unique ids."""
    now = now or timezone.now()
    base_url = base_url.rstrip("/")
    host = urlsplit(base_url).hostname or "liaoyuan"
    name = alliance.name if alliance is not None else (user.get_full_name() or user.username)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Liaoyuan: %(name)s") % {"name": name})
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")

    for meeting in upcoming_meetings(user=user, alliance=alliance, now=now):
        event = _event(
            uid=f"meeting-{meeting.pk}@{host}",
            start=meeting.starts_at,
            end=meeting.ends_at,
            stamp=now,
            modified=meeting.updated_at,
        )
        event.add("summary", _("Joint meeting: %(title)s") % {"title": meeting.title})
        event.add("location", meeting.place)
        host_name = meeting.host_unit.name if meeting.host_unit else PARTY_ORGANISATION
        event.add(
            "description",
            _("%(alliance)s. Hosted by %(host)s. Status: %(status)s.")
            % {"alliance": meeting.alliance.name, "host": host_name, "status": meeting.get_status_display()},
        )
        event.add("status", "TENTATIVE" if meeting.status == JointMeeting.Status.DRAFT else "CONFIRMED")
        event.add("categories", [_("Joint meeting")])
        event.add("url", base_url + meeting.get_absolute_url())
        cal.add_component(event)

    for activity in upcoming_activities(user=user, alliance=alliance, now=now):
        event = _event(
            uid=f"activity-{activity.pk}@{host}",
            start=activity.starts_at,
            end=activity.ends_at,
            stamp=now,
            modified=activity.updated_at,
        )
        event.add("summary", _("%(kind)s: %(title)s") % {"kind": activity.get_kind_display(), "title": activity.title})
        event.add("location", activity.place)
        organiser = activity.organiser_unit.name if activity.organiser_unit else PARTY_ORGANISATION
        if activity.organisation_id:  # a party organisation's own activity
            organiser = activity.organisation.name
        event.add(
            "description",
            _("%(alliance)s. Organised by %(organiser)s.") % {"alliance": activity.runner_name, "organiser": organiser}
            + (f"\n{activity.description}" if activity.description else ""),
        )
        event.add("status", "CONFIRMED")
        event.add("categories", [str(activity.get_kind_display())])
        event.add("url", base_url + activity.get_absolute_url())
        cal.add_component(event)

    if alliance is None:
        for source in EVENT_SOURCES:
            for event in source(user=user, now=now, host=host, base_url=base_url, make_event=_event):
                cal.add_component(event)

    cal.add_missing_timezones()
    return cal.to_ical()
