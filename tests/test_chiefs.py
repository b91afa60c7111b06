"""Several chiefs per node: full-time and part-time, one leader among them; counts from the records."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from accounts import scopes
from accounts.models import Role
from people import selectors, services
from people import summaries as people_summaries
from people.models import Duty, DutySummary
from people.tasks import recount_duty_summaries
from tests.factories import DutyFactory, PersonFactory, UserFactory, user_with_role

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


def _live_counts(user, node=None) -> dict:
    """The counts as the records give them, for comparison with the summary rows."""
    qs = scopes.visible(user, Duty.objects.filter(ended_on__isnull=True))
    if node is not None:
        qs = qs.filter(node__path__startswith=node.path)
    rows = (
        qs.order_by()
        .values("kind")
        .annotate(
            serving=Count("pk"),
            full_time=Count("pk", filter=Q(employment=Duty.Employment.FULL_TIME)),
            part_time=Count("pk", filter=Q(employment=Duty.Employment.PART_TIME)),
            nodes=Count("node", distinct=True),
        )
    )
    return {r["kind"]: {k: r[k] for k in ("serving", "full_time", "part_time", "nodes")} for r in rows}


def test_the_counts_read_from_summaries_equal_the_records_for_every_account_and_area(city, secretary):
    street = user_with_role(Role.STREET_SECRETARY, node=city.street_1)
    lead = _appoint(street, city.resident_1, city.grid_1, employment=Duty.Employment.FULL_TIME, is_leader=True)
    _appoint(street, PersonFactory(household=city.household_1), city.grid_1)
    _appoint(street, city.resident_2, city.grid_2, employment=Duty.Employment.FULL_TIME)
    _appoint(street, PersonFactory(household=city.household_1), city.c1, kind=Duty.Kind.COMMUNITY_WORKER)
    services.duty_end(user=street, duty=lead, ended_on=DAY)
    # a chief with an account: sees their own post even outside any area they hold a role in
    chief_person = PersonFactory(household=city.household_1)
    _appoint(street, chief_person, city.grid_1, kind=Duty.Kind.GRID_CHIEF)
    chief = user_with_role(Role.PARTY_MEMBER, person=chief_person)
    accounts = [
        secretary,
        street,
        chief,
        user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3),
        user_with_role(Role.CITY_OFFICE, node=city.city),
        user_with_role(Role.UNIT_ADMIN, unit=city.unit_1),
        UserFactory(is_superuser=True),
    ]
    for user in accounts:
        for node in (None, city.city, city.street_1, city.c1, city.c2, city.grid_1):
            assert selectors.chief_counts(user=user, node=node) == _live_counts(user, node), (user, node)
    assert selectors.chief_counts(user=street)[Duty.Kind.GRID_CHIEF] == {
        "serving": 3,
        "full_time": 1,
        "part_time": 2,
        "nodes": 2,
    }


def test_the_nightly_recount_repairs_a_post_written_past_the_services(city, secretary):
    _appoint(secretary, city.resident_1, city.grid_1, employment=Duty.Employment.FULL_TIME)
    Duty.objects.create(  # e.g. the admin or a bulk load: no summary kept
        person=PersonFactory(household=city.household_1), kind=Duty.Kind.GRID_CHIEF, node=city.grid_1, started_on=DAY
    )
    assert selectors.chief_counts(user=secretary)[Duty.Kind.GRID_CHIEF]["serving"] == 1
    rows = recount_duty_summaries.apply().get()
    assert rows == DutySummary.objects.count() > 0
    assert selectors.chief_counts(user=secretary) == _live_counts(secretary)
    assert selectors.chief_counts(user=secretary)[Duty.Kind.GRID_CHIEF]["serving"] == 2
    assert people_summaries.recount() == rows  # the same rows again


def test_the_city_counts_read_a_few_summary_rows_whatever_the_number_of_posts(city, django_assert_num_queries):
    office = user_with_role(Role.CITY_OFFICE, node=city.city)
    selectors.chief_counts(user=office)  # the scope, once per request
    with django_assert_num_queries(1):
        selectors.chief_counts(user=office)
