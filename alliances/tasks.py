"""Background jobs of the alliances: thin, idempotent wrappers of services that take IDs and ISO dates."""

import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from alliances.models import Alliance
from alliances.services.meetings import term_meeting_draft_ensure


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
