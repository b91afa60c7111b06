"""What every background task shares: the reliable base class, and ``ping`` for monitoring."""

import logging

from celery import Task, shared_task
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

REDELIVERY_KEY = "liaoyuan:redeliveries:{task_id}"
REDELIVERY_TTL = 7 * 24 * 3600


def _redelivery_store():
    """Returns a Redis client on the broker, or None when the broker is not Redis (the embedded broker never
    redelivers a task)."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    return import_string("redis.Redis").from_url(url)


class ReliableTask(Task):
    """Base of Liaoyuan's tasks: acknowledged late (a task whose worker dies is run again by another),
    rejected back to the queue when the worker is lost, and guarded against endless redelivery: a task
    redelivered more than ``CELERY_MAX_REDELIVERIES`` times (it killed its worker each time) is dropped and
    logged; the daily sweeps redo its work. Tasks must take IDs and ISO dates and be idempotent.

    A task with ``takes_scheduled_at = True`` gets from beat the moment it was due (``scheduled_at``, an ISO
    datetime; see ``liaoyuan.core.beat``), so that it works on the period of its schedule, not of the moment
    a worker got round to it.
    """

    acks_late = True
    reject_on_worker_lost = True
    takes_scheduled_at = False

    def __call__(self, *args, **kwargs):
        if self.redelivered_too_often():
            logger.error(
                "task %s[%s] redelivered more than %d times: dropped", self.name, self.request.id, self.max_redeliveries
            )
            return None
        return super().__call__(*args, **kwargs)

    @property
    def max_redeliveries(self) -> int:
        return settings.CELERY_MAX_REDELIVERIES

    def redelivered_too_often(self) -> bool:
        """Returns whether this delivery is one redelivery too many (counted in Redis, per task id)."""
        info = getattr(self.request, "delivery_info", None) or {}
        if not info.get("redelivered") or not self.request.id:
            return False
        store = _redelivery_store()
        if store is None:
            return False
        key = REDELIVERY_KEY.format(task_id=self.request.id)
        count = store.incr(key)
        store.expire(key, REDELIVERY_TTL)
        return count > self.max_redeliveries


@shared_task(name="liaoyuan.core.tasks.ping")
def ping() -> str:
    """Returns "pong": lets monitoring (and the integration test) see that a worker takes tasks."""
    return "pong"
