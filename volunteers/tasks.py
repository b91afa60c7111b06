"""Background jobs of the vanguard co-cultivation: thin, idempotent wrappers of ``volunteers.duties`` that take
ISO dates (the beat's due moment when run by the beat)."""

import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from liaoyuan.core.tasks import ReliableTask
from volunteers import duties

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


def _day(scheduled_at: str | None, on: str | None) -> datetime.date:
    if on:
        return datetime.date.fromisoformat(on)
    if scheduled_at:
        return timezone.localtime(datetime.datetime.fromisoformat(scheduled_at)).date()
    return timezone.localdate()


@shared_task(base=ReliableTask, name="volunteers.tasks.remind_shifts", takes_scheduled_at=True, **RETRY)
def remind_shifts(scheduled_at: str | None = None, on: str | None = None) -> int:
    """Beat, daily: reminds the volunteers of their shifts the next day, each claim once. Returns how many
    reminders were raised."""
    return duties.remind_shifts(on=_day(scheduled_at, on))


@shared_task(base=ReliableTask, name="volunteers.tasks.remind_hours", takes_scheduled_at=True, **RETRY)
def remind_hours(scheduled_at: str | None = None, on: str | None = None) -> int:
    """Beat, daily: reminds communities of declared hours waiting more than a week, once a week each. Returns
    how many reminders were raised."""
    return duties.remind_hours(on=_day(scheduled_at, on))
