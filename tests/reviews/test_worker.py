"""Reminders through the real machinery: a Celery worker and beat (django-celery-beat's database scheduler)
started as processes on the test database and the configured broker (Redis in CI). A due duty produces exactly
one inbox message and one e-mail, however often beat fires; a worker killed with SIGKILL mid-batch leaves every
reminder delivered exactly once after a restart. E-mail goes to files (the outside world is faked)."""

import json
import re
import signal
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.models import Role, RoleAssignment, User
from liaoyuan.core.periods import period_containing
from notifications.models import Delivery, DeliveryStatus, Notification, Reminder
from reviews import tasks
from reviews.models import ReviewCycle, ReviewKind, TargetLevel
from tests.workers import database_url, start_beat, start_worker, stop, tail
from units.models import MemberUnit

pytestmark = pytest.mark.django_db(transaction=True)

MESSAGE_TO = re.compile(r"^To: (.+)$", re.MULTILINE)


def mailed(folder: Path) -> list[str]:
    """Returns the recipient of every e-mail the file backend wrote."""
    return [to for path in folder.glob("*") for to in MESSAGE_TO.findall(path.read_text(errors="replace"))]


def wait_for(condition, *, timeout: float, processes=(), log: Path) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        for process in processes:
            assert process.poll() is None, tail(log)
        time.sleep(0.2)
    return condition()


def due_now(cycle: ReviewCycle) -> None:
    """Sets the cycle so that today, whatever day it is, lies within a week before its due day."""
    today = timezone.localdate()
    period = period_containing(today, cycle.period)
    cycle.due_days_before_end = min((period.ends_on - today).days, 27 if cycle.period == "month" else 6)
    cycle.lead_days, cycle.second_lead_days = (3 if cycle.period == "week" else 7), None  # next period not yet
    cycle.save()


@pytest.fixture
def queue():
    return f"test-reviews-{uuid.uuid4().hex}"


def test_a_real_worker_and_beat_remind_a_due_duty_once(city, tmp_path, queue):
    secretary = User.objects.create(username="c1sec", email="c1@example.cn")
    RoleAssignment.objects.create(user=secretary, role=Role.COMMUNITY_SECRETARY, node=city.c1)
    cycle = ReviewCycle.objects.get(kind=ReviewKind.MONTHLY_VISIT, level=TargetLevel.COMMUNITY)
    due_now(cycle)
    # the cycle's schedule, as the admin would edit it: every two seconds instead of daily at 08:00
    every, _created = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.exclude(pk=cycle.periodic_task_id).update(enabled=False)
    PeriodicTask.objects.filter(pk=cycle.periodic_task_id).update(crontab=None, interval=every, enabled=True)
    mail_dir = tmp_path / "mail"
    env = {
        "DATABASE_URL": database_url(),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_URL": f"filemail:///{mail_dir}",  # an absolute path after the third slash
    }
    log = tmp_path / "celery.log"
    worker = start_worker("--loglevel", "INFO", log=log, **env)
    try:
        beat = start_beat("--pidfile", str(tmp_path / "beat.pid"), "--max-interval", "1", log=log, **env)
        try:
            delivered = wait_for(
                lambda: Notification.objects.count() >= 1 and len(mailed(mail_dir)) >= 1,
                timeout=90,
                processes=[worker, beat],
                log=log,
            )
            assert delivered, tail(log)
            fired = tail(log, chars=10**7).count("Sending due task reviews: monthly_visit")
            time.sleep(6)  # beat fires the cycle again and again: nothing more is sent
            assert tail(log, chars=10**7).count("Sending due task reviews: monthly_visit") >= fired + 2
        finally:
            stop(beat)
    finally:
        stop(worker)
    # one reminder per community (only C1 has a secretary with an account), one inbox message, one e-mail
    assert sorted(Reminder.objects.values_list("target_id", flat=True)) == sorted([city.c1.pk, city.c2.pk, city.c3.pk])
    reminder = Reminder.objects.get(target_id=city.c1.pk)
    assert (reminder.kind, reminder.stage) == ("reviews.monthly_visit", "upcoming")
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["c1sec"]
    assert mailed(mail_dir) == ["c1@example.cn"]


def test_a_worker_killed_mid_batch_leaves_every_reminder_delivered_exactly_once(city, tmp_path, queue):
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("redelivery of an unacknowledged task after a crash is the Redis broker's")
    count = 200
    units = MemberUnit.objects.bulk_create(
        [MemberUnit(name=f"单位{i:03d}", kind="enterprise", location=city.c3) for i in range(count)]
    )
    admins = User.objects.bulk_create(
        [User(username=f"admin{i:03d}", email=f"u{i:03d}@example.cn") for i in range(count)]
    )
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=a, role=Role.UNIT_ADMIN, unit=u) for a, u in zip(admins, units, strict=True)]
    )
    cycle = ReviewCycle.objects.get(kind=ReviewKind.ZERO_REPORT, level=TargetLevel.UNIT)
    due_now(cycle)
    PeriodicTask.objects.update(enabled=False)  # no beat here: the run is started by hand
    mail_dir = tmp_path / "mail"
    env = {
        "DATABASE_URL": database_url(),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_URL": f"filemail:///{mail_dir}",  # an absolute path after the third slash
        "CELERY_VISIBILITY_TIMEOUT": "5",  # the killed worker's task comes back after 5 s
    }
    log = tmp_path / "worker.log"
    worker = start_worker(log=log, **env)
    try:
        tasks.cycle_run.apply_async(kwargs={"on": timezone.localdate().isoformat()}, args=(cycle.pk,), queue=queue)
        mid_batch = wait_for(
            lambda: Notification.objects.count() >= count // 5, timeout=90, processes=[worker], log=log
        )
        assert mid_batch, tail(log)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        killed_at = Notification.objects.count()
        assert killed_at < count, "the batch ended before the worker was killed"
        worker = start_worker(log=log, **env)
        done = wait_for(
            lambda: (
                len(mailed(mail_dir)) >= count and not Delivery.objects.exclude(status=DeliveryStatus.SENT).exists()
            ),
            timeout=180,
            processes=[worker],
            log=log,
        )
        time.sleep(3)  # anything redelivered late would show now
    finally:
        stop(worker)
    assert done, json.dumps(
        {"notifications": Notification.objects.count(), "mailed": len(mailed(mail_dir)), "log": tail(log)}
    )
    # one reminder per unit: the 200 and the small city's three (whose units have no admin account)
    reminded = Reminder.objects.filter(kind="reviews.zero_report")
    assert reminded.filter(target_id__in=[u.pk for u in units]).count() == count
    assert reminded.count() == count + 3
    assert Notification.objects.count() == count
    recipients = mailed(mail_dir)
    assert len(recipients) == count and set(recipients) == {a.email for a in admins}
