"""Booking a shared venue: no two live bookings overlap, bookings keep to opening hours, capacity and the
future, residents book on open days only, the owner approves or declines."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from accounts import scopes
from accounts.models import Role
from sharing.models import Booking
from sharing.selectors.venues import booking_list
from sharing.services import bookings as services
from tests.factories import user_with_role
from tests.sharing.conftest import at

pytestmark = pytest.mark.django_db


def book(s, user, start, end, **kwargs):
    kwargs.setdefault("purpose", "读书会")
    return services.booking_create(
        user=user, venue=s.venue, starts_at=at(s.day, start), ends_at=at(s.day, end), **kwargs
    )


def test_a_member_books_and_the_booking_awaits_the_owners_approval(sharing):
    booking = book(sharing, sharing.unit_admin, "09:00", "10:00")
    assert booking.status == Booking.Status.PENDING
    approved = services.booking_approve(user=sharing.owner, booking=booking)
    assert approved.status == Booking.Status.APPROVED
    assert approved.decided_by == sharing.owner


def test_a_venue_without_approval_confirms_the_booking_at_once(sharing):
    sharing.venue.needs_approval = False
    sharing.venue.save()
    assert book(sharing, sharing.unit_admin, "09:00", "10:00").status == Booking.Status.APPROVED


@pytest.mark.parametrize(
    ("start", "end"), [("09:00", "10:00"), ("09:30", "09:45"), ("08:45", "09:15"), ("09:59", "11:00")]
)
def test_an_overlapping_booking_is_refused_and_nothing_is_stored(sharing, start, end):
    book(sharing, sharing.unit_admin, "09:00", "10:00")
    with pytest.raises(ValidationError) as error:
        book(sharing, sharing.owner, start, end)
    assert list(error.value.message_dict) == ["starts_at"]
    assert Booking.objects.count() == 1


def test_a_booking_may_start_when_the_previous_one_ends(sharing):
    book(sharing, sharing.unit_admin, "09:00", "10:00")
    book(sharing, sharing.owner, "10:00", "11:00")
    assert Booking.objects.count() == 2


def test_a_declined_or_cancelled_booking_frees_its_slot(sharing):
    first = book(sharing, sharing.unit_admin, "09:00", "10:00")
    services.booking_decline(user=sharing.owner, booking=first, reason="维修")
    second = book(sharing, sharing.unit_admin, "09:00", "10:00")
    services.booking_cancel(user=sharing.unit_admin, booking=second)
    assert book(sharing, sharing.owner, "09:00", "10:00").is_live


def test_declining_needs_a_reason(sharing):
    booking = book(sharing, sharing.unit_admin, "09:00", "10:00")
    with pytest.raises(ValidationError) as error:
        services.booking_decline(user=sharing.owner, booking=booking, reason=" ")
    assert list(error.value.message_dict) == ["decline_reason"]


def test_only_the_venues_owners_decide(sharing):
    booking = book(sharing, sharing.unit_admin, "09:00", "10:00")
    for user in (sharing.outsider, sharing.unit_admin, sharing.resident):
        with pytest.raises(PermissionDenied):
            services.booking_approve(user=user, booking=booking)
    assert Booking.objects.get().status == Booking.Status.PENDING


def test_a_decided_booking_is_not_decided_again(sharing):
    booking = services.booking_approve(user=sharing.owner, booking=book(sharing, sharing.unit_admin, "09:00", "10:00"))
    with pytest.raises(ValidationError):
        services.booking_decline(user=sharing.owner, booking=booking, reason="改期")


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("07:00", "09:00", "starts_at"), ("17:00", "18:00", "starts_at"), ("10:00", "09:00", "ends_at")],
)
def test_bookings_outside_opening_hours_or_backwards_are_refused(sharing, start, end, field):
    with pytest.raises(ValidationError) as error:
        book(sharing, sharing.unit_admin, start, end)
    assert field in error.value.message_dict
    assert not Booking.objects.exists()


def test_a_booking_in_the_past_is_refused(sharing):
    sharing.day = sharing.day - datetime.timedelta(days=14)
    with pytest.raises(ValidationError) as error:
        book(sharing, sharing.unit_admin, "09:00", "10:00")
    assert "starts_at" in error.value.message_dict


def test_more_people_than_the_venue_holds_are_refused(sharing):
    with pytest.raises(ValidationError) as error:
        book(sharing, sharing.unit_admin, "09:00", "10:00", attendees=21)
    assert list(error.value.message_dict) == ["attendees"]


def test_a_resident_books_on_an_open_day_only(sharing):
    with pytest.raises(ValidationError) as error:
        book(sharing, sharing.resident, "09:00", "10:00")
    assert list(error.value.message_dict) == ["starts_at"]
    services.open_day_add(user=sharing.owner, venue=sharing.venue, day=sharing.day, note="居民开放日")
    booking = book(sharing, sharing.resident, "09:00", "10:00")
    assert booking.status == Booking.Status.PENDING


def test_a_venue_closed_to_residents_refuses_them_even_on_open_days(sharing):
    services.open_day_add(user=sharing.owner, venue=sharing.venue, day=sharing.day)
    sharing.venue.open_to_residents = False
    sharing.venue.save()
    with pytest.raises(ValidationError):
        book(sharing, sharing.resident, "09:00", "10:00")


def test_only_owners_publish_open_days(sharing):
    with pytest.raises(PermissionDenied):
        services.open_day_add(user=sharing.outsider, venue=sharing.venue, day=sharing.day)


def test_the_booker_sees_their_booking_and_an_outsider_does_not(sharing):
    services.open_day_add(user=sharing.owner, venue=sharing.venue, day=sharing.day)
    booking = book(sharing, sharing.resident, "09:00", "10:00")
    assert scopes.can_view(sharing.resident, booking)
    assert scopes.can_view(sharing.owner, booking)
    assert not scopes.can_view(sharing.outsider, booking)
    assert scopes.can_change(sharing.resident, booking)


def test_the_database_refuses_an_overlap_that_skips_the_service(sharing):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    fields = {"venue": sharing.venue, "booker": sharing.owner, "purpose": "x"}
    Booking.objects.create(starts_at=at(sharing.day, "09:00"), ends_at=at(sharing.day, "10:00"), **fields)
    with pytest.raises(IntegrityError, match="sharing_booking_no_overlap"), transaction.atomic():
        Booking.objects.create(starts_at=at(sharing.day, "09:30"), ends_at=at(sharing.day, "10:30"), **fields)
    Booking.objects.create(
        starts_at=at(sharing.day, "09:30"), ends_at=at(sharing.day, "10:30"), status="declined", **fields
    )


def test_the_city_office_lists_every_booking_newest_first_with_no_condition_to_test(sharing, city):
    early = book(sharing, sharing.unit_admin, "09:00", "10:00")
    late = book(sharing, sharing.owner, "11:00", "12:00")
    office = user_with_role(Role.CITY_OFFICE, node=city.city)

    listed = booking_list(user=office)

    assert list(listed) == [late, early]
    assert "WHERE" not in str(listed.query)  # read along sharing_booking_newest, not tested row by row
    assert list(booking_list(user=sharing.outsider)) == []
    assert list(booking_list(user=sharing.unit_admin)) == [early]  # the booker sees their own
