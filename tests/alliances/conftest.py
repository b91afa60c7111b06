"""Shared fixtures for alliance tests: the small ``city`` (tests/conftest.py) with alliances on top."""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import Role
from tests.factories import AllianceFactory, MembershipFactory, user_with_role


@dataclass
class Alliances:
    """Alliance of community C1 with members unit_1 (chair position 1) and unit_2 (position 2); the
    alliance of C3 with unit_3. Users: the C1 secretary, the C2 secretary (beside), the street_1
    secretary (above), unit_1's admin, unit_3's admin (outsider) and the city office (read-only)."""

    c1: object
    c3: object
    c1_secretary: object
    c2_secretary: object
    street_secretary: object
    unit_1_admin: object
    unit_3_admin: object
    city_office: object


@pytest.fixture
def alliances(city) -> Alliances:
    a1 = AllianceFactory(node=city.c1)
    MembershipFactory(alliance=a1, unit=city.unit_1, chair_position=1)
    MembershipFactory(alliance=a1, unit=city.unit_2, chair_position=2)
    a3 = AllianceFactory(node=city.c3)
    MembershipFactory(alliance=a3, unit=city.unit_3, chair_position=1)
    return Alliances(
        c1=a1,
        c3=a3,
        c1_secretary=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1),
        c2_secretary=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2),
        street_secretary=user_with_role(Role.STREET_SECRETARY, node=city.street_1),
        unit_1_admin=user_with_role(Role.UNIT_ADMIN, unit=city.unit_1),
        unit_3_admin=user_with_role(Role.UNIT_ADMIN, unit=city.unit_3),
        city_office=user_with_role(Role.CITY_OFFICE, node=city.city),
    )


class Clock:
    """Sets "now" (and so ``timezone.localdate()``) for services, selectors and auto timestamps."""

    zone = zoneinfo.ZoneInfo("Asia/Shanghai")

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def set(self, year, month, day, hour=10, minute=0) -> datetime.datetime:
        """Returns the new "now" (Asia/Shanghai)."""
        value = datetime.datetime(year, month, day, hour, minute, tzinfo=self.zone)
        self.monkeypatch.setattr(timezone, "now", lambda: value)
        return value


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """Freezes "now" where a test says (``clock.set(2026, 5, 20)``)."""
    return Clock(monkeypatch)
