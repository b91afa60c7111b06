"""The machinery under the reminders: beat stamps the schedule time on the tasks that ask for it, a task
redelivered too often is dropped, and the Celery settings that make a lost worker harmless."""

import datetime
import uuid

import pytest
from django.conf import settings
from django_celery_beat.schedulers import ModelEntry

from liaoyuan.celery import app
from liaoyuan.core.beat import DatabaseScheduler
from liaoyuan.core.tasks import REDELIVERY_KEY, ReliableTask, _redelivery_store
from reviews import tasks
from reviews.models import ReviewCycle, ReviewKind, TargetLevel
from tests.reviews.conftest import SHANGHAI

pytestmark = pytest.mark.django_db


def test_beat_hands_a_cycle_run_the_moment_it_was_due(monkeypatch, clock):
    cycle = ReviewCycle.objects.get(kind=ReviewKind.MONTHLY_VISIT, level=TargetLevel.STREET)
    sent = []
    monkeypatch.setattr(tasks.cycle_run, "apply_async", lambda args, kwargs, **options: sent.append((args, kwargs)))
    moment = clock.at(2026, 5, 31, 23, 59, 59)
    scheduler = DatabaseScheduler(app=app, lazy=True)
    scheduler.apply_async(ModelEntry(cycle.periodic_task, app=app), advance=False)
    (args, kwargs) = sent[0]
    assert args == [cycle.pk]
    assert datetime.datetime.fromisoformat(kwargs["scheduled_at"]) == moment
    assert tasks.schedule_day(kwargs["scheduled_at"], None) == datetime.date(2026, 5, 31)


def test_the_day_of_a_run_is_the_local_day_of_its_schedule():
    late_evening_utc = datetime.datetime(2026, 5, 31, 16, 30, tzinfo=datetime.UTC)  # 00:30 on 1 June in Shanghai
    assert tasks.schedule_day(late_evening_utc.isoformat(), None) == datetime.date(2026, 6, 1)
    assert tasks.schedule_day(None, "2026-02-28") == datetime.date(2026, 2, 28)
    assert late_evening_utc.astimezone(SHANGHAI).date() == datetime.date(2026, 6, 1)


def test_a_task_redelivered_too_often_is_dropped():
    if _redelivery_store() is None:
        pytest.skip("only the Redis broker redelivers a task whose worker was lost")
    task = tasks.remind
    assert isinstance(task, ReliableTask)
    task_id = f"test-{uuid.uuid4().hex}"
    task.push_request(id=task_id, delivery_info={"redelivered": True})
    try:
        verdicts = [task.redelivered_too_often() for _i in range(settings.CELERY_MAX_REDELIVERIES + 1)]
    finally:
        task.pop_request()
        _redelivery_store().delete(REDELIVERY_KEY.format(task_id=task_id))
    assert verdicts == [False] * settings.CELERY_MAX_REDELIVERIES + [True]


def test_a_first_delivery_is_never_counted():
    task = tasks.remind
    task.push_request(id="first-delivery", delivery_info={"redelivered": False})
    try:
        assert task.redelivered_too_often() is False
    finally:
        task.pop_request()


def test_a_lost_worker_leaves_its_task_to_another():
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit < settings.CELERY_VISIBILITY_TIMEOUT
    for task in (tasks.cycle_run, tasks.cycle_chunk, tasks.remind, tasks.sweep):
        assert isinstance(task, ReliableTask), task.name
