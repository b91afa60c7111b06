"""Reminders through the notification layer: a volunteer the day before a shift they hold a place on (not after
withdrawing), a community about declared hours waiting more than 7 days; each once however often the beat
runs, also when runs overlap."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from notifications.models import Notification, Reminder
from tests.factories import user_with_role
from volunteers import services, tasks
from volunteers.duties import HOURS_TO_CONFIRM, SHIFT_TOMORROW
from volunteers.models import ServiceRecord

pytestmark = pytest.mark.django_db


def inbox(user, kind) -> int:
    return Notification.objects.filter(recipient=user, reminder__kind=kind).count()


def test_volunteer_is_reminded_the_day_before_their_shift_once(actors, shift):
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    today = timezone.localdate().isoformat()
    assert tasks.remind_shifts(on=today) == 1
    assert tasks.remind_shifts(on=today) == 0
    assert inbox(actors.member, SHIFT_TOMORROW.key) == 1
    assert inbox(actors.c1, SHIFT_TOMORROW.key) == 0
    notification = Notification.objects.get(recipient=actors.member)
    assert "/volunteers/posts/" in notification.reminder.url


def test_no_reminder_for_a_withdrawn_claim_or_a_shift_on_another_day(actors, shift):
    made = services.claim(user=actors.member, shift=shift, person=actors.member_person)
    assert tasks.remind_shifts(on=(timezone.localdate() + datetime.timedelta(days=1)).isoformat()) == 0
    services.withdraw(user=actors.member, claim=made)
    assert tasks.remind_shifts(on=timezone.localdate().isoformat()) == 0
    assert not Reminder.objects.exists()


def test_the_beat_runs_for_its_due_day():
    due = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)  # 18:00 in Asia/Shanghai
    assert tasks._day(due.isoformat(), None) == datetime.date(2026, 3, 1)


def _declared(city, actors, *, age_days: int) -> ServiceRecord:
    record = services.declare_hours(
        user=actors.c1,
        person=actors.member_person,
        hours=2,
        community=city.c1,
        served_on=timezone.localdate() - datetime.timedelta(days=age_days),
    )
    ServiceRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - datetime.timedelta(days=age_days))
    return record


def test_community_is_reminded_of_hours_waiting_more_than_a_week_once_a_week(city, actors):
    worker = user_with_role(Role.COMMUNITY_WORKER, node=city.c1)
    _declared(city, actors, age_days=3)
    today = timezone.localdate()
    assert tasks.remind_hours(on=today.isoformat()) == 0
    late = _declared(city, actors, age_days=9)
    assert tasks.remind_hours(on=today.isoformat()) == 1
    assert tasks.remind_hours(on=today.isoformat()) == 0
    assert inbox(actors.c1, HOURS_TO_CONFIRM.key) == inbox(worker, HOURS_TO_CONFIRM.key) == 1
    assert inbox(actors.c3, HOURS_TO_CONFIRM.key) == 0
    assert tasks.remind_hours(on=(today + datetime.timedelta(days=7)).isoformat()) == 1  # the next week

    services.declared_decide(user=actors.c1, record=late, approve=True)
    services.declared_decide(user=actors.c1, record=ServiceRecord.objects.exclude(pk=late.pk).get(), approve=True)
    tasks.remind_hours(on=today.isoformat())
    assert not Reminder.objects.filter(kind=HOURS_TO_CONFIRM.key, resolved_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_overlapping_runs_remind_once(actors, shift):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite runs one writer at a time)")
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    today = timezone.localdate().isoformat()
    results, errors = [], []

    def run():
        try:
            results.append(tasks.remind_shifts(on=today))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _i in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(results) == 1
    assert inbox(actors.member, SHIFT_TOMORROW.key) == 1
