"""Background jobs of review in the open: thin, idempotent wrappers of services that take IDs and ISO dates.

Beat (django-celery-beat, one periodic task per cycle) runs ``cycle_run``, which fans the cycle out in chunks
of targets (``cycle_chunk``), each of which enqueues one small ``remind`` per duty that has a reminder due.
Every level is safe to run twice: duties and reminders are unique in the database.
"""

import datetime

from celery import current_app as app
from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from liaoyuan.core.tasks import ReliableTask
from reviews.models import ReviewCycle
from reviews.services import duties, records


def schedule_day(scheduled_at: str | None, on: str | None) -> datetime.date:
    """Returns the day a run works on: ``on`` when given, else the local day of the moment the schedule
    fired (``scheduled_at``), else today."""
    if on:
        return datetime.date.fromisoformat(on)
    if scheduled_at:
        return timezone.localtime(datetime.datetime.fromisoformat(scheduled_at)).date()
    return timezone.localdate()


RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(base=ReliableTask, name="reviews.tasks.cycle_run", takes_scheduled_at=True, **RETRY)
def cycle_run(cycle_id: int, scheduled_at: str | None = None, on: str | None = None) -> int:
    """Beat: enqueues one ``cycle_chunk`` per chunk of the cycle's targets, for the day of the schedule.
    Returns how many chunks."""
    day = schedule_day(scheduled_at, on).isoformat()
    cycle = ReviewCycle.objects.filter(pk=cycle_id, is_active=True).first()
    if cycle is None:
        return 0
    chunks = 0
    with app.producer_or_acquire() as producer:
        for first_id, last_id in duties.chunk_bounds(cycle):
            cycle_chunk.apply_async((cycle_id, day, first_id, last_id), producer=producer)
            chunks += 1
    return chunks


@shared_task(base=ReliableTask, name="reviews.tasks.cycle_chunk", **RETRY)
def cycle_chunk(cycle_id: int, on: str, first_id: int, last_id: int) -> int:
    """Creates the chunk's missing duties and enqueues ``remind`` for each duty with a reminder due on ``on``
    (an ISO date). Returns how many were enqueued."""
    task_ids = duties.cycle_chunk(
        cycle_id=cycle_id, on=datetime.date.fromisoformat(on), first_id=first_id, last_id=last_id
    )
    with app.producer_or_acquire() as producer:
        for task_id in task_ids:
            remind.apply_async((task_id, on), producer=producer)
    return len(task_ids)


@shared_task(base=ReliableTask, name="reviews.tasks.remind", **RETRY)
def remind(task_id: int, on: str) -> int:
    """Raises the reminders of one duty due on ``on`` (ISO date). Returns how many were raised."""
    return duties.task_remind(task_id=task_id, on=datetime.date.fromisoformat(on))


@shared_task(base=ReliableTask, name="reviews.tasks.sweep", takes_scheduled_at=True, **RETRY)
def sweep(scheduled_at: str | None = None, on: str | None = None) -> int:
    """Daily: runs every active cycle again for the day (raising any reminder a lost task or a missed beat
    left unraised; what was raised is not raised again) and reminds overdue rectifications. Returns how many
    cycles it ran."""
    day = schedule_day(scheduled_at, on)
    records.rectifications_remind(on=day)
    cycle_ids = list(ReviewCycle.objects.filter(is_active=True).values_list("pk", flat=True))
    for cycle_id in cycle_ids:
        cycle_run.delay(cycle_id, on=day.isoformat())
    return len(cycle_ids)
