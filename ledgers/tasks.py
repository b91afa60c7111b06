"""Background jobs of the ledgers: thin, idempotent wrappers of services that take IDs and ISO dates."""

import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from ledgers.services import reminders
from liaoyuan.core.tasks import ReliableTask


@shared_task(name="ledgers.tasks.remind_responsibilities", base=ReliableTask, takes_scheduled_at=True)
def remind_responsibilities(on: str | None = None, scheduled_at: str | None = None) -> int:
    """Beat, daily: enqueues the deadline reminder of every open responsibility due around ``on`` (ISO date;
    the day the schedule fired, else today). Returns how many were enqueued."""
    if on is None:
        moment = datetime.datetime.fromisoformat(scheduled_at) if scheduled_at else timezone.now()
        on = timezone.localtime(moment).date().isoformat()
    ids = list(reminders.due_on(datetime.date.fromisoformat(on)))
    for responsibility_id in ids:
        remind_responsibility.delay(responsibility_id, on)
    return len(ids)


@shared_task(
    name="ledgers.tasks.remind_responsibility",
    base=ReliableTask,
    autoretry_for=(OperationalError,),  # a lock wait or a dropped connection: try again shortly
    retry_backoff=True,
    max_retries=5,
)
def remind_responsibility(responsibility_id: int, on: str) -> int:
    """Raises the reminder of one responsibility's deadline on ``on`` (once per stage: safe to run twice)."""
    return reminders.responsibility_remind(responsibility_id=responsibility_id, on=datetime.date.fromisoformat(on))
