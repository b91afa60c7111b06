"""Fixtures of review in the open: the small ``city`` with its offices and secretaries, each with e-mail, and a
frozen clock (time-machine) for the period boundaries."""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
import time_machine

from accounts.models import Role
from reviews.models import ReviewCycle, ReviewKind, TargetLevel
from tests.factories import PersonFactory, user_with_role

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@dataclass
class Staff:
    city_office: object
    district: object  # district office of district A (streets 1 and 2)
    street_1: object  # street secretary of street 1 (communities C1, C2)
    street_2: object  # street secretary of street 2 (C3): the neighbour
    c1: object  # community secretary of C1
    c2: object  # community secretary of C2
    unit_1_admin: object
    unit_3_admin: object


@pytest.fixture
def staff(city) -> Staff:
    def make(role, name, **binding):
        return user_with_role(role, email=f"{name}@example.cn", username=name, **binding)

    return Staff(
        city_office=make(Role.CITY_OFFICE, "city", node=city.city),
        district=make(Role.DISTRICT_OFFICE, "district", node=city.district_a),
        street_1=make(Role.STREET_SECRETARY, "street1", node=city.street_1, person=PersonFactory(node=city.street_1)),
        street_2=make(Role.STREET_SECRETARY, "street2", node=city.street_2),
        c1=make(Role.COMMUNITY_SECRETARY, "c1", node=city.c1),
        c2=make(Role.COMMUNITY_SECRETARY, "c2", node=city.c2),
        unit_1_admin=make(Role.UNIT_ADMIN, "unit1", unit=city.unit_1),
        unit_3_admin=make(Role.UNIT_ADMIN, "unit3", unit=city.unit_3),
    )


def cycle(kind: str, level: str) -> ReviewCycle:
    return ReviewCycle.objects.get(kind=kind, level=level)


@pytest.fixture
def visit_cycle(db) -> ReviewCycle:
    """The default monthly visit of communities: due at month end, reminders 7 and 1 days before, escalated to
    the street secretary 3 days overdue."""
    return cycle(ReviewKind.MONTHLY_VISIT, TargetLevel.COMMUNITY)


class Clock:
    """Freezes the clock at a Beijing time (``clock.at(2026, 5, 24, 8)``)."""

    def __init__(self):
        self.traveller = None

    def at(self, year, month, day, hour=8, minute=0, second=0) -> datetime.datetime:
        moment = datetime.datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)
        self.stop()
        self.traveller = time_machine.travel(moment, tick=False)
        self.traveller.start()
        return moment

    def stop(self):
        if self.traveller is not None:
            self.traveller.stop()
            self.traveller = None


@pytest.fixture
def clock():
    frozen = Clock()
    yield frozen
    frozen.stop()
