"""Background jobs of the alliances: thin, idempotent wrappers of services that take IDs and ISO dates."""

import datetime

from celery import current_app, shared_task
from django.db import OperationalError
from django.utils import timezone

from alliances.models import Alliance
from alliances.services import reminders
from alliances.services.meetings import term_meeting_draft_ensure
from liaoyuan.core.tasks import ReliableTask


@shared_task(name="alliances.tasks.schedule_term_meetings", acks_late=True, reject_on_worker_lost=True)
def schedule_term_meetings(on: str | None = None) -> int:
    """Beat, daily: enqueues ``schedule_term_meeting`` for every alliance whose rotation has begun on ``on``
    (an ISO date; today by default). Returns how many were enqueued."""
    day = on or timezone.localdate().isoformat()
    started = Alliance.objects.filter(rotation_starts_on__lte=datetime.date.fromisoformat(day))
    alliance_ids = list(started.values_list("pk", flat=True))
    for alliance_id in alliance_ids:
        schedule_term_meeting.delay(alliance_id, day)
    return len(alliance_ids)


@shared_task(
    name="alliances.tasks.schedule_term_meeting",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),  # a lock wait or a dropped connection: try again shortly
    retry_backoff=True,
    max_retries=5,
)
def schedule_term_meeting(alliance_id: int, on: str) -> int | None:
    """Schedules in draft the joint meeting of the chair term running on ``on`` (ISO date) in the alliance,
    unless that term already has a meeting. Returns the new meeting's ID, or None. Safe to run twice."""
    meeting = term_meeting_draft_ensure(alliance_id=alliance_id, on=datetime.date.fromisoformat(on))
    return meeting.pk if meeting else None


RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(base=ReliableTask, name="alliances.tasks.remind_duties", takes_scheduled_at=True, **RETRY)
def remind_duties(scheduled_at: str | None = None, on: str | None = None) -> int:
    """Beat, daily: enqueues one small task per meeting, problem and alliance that may have a duty to remind on
    the day of the schedule. Returns how many were enqueued."""
    if on:
        day = datetime.date.fromisoformat(on)
    elif scheduled_at:
        day = timezone.localtime(datetime.datetime.fromisoformat(scheduled_at)).date()
    else:
        day = timezone.localdate()
    found = reminders.candidates(on=day)
    with current_app.producer_or_acquire() as producer:
        for meeting_id in found["meetings"]:
            remind_meeting.apply_async((meeting_id, day.isoformat()), producer=producer)
        for problem_id in found["problems"]:
            remind_problem.apply_async((problem_id, day.isoformat()), producer=producer)
        for alliance_id in found["alliances"]:
            remind_term.apply_async((alliance_id, day.isoformat()), producer=producer)
    return sum(len(ids) for ids in found.values())


@shared_task(base=ReliableTask, name="alliances.tasks.remind_meeting", **RETRY)
def remind_meeting(meeting_id: int, on: str) -> int:
    """Reminds a meeting's minutes or draft due on ``on``; safe to run twice."""
    return reminders.meeting_remind(meeting_id=meeting_id, on=datetime.date.fromisoformat(on))


@shared_task(base=ReliableTask, name="alliances.tasks.remind_problem", **RETRY)
def remind_problem(problem_id: int, on: str) -> int:
    """Reminds a problem past its deadline on ``on``; safe to run twice."""
    return reminders.problem_remind(problem_id=problem_id, on=datetime.date.fromisoformat(on))


@shared_task(base=ReliableTask, name="alliances.tasks.remind_term", **RETRY)
def remind_term(alliance_id: int, on: str) -> int:
    """Tells the unit that chairs the alliance's next term, a week ahead; safe to run twice."""
    return reminders.term_remind(alliance_id=alliance_id, on=datetime.date.fromisoformat(on))
