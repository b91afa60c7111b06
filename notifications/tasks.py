"""Background jobs of the notification layer: sending one delivery, and the daily sweep that heals."""

import smtplib

from celery import shared_task
from django.db import OperationalError

from liaoyuan.core.tasks import ReliableTask
from notifications import services


@shared_task(
    base=ReliableTask,
    name="notifications.tasks.deliver",
    autoretry_for=(services.TransientDeliveryError, OperationalError, smtplib.SMTPException),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=services.MAX_ATTEMPTS,
)
def deliver(delivery_id: int) -> str:
    """Sends one e-mail or SMS delivery (idempotent: claimed before sending). Returns its status."""
    return services.delivery_send(delivery_id=delivery_id)


@shared_task(base=ReliableTask, name="notifications.tasks.sweep")
def sweep() -> int:
    """Daily: enqueues again every delivery whose task was lost or whose worker died. Returns how many."""
    return services.deliveries_requeue()
