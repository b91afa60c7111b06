"""The user's venue bookings in their calendar feed (the one feed of ``alliances.services.calendar``)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from sharing.models import Booking
from sharing.selectors.venues import upcoming_bookings_of

LOOKBACK_DAYS = 14
MAX_EVENTS = 200


def booking_events(*, user, now, host: str, base_url: str, make_event):
    """Events of the user's live bookings from two weeks ago on: tentative while awaiting approval."""
    for booking in upcoming_bookings_of(user, since=now - timedelta(days=LOOKBACK_DAYS))[:MAX_EVENTS]:
        event = make_event(
            uid=f"booking-{booking.pk}@{host}",
            start=booking.starts_at,
            end=booking.ends_at,
            stamp=now,
            modified=booking.updated_at,
        )
        event.add("summary", _("Booking: %(venue)s") % {"venue": booking.venue.name})
        event.add("location", booking.venue.address or booking.venue.name)
        event.add(
            "description",
            _("%(purpose)s. %(people)d people. Status: %(status)s.")
            % {"purpose": booking.purpose, "people": booking.attendees, "status": booking.get_status_display()},
        )
        event.add("status", "TENTATIVE" if booking.status == Booking.Status.PENDING else "CONFIRMED")
        event.add("categories", [_("Venue booking")])
        event.add("url", base_url + reverse("sharing:venue", args=[booking.venue_id]))
        yield event
