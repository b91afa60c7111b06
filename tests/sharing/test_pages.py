"""The venue browser: a week of slots, booking from a slot, errors that keep what was typed, the owner's
approval on the bookings list, open days, and bookings in the booker's calendar feed."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from alliances.services.calendar import calendar_feed_create
from sharing.models import Booking, OpenDay
from sharing.services import bookings as services
from tests.sharing.conftest import at

pytestmark = pytest.mark.django_db


def form(s, start="09:00", end="10:00", **extra):
    return {"day": s.day.isoformat(), "starts": start, "ends": end, "purpose": "支部活动", "attendees": "8", **extra}


def test_every_signed_in_account_browses_the_venues(client, sharing):
    client.force_login(sharing.resident)
    response = client.get(reverse("sharing:venues"), {"kind": "reading_room"})
    assert response.status_code == 200
    assert "东艺社区书屋" in response.content.decode()
    assert 'class="table table-cards' in response.content.decode()


def test_the_week_view_marks_booked_slots_and_links_free_ones(client, sharing):
    services.booking_create(
        user=sharing.owner,
        venue=sharing.venue,
        starts_at=at(sharing.day, "09:00"),
        ends_at=at(sharing.day, "10:00"),
        purpose="会",
    )
    client.force_login(sharing.unit_admin)
    html = client.get(
        reverse("sharing:venue", args=[sharing.venue.pk]), {"week": sharing.day.isoformat()}
    ).content.decode()
    # hourly slots from 08:30: the booking 09:00–10:00 takes 08:30 and 09:30
    assert f"day={sharing.day.isoformat()}&amp;at=10:30" in html
    assert f"day={sharing.day.isoformat()}&amp;at=08:30" not in html
    assert f"day={sharing.day.isoformat()}&amp;at=09:30" not in html


def test_a_member_books_from_the_page(client, sharing):
    client.force_login(sharing.unit_admin)
    response = client.post(reverse("sharing:venue_book", args=[sharing.venue.pk]), form(sharing))
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.booker, booking.status, booking.attendees) == (sharing.unit_admin, "pending", 8)


def test_an_overlapping_booking_is_refused_keeping_what_was_typed(client, sharing):
    services.booking_create(
        user=sharing.owner,
        venue=sharing.venue,
        starts_at=at(sharing.day, "09:00"),
        ends_at=at(sharing.day, "10:00"),
        purpose="会",
    )
    client.force_login(sharing.unit_admin)
    response = client.post(reverse("sharing:venue_book", args=[sharing.venue.pk]), form(sharing, "09:30", "10:30"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "already booked" in html
    assert "支部活动" in html
    assert Booking.objects.count() == 1


def test_over_capacity_is_an_error_on_attendees(client, sharing):
    client.force_login(sharing.unit_admin)
    response = client.post(reverse("sharing:venue_book", args=[sharing.venue.pk]), form(sharing, attendees="99"))
    assert response.status_code == 400
    assert "holds at most 20" in response.content.decode()
    assert not Booking.objects.exists()


def test_the_owner_approves_on_the_bookings_list(client, sharing):
    booking = services.booking_create(
        user=sharing.unit_admin,
        venue=sharing.venue,
        starts_at=at(sharing.day, "09:00"),
        ends_at=at(sharing.day, "10:00"),
        purpose="会",
    )
    client.force_login(sharing.owner)
    assert (
        reverse("sharing:booking_decide", args=[booking.pk]) in client.get(reverse("sharing:bookings")).content.decode()
    )
    client.post(reverse("sharing:booking_decide", args=[booking.pk]), {"decision": "approved"})
    assert Booking.objects.get().status == Booking.Status.APPROVED


def test_the_booker_cannot_decide_their_own_booking(client, sharing):
    booking = services.booking_create(
        user=sharing.unit_admin,
        venue=sharing.venue,
        starts_at=at(sharing.day, "09:00"),
        ends_at=at(sharing.day, "10:00"),
        purpose="会",
    )
    client.force_login(sharing.unit_admin)
    response = client.post(reverse("sharing:booking_decide", args=[booking.pk]), {"decision": "approved"})
    assert response.status_code == 403
    client.post(reverse("sharing:booking_cancel", args=[booking.pk]))
    assert Booking.objects.get().status == Booking.Status.CANCELLED


def test_the_owner_publishes_an_open_day_and_a_resident_books_it(client, sharing):
    client.force_login(sharing.owner)
    client.post(
        reverse("sharing:open_day_add", args=[sharing.venue.pk]), {"day": sharing.day.isoformat(), "note": "开放日"}
    )
    assert OpenDay.objects.filter(venue=sharing.venue, day=sharing.day).exists()
    client.force_login(sharing.resident)
    response = client.post(reverse("sharing:venue_book", args=[sharing.venue.pk]), form(sharing, attendees="2"))
    assert response.status_code == 302
    assert Booking.objects.get().booker == sharing.resident


def test_bookings_appear_in_the_bookers_calendar_feed(client, sharing):
    services.booking_create(
        user=sharing.unit_admin,
        venue=sharing.venue,
        starts_at=at(sharing.day, "09:00"),
        ends_at=at(sharing.day, "10:00"),
        purpose="会",
    )
    secret = calendar_feed_create(user=sharing.unit_admin)
    response = client.get(reverse("calendar_feed", args=[secret]))
    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    booking = [e for e in events if str(e["uid"]).startswith("booking-")]
    assert len(booking) == 1
    assert "东艺社区书屋" in str(booking[0]["summary"])
    assert str(booking[0]["status"]) == "TENTATIVE"
