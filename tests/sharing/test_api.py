"""The API of the shared venues and bookings: a directory of venues, booking through the service (bad bookings a
400 with field errors and nothing stored), the owner's approval, scoped on every object."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from sharing.models import Booking, OpenDay, Venue
from tests.sharing.conftest import at

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def booking_body(s, start="09:00", end="10:00", **extra):
    return {
        "venue": s.venue.pk,
        "starts_at": at(s.day, start).isoformat(),
        "ends_at": at(s.day, end).isoformat(),
        "purpose": "读书会",
        **extra,
    }


def fields_of(response) -> set[str]:
    return set(response.data["error"]["fields"])


def test_the_venue_directory_lists_open_venues_with_their_coming_open_days(sharing):
    OpenDay.objects.create(venue=sharing.venue, day=sharing.day)
    response = api(sharing.resident).get("/api/v1/venues/", {"kind": "reading_room"})
    assert response.status_code == 200
    [venue] = response.data["results"]
    assert venue["name"] == "东艺社区书屋" and venue["open_days"][0]["day"] == sharing.day.isoformat()
    assert api(sharing.resident).get("/api/v1/venues/", {"kind": "parking"}).data["results"] == []


def test_a_closed_venue_is_seen_by_its_owners_only(sharing):
    Venue.objects.filter(pk=sharing.venue.pk).update(is_active=False)
    assert api(sharing.outsider).get(f"/api/v1/venues/{sharing.venue.pk}/").status_code == 404
    assert api(sharing.owner).get(f"/api/v1/venues/{sharing.venue.pk}/").status_code == 200


def test_a_member_books_and_the_owner_approves(sharing):
    response = api(sharing.unit_admin).post("/api/v1/bookings/", booking_body(sharing), format="json")
    assert response.status_code == 201 and response.data["status"] == "pending"
    pk = response.data["id"]
    assert api(sharing.unit_admin).post(f"/api/v1/bookings/{pk}/approve/").status_code == 403
    approved = api(sharing.owner).post(f"/api/v1/bookings/{pk}/approve/")
    assert approved.status_code == 200 and approved.data["status"] == "approved"
    again = api(sharing.owner).post(f"/api/v1/bookings/{pk}/approve/")
    assert again.status_code == 400 and fields_of(again) == {"status"}


def test_the_owner_declines_with_a_reason(sharing):
    pk = api(sharing.unit_admin).post("/api/v1/bookings/", booking_body(sharing), format="json").data["id"]
    assert fields_of(api(sharing.owner).post(f"/api/v1/bookings/{pk}/decline/", {}, format="json")) == {
        "decline_reason"
    }
    declined = api(sharing.owner).post(f"/api/v1/bookings/{pk}/decline/", {"decline_reason": "维修"}, format="json")
    assert declined.data["status"] == "declined" and declined.data["decline_reason"] == "维修"


def test_the_booker_cancels_and_the_slot_is_free_again(sharing):
    pk = api(sharing.unit_admin).post("/api/v1/bookings/", booking_body(sharing), format="json").data["id"]
    assert api(sharing.unit_admin).post(f"/api/v1/bookings/{pk}/cancel/").data["status"] == "cancelled"
    assert api(sharing.owner).post("/api/v1/bookings/", booking_body(sharing), format="json").status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": "09:30", "ends_at": "10:30"}, "starts_at"),  # overlaps the booking made first
        ({"starts_at": "06:00", "ends_at": "07:00"}, "starts_at"),  # before the venue opens
        ({"starts_at": "17:00", "ends_at": "18:30"}, "starts_at"),  # after it closes
        ({"attendees": 21}, "attendees"),  # over capacity (20)
        ({"past": True}, "starts_at"),
    ],
)
def test_a_bad_booking_is_a_400_with_the_field_error_and_nothing_is_stored(sharing, change, field):
    api(sharing.unit_admin).post("/api/v1/bookings/", booking_body(sharing), format="json")
    body = booking_body(sharing, "11:00", "12:00")
    if change.pop("past", False):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        body["starts_at"] = at(yesterday, "09:00").isoformat()
        body["ends_at"] = at(yesterday, "10:00").isoformat()
    for name in ("starts_at", "ends_at"):
        if name in change:
            body[name] = at(sharing.day, change.pop(name)).isoformat()
    body.update(change)
    response = api(sharing.owner).post("/api/v1/bookings/", body, format="json")
    assert response.status_code == 400
    assert field in fields_of(response)
    assert Booking.objects.count() == 1


def test_the_errors_speak_chinese(sharing, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    api(sharing.unit_admin).post("/api/v1/bookings/", booking_body(sharing), format="json")
    client = api(sharing.owner)
    response = client.post("/api/v1/bookings/", booking_body(sharing), format="json")
    assert response.status_code == 400
    message = response.data["error"]["fields"]["starts_at"][0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_a_resident_books_on_an_open_day_only(sharing):
    refused = api(sharing.resident).post("/api/v1/bookings/", booking_body(sharing), format="json")
    assert refused.status_code == 400 and fields_of(refused) == {"starts_at"}
    OpenDay.objects.create(venue=sharing.venue, day=sharing.day)
    assert api(sharing.resident).post("/api/v1/bookings/", booking_body(sharing), format="json").status_code == 201


def test_bookings_are_seen_by_the_booker_and_the_owners_only(sharing):
    pk = api(sharing.unit_admin).post("/api/v1/bookings/", booking_body(sharing), format="json").data["id"]
    assert api(sharing.outsider).get(f"/api/v1/bookings/{pk}/").status_code == 404
    assert api(sharing.outsider).post(f"/api/v1/bookings/{pk}/cancel/").status_code == 404
    assert api(sharing.outsider).get("/api/v1/bookings/").data["results"] == []
    assert [b["id"] for b in api(sharing.owner).get("/api/v1/bookings/", {"status": "pending"}).data["results"]] == [pk]
    assert api(sharing.owner).get("/api/v1/bookings/", {"status": "approved"}).data["results"] == []
