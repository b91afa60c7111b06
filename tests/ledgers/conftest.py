"""Shared fixtures for ledger tests: the small ``city`` (tests/conftest.py) and its secretaries."""

from dataclasses import dataclass

import pytest

from accounts.models import Role
from tests.alliances.conftest import clock  # noqa: F401 - the frozen clock fixture
from tests.factories import user_with_role


@dataclass
class People:
    """The C1 secretary (owner), the C2 secretary (sibling community, same street), the street_1 secretary
    (above), the C3 secretary (another street: outsider), unit_1's admin and the city office (read-only)."""

    c1: object
    c2: object
    street: object
    c3: object
    unit_1_admin: object
    city_office: object


@pytest.fixture
def people(city) -> People:
    return People(
        c1=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1),
        c2=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2),
        street=user_with_role(Role.STREET_SECRETARY, node=city.street_1),
        c3=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3),
        unit_1_admin=user_with_role(Role.UNIT_ADMIN, unit=city.unit_1),
        city_office=user_with_role(Role.CITY_OFFICE, node=city.city),
    )
