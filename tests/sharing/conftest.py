"""A reading room in community C1, its owners, a member and a resident (the ``city`` of tests/conftest.py)."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import Role
from sharing.models import Venue
from tests.factories import user_with_role


@dataclass
class Sharing:
    venue: Venue
    owner: object  # C1's secretary
    unit_admin: object  # unit_1's admin (a member)
    resident: object  # a resident of C1 with an account
    outsider: object  # C3's secretary
    day: datetime.date  # a day next week


def at(day: datetime.date, hhmm: str) -> datetime.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def sharing(city) -> Sharing:
    venue = Venue.objects.create(
        community=city.c1,
        name="东艺社区书屋",
        kind=Venue.Kind.READING_ROOM,
        area_m2=120,
        capacity=20,
        needs_approval=True,
    )
    return Sharing(
        venue=venue,
        owner=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1),
        unit_admin=user_with_role(Role.UNIT_ADMIN, unit=city.unit_1),
        resident=user_with_role(Role.RESIDENT, person=city.resident_1),
        outsider=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3),
        day=timezone.localdate() + datetime.timedelta(days=7),
    )
