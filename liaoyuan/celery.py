"""The Celery app. The beat schedule lives here, one entry per periodic job, each with a comment."""

import os

from celery import Celery, signals
from celery.schedules import crontab

from liaoyuan.core.db_router import pin_to_primary

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaoyuan.settings")

app = Celery("liaoyuan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # One entry per periodic job, each saying what it does and when.
    # Daily at 00:10 (Asia/Shanghai): the chair term running today gets its joint meeting in draft, hosted by
    # the chair, for the chair to confirm; a term that already has a meeting is left alone (idempotent).
    "alliances-term-meeting-drafts": {
        "task": "alliances.tasks.schedule_term_meetings",
        "schedule": crontab(hour=0, minute=10),
    },
}


@signals.task_prerun.connect
def _read_from_replicas_until_the_task_writes(**kwargs):
    """Each task starts reading from replicas (if any) until it writes (``liaoyuan.core.db_router``)."""
    pin_to_primary(False)
