"""Background jobs of the wishes: thin, idempotent wrappers of services that take IDs and ISO dates."""

import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from liaoyuan.core.tasks import ReliableTask
from notifications.sms import TransientSMSError
from wishes.services import escalation, messages

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(
    base=ReliableTask,
    name="wishes.tasks.send_message",
    autoretry_for=(messages.TransientMessageError, TransientSMSError, OperationalError),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=messages.MAX_ATTEMPTS,
)
def send_message(message_id: int) -> str:
    """Sends one SMS to a resident (claimed before sending: never twice). Returns its status."""
    return messages.message_send(message_id=message_id)


@shared_task(base=ReliableTask, name="wishes.tasks.escalate_overdue", takes_scheduled_at=True, **RETRY)
def escalate_overdue(scheduled_at: str | None = None, on: str | None = None) -> int:
    """Beat, daily: escalates the wishes past their promised date (the community secretary, then the street),
    each stage once. Returns how many reminders were raised."""
    if on:
        day = datetime.date.fromisoformat(on)
    elif scheduled_at:
        day = timezone.localtime(datetime.datetime.fromisoformat(scheduled_at)).date()
    else:
        day = timezone.localdate()
    return escalation.escalate_all(on=day)


@shared_task(base=ReliableTask, name="wishes.tasks.sweep")
def sweep() -> int:
    """Hourly: sends again the residents' SMS whose task was lost. Returns how many."""
    return messages.messages_requeue()
