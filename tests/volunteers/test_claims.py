"""Claiming places on a shift: capacity held by the database, one place per person, withdrawal before the
start, and each refusal a clear field error with nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import User
from people.models import Person
from tests.alliances.test_concurrent_writes import race
from tests.factories import PersonFactory
from tests.volunteers.conftest import tomorrow_at
from volunteers import services
from volunteers.models import Claim, Shift

pytestmark = pytest.mark.django_db


def test_a_member_claims_a_place_and_the_count_rises(shift, actors):
    made = services.claim(user=actors.member, shift=shift, person=actors.member_person)
    shift.refresh_from_db()
    assert made.status == Claim.Status.ACTIVE
    assert made.unit == actors.member_person.work_unit
    assert shift.claimed == 1 and shift.places_left == 1


def test_a_unit_admin_claims_for_a_named_member(shift, actors):
    made = services.claim(user=actors.unit_1_admin, shift=shift, person=actors.other_person)
    assert made.claimed_by == actors.unit_1_admin


def test_a_member_cannot_claim_for_someone_else(shift, actors):
    with pytest.raises(PermissionDenied):
        services.claim(user=actors.member, shift=shift, person=actors.other_person)


def test_claiming_twice_is_refused(shift, actors):
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    with pytest.raises(ValidationError) as refused:
        services.claim(user=actors.member, shift=shift, person=actors.member_person)
    assert list(refused.value.message_dict) == ["person"]
    shift.refresh_from_db()
    assert shift.claimed == 1


def test_a_full_shift_is_refused_with_a_clear_error(shift, actors, city):
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    services.claim(user=actors.unit_1_admin, shift=shift, person=actors.other_person)
    third = PersonFactory(household=city.household_1, party_status=Person.PartyStatus.COMMUNITY)
    with pytest.raises(ValidationError) as refused:
        services.claim(user=actors.c1, shift=shift, person=third)
    assert refused.value.message_dict == {"shift": ["This shift is full."]}
    assert Claim.objects.filter(person=third).count() == 0


def test_a_started_or_closed_shift_is_refused(shift, post, actors):
    Shift.objects.filter(pk=shift.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError) as refused:
        services.claim(user=actors.member, shift=shift, person=actors.member_person)
    assert refused.value.message_dict == {"shift": ["This shift has already started."]}
    services.post_close(user=actors.c1, post=post)
    later = services.shifts_add(
        user=actors.c1, post=post, starts_at=tomorrow_at(14), ends_at=tomorrow_at(16), capacity=3
    )
    with pytest.raises(ValidationError) as refused:
        services.claim(user=actors.member, shift=later[0], person=actors.member_person)
    assert refused.value.message_dict == {"shift": ["This post is closed."]}


def test_a_party_members_post_refuses_a_non_member(shift, actors, city):
    with pytest.raises(ValidationError) as refused:
        services.claim(user=actors.c1, shift=shift, person=city.resident_1)
    assert list(refused.value.message_dict) == ["person"]


def test_withdrawing_before_the_start_gives_the_place_back(shift, actors):
    made = services.claim(user=actors.member, shift=shift, person=actors.member_person)
    services.withdraw(user=actors.member, claim=made)
    shift.refresh_from_db()
    assert shift.claimed == 0
    again = services.claim(user=actors.member, shift=shift, person=actors.member_person)  # may claim again
    assert again.status == Claim.Status.ACTIVE


def test_withdrawing_after_the_start_is_refused(shift, actors):
    made = services.claim(user=actors.member, shift=shift, person=actors.member_person)
    Shift.objects.filter(pk=shift.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError):
        services.withdraw(user=actors.member, claim=made)
    assert Shift.objects.get(pk=shift.pk).claimed == 1


def test_the_database_refuses_more_claims_than_places(shift):
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.filter(pk=shift.pk).update(claimed=3)


def test_recurring_shifts_are_made_at_once(post, actors):
    made = services.shifts_add(
        user=actors.c1, post=post, starts_at=tomorrow_at(8), ends_at=tomorrow_at(10), capacity=5, repeat_days=7, count=4
    )
    assert [s.starts_at - made[0].starts_at for s in made] == [datetime.timedelta(days=7 * i) for i in range(4)]


def test_a_shift_ending_before_it_starts_is_refused(post, actors):
    with pytest.raises(ValidationError) as refused:
        services.shifts_add(user=actors.c1, post=post, starts_at=tomorrow_at(10), ends_at=tomorrow_at(9), capacity=5)
    assert list(refused.value.message_dict) == ["ends_at"]


def test_an_outsider_cannot_publish_in_another_community(city, actors):
    with pytest.raises(PermissionDenied):
        services.post_create(user=actors.c3, node=city.c1, title="岗", category="environment", place="广场")


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs concurrent writers (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_fifty_people_claiming_the_last_ten_places_yield_ten_claims(postgres_only, city, actors, post):
    shift = services.shifts_add(
        user=actors.c1, post=post, starts_at=tomorrow_at(9), ends_at=tomorrow_at(12), capacity=12
    )[0]
    early = [PersonFactory(household=city.household_1, party_status=Person.PartyStatus.COMMUNITY) for _ in range(2)]
    for person in early:
        services.claim(user=actors.c1, shift=shift, person=person)  # ten places left
    racers = [PersonFactory(household=city.household_1, party_status=Person.PartyStatus.COMMUNITY) for _ in range(50)]
    users = [User.objects.get(pk=actors.c1.pk) for _ in racers]  # one connection and user each

    results = race(
        *[
            lambda user=user, person=person: services.claim(user=user, shift=shift, person=person)
            for user, person in zip(users, racers, strict=True)
        ]
    )

    made = [r for r in results if isinstance(r, Claim)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(made) == 10
    assert len(refused) == 40
    assert {repr(r) for r in refused} == {repr(ValidationError({"shift": ["This shift is full."]}))}
    shift.refresh_from_db()
    assert shift.claimed == 12
    assert Claim.objects.filter(shift=shift, status=Claim.Status.ACTIVE).count() == 12
