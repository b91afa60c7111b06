"""Service records: check-in and check-out with the organiser's expiring 6-digit code give "recorded hours"
timed by the system; hours entered afterwards are "declared" and count once approved; every total keeps
the two apart."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from volunteers import selectors, services
from volunteers.models import ServiceRecord, Shift

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(shift, actors):
    """The shift started 10 minutes ago (claimed before), with a code issued."""
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    now = timezone.now()
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=now - datetime.timedelta(minutes=10), ends_at=now + datetime.timedelta(hours=2)
    )
    shift.refresh_from_db()
    return services.code_issue(user=actors.c1, shift=shift)


def test_the_code_is_six_digits_and_expires_after_the_shift(running):
    assert len(running.code) == 6 and running.code.isdigit()
    assert running.code_expires_at > running.ends_at


def test_check_in_and_out_records_the_systems_time(running, actors):
    record = services.check_in(user=actors.member, shift=running, person=actors.member_person, code=running.code)
    assert record.kind == ServiceRecord.Kind.RECORDED and record.checked_in_at is not None
    record = services.check_out(user=actors.member, shift=running, person=actors.member_person, code=running.code)
    assert record.checked_out_at >= record.checked_in_at
    assert Decimal("0") <= record.hours < Decimal("0.1")


def test_a_wrong_code_records_nothing(running, actors):
    wrong = "000000" if running.code != "000000" else "111111"
    with pytest.raises(ValidationError) as refused:
        services.check_in(user=actors.member, shift=running, person=actors.member_person, code=wrong)
    assert refused.value.message_dict == {"code": ["Wrong check-in code."]}
    assert not ServiceRecord.objects.exists()


def test_an_expired_code_is_refused(running, actors):
    Shift.objects.filter(pk=running.pk).update(code_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError) as refused:
        services.check_in(user=actors.member, shift=running, person=actors.member_person, code=running.code)
    assert refused.value.message_dict == {"code": ["This check-in code has expired."]}


def test_checking_in_without_a_claim_is_refused(running, actors):
    with pytest.raises(ValidationError) as refused:
        services.check_in(user=actors.unit_1_admin, shift=running, person=actors.other_person, code=running.code)
    assert list(refused.value.message_dict) == ["shift"]


def test_checking_out_twice_is_refused(running, actors):
    services.check_in(user=actors.member, shift=running, person=actors.member_person, code=running.code)
    services.check_out(user=actors.member, shift=running, person=actors.member_person, code=running.code)
    with pytest.raises(ValidationError) as refused:
        services.check_out(user=actors.member, shift=running, person=actors.member_person, code=running.code)
    assert refused.value.message_dict == {"code": ["Already checked out."]}


def test_declaring_more_hours_than_the_shift_lasted_is_refused(shift, actors):
    day = datetime.timedelta(days=2)
    Shift.objects.filter(pk=shift.pk).update(starts_at=shift.starts_at - day, ends_at=shift.ends_at - day)
    shift.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.declare_hours(user=actors.c1, person=actors.member_person, shift=shift, hours=Decimal("4"))
    assert list(refused.value.message_dict) == ["hours"]


def test_recorded_and_declared_hours_are_kept_apart_in_every_total(running, actors, city):
    services.check_in(user=actors.member, shift=running, person=actors.member_person, code=running.code)
    recorded = services.check_out(user=actors.member, shift=running, person=actors.member_person, code=running.code)
    ServiceRecord.objects.filter(pk=recorded.pk).update(hours=Decimal("2.00"))
    waiting = services.declare_hours(
        user=actors.c1, person=actors.member_person, community=city.c1, served_on=timezone.localdate(), hours=3
    )
    assert selectors.totals()["declared_hours"] == 0  # waiting hours count nowhere
    services.declared_decide(user=actors.c1, record=waiting, approve=True)
    declined = services.declare_hours(
        user=actors.c1, person=actors.member_person, community=city.c1, served_on=timezone.localdate(), hours=5
    )
    services.declared_decide(user=actors.c1, record=declined, approve=False, reason="无人证明")

    expected = {
        "recorded_times": 1,
        "recorded_hours": Decimal("2.00"),
        "declared_times": 1,
        "declared_hours": Decimal("3.00"),
    }
    assert selectors.totals() == expected
    assert selectors.totals_by("person")[actors.member_person.pk] == expected
    assert selectors.totals_by("unit")[city.unit_1.pk] == expected
    assert selectors.totals_by("community")[city.c1.pk] == expected
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert selectors.totals(end=yesterday)["recorded_times"] == 0
