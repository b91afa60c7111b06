"""Shared fixtures for volunteer tests: the small ``city`` (tests/conftest.py), its secretaries, party members
and a post with a shift tomorrow."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import Role
from people.models import Person
from tests.factories import PersonFactory, user_with_role
from volunteers import services


@dataclass
class Actors:
    c1: object  # C1's secretary (publishes posts, decides reports)
    c3: object  # C3's secretary (another street: outsider)
    unit_1_admin: object
    member: object  # a party member's own account (lives in C1, in service at unit_1)
    member_person: Person
    other_person: Person  # another party member of unit_1, without an account


@pytest.fixture
def actors(city) -> Actors:
    member_person = PersonFactory(
        household=city.household_1, party_status=Person.PartyStatus.IN_SERVICE, work_unit=city.unit_1, name="党员甲"
    )
    other_person = PersonFactory(
        household=city.household_1, party_status=Person.PartyStatus.IN_SERVICE, work_unit=city.unit_1, name="党员乙"
    )
    return Actors(
        c1=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1),
        c3=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3),
        unit_1_admin=user_with_role(Role.UNIT_ADMIN, unit=city.unit_1),
        member=user_with_role(Role.PARTY_MEMBER, person=member_person),
        member_person=member_person,
        other_person=other_person,
    )


def tomorrow_at(hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def post(city, actors):
    return services.post_create(
        user=actors.c1, node=city.c1, title="敬老院助老", category="elder_care", place="东艺社区敬老院"
    )


@pytest.fixture
def shift(post, actors):
    return services.shifts_add(
        user=actors.c1, post=post, starts_at=tomorrow_at(9), ends_at=tomorrow_at(12), capacity=2
    )[0]
