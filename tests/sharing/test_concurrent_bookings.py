"""Several members booking one slot of one venue at the same instant, for real on PostgreSQL: exactly one
booking is made, the others get the overlap field error."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import Role, User
from sharing.models import Booking
from sharing.services import bookings as services
from tests.alliances.test_concurrent_writes import race
from tests.factories import user_with_role
from tests.sharing.conftest import at


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs row locks and concurrent writers (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("racers", [2, 6])
def test_members_booking_one_slot_at_once_get_one_booking(postgres_only, city, sharing, racers):
    members = [user_with_role(Role.UNIT_ADMIN, unit=city.unit_1) for _ in range(racers)]
    users = [User.objects.get(pk=m.pk) for m in members]
    starts = ["09:00", "09:30", "09:15", "08:45", "09:45", "09:05"]

    results = race(
        *[
            lambda user=user, start=start: services.booking_create(
                user=user,
                venue=sharing.venue,
                starts_at=at(sharing.day, start),
                ends_at=at(sharing.day, "10:00"),
                purpose="党课",
            )
            for user, start in zip(users, starts, strict=False)
        ]
    )

    made = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(made) == 1
    assert all(isinstance(r, ValidationError) and list(r.message_dict) == ["starts_at"] for r in refused)
    assert Booking.objects.filter(venue=sharing.venue).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_constraint_holds_when_the_venue_lock_is_skipped(postgres_only, city, sharing, monkeypatch):
    """Even without the service's row lock, the exclusion constraint lets one of two racers through."""
    monkeypatch.setattr(services.Venue.objects, "select_for_update", lambda: services.Venue.objects.none())
    monkeypatch.setattr(services, "overlapping", lambda *a, **k: Booking.objects.none())
    users = [User.objects.get(pk=u.pk) for u in (sharing.owner, sharing.unit_admin)]
    results = race(
        *[
            lambda user=user: services.booking_create(
                user=user,
                venue=sharing.venue,
                starts_at=at(sharing.day, "09:00"),
                ends_at=at(sharing.day, "10:00"),
                purpose="议事",
            )
            for user in users
        ]
    )
    assert sum(isinstance(r, Booking) for r in results) == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
