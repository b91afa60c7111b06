"""Several chiefs per node: full-time and part-time, one leader among them; counts from the records."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role
from people import selectors, services
from people.models import Duty
from tests.factories import DutyFactory, PersonFactory, user_with_role

DAY = datetime.date(2024, 1, 1)


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)


def _appoint(user, person, node, **kwargs):
    kwargs.setdefault("kind", Duty.Kind.GRID_CHIEF)
    return services.duty_appoint(user=user, person=person, node=node, started_on=DAY, **kwargs)


def test_grid_has_a_full_time_leader_and_a_part_time_chief(city, secretary):
    second = PersonFactory(household=city.household_1)
    lead = _appoint(secretary, city.resident_1, city.grid_1, employment=Duty.Employment.FULL_TIME, is_leader=True)
    other = _appoint(secretary, second, city.grid_1)
    assert (lead.is_leader, other.is_leader, other.employment) == (True, False, Duty.Employment.PART_TIME)
    counts = selectors.chief_counts(user=secretary)
    assert counts[Duty.Kind.GRID_CHIEF] == {"serving": 2, "full_time": 1, "part_time": 1, "nodes": 1}


def test_second_leader_is_refused(city, secretary):
    _appoint(secretary, city.resident_1, city.grid_1, is_leader=True)
    with pytest.raises(ValidationError) as exc:
        _appoint(secretary, PersonFactory(household=city.household_1), city.grid_1, is_leader=True)
    assert "is_leader" in exc.value.message_dict


def test_database_keeps_one_serving_leader(city):
    DutyFactory(person=city.resident_1, kind=Duty.Kind.GRID_CHIEF, node=city.grid_1, is_leader=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyFactory(
            person=PersonFactory(household=city.household_1),
            kind=Duty.Kind.GRID_CHIEF,
            node=city.grid_1,
            is_leader=True,
        )


def test_same_person_twice_in_one_post_is_refused(city, secretary):
    _appoint(secretary, city.resident_1, city.grid_1)
    with pytest.raises(ValidationError) as exc:
        _appoint(secretary, city.resident_1, city.grid_1)
    assert "person" in exc.value.message_dict


def test_one_serving_first_secretary(city, secretary):
    _appoint(secretary, city.resident_1, city.c1, kind=Duty.Kind.FIRST_SECRETARY)
    with pytest.raises(ValidationError):
        _appoint(secretary, PersonFactory(household=city.household_1), city.c1, kind=Duty.Kind.FIRST_SECRETARY)


def test_post_at_the_wrong_node_is_refused(city, secretary):
    with pytest.raises(ValidationError) as exc:
        _appoint(secretary, city.resident_1, city.building_1)
    assert "node" in exc.value.message_dict


def test_ended_post_leaves_the_counts(city, secretary):
    duty = _appoint(secretary, city.resident_1, city.grid_1)
    services.duty_end(user=secretary, duty=duty, ended_on=DAY)
    assert Duty.Kind.GRID_CHIEF not in selectors.chief_counts(user=secretary)


def test_counts_follow_the_scope(city, secretary):
    _appoint(secretary, city.resident_1, city.grid_1)
    neighbour = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2)
    _appoint(neighbour, city.resident_2, city.grid_2)
    assert selectors.chief_counts(user=secretary)[Duty.Kind.GRID_CHIEF]["serving"] == 1
    street = user_with_role(Role.STREET_SECRETARY, node=city.street_1)
    assert selectors.chief_counts(user=street)[Duty.Kind.GRID_CHIEF]["serving"] == 2
    assert selectors.chief_counts(user=street, node=city.c2)[Duty.Kind.GRID_CHIEF]["serving"] == 1
