"""The Celery app. The beat schedule lives here, one entry per periodic job, each with a comment.

Beat runs django-celery-beat's database scheduler (``liaoyuan.core.beat``): the entries below are copied into
the database at start, where the admin may change their times; each review cycle adds its own entry there
(``reviews.services.cycles``). Run exactly one beat.
"""

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
    # Daily at 08:05: the alliances' duties are reminded and escalated (minutes overdue at 3 and 7 days, problems
    # past their deadline, drafts not confirmed, terms to chair), each stage once.
    "alliances-duty-reminders": {
        "task": "alliances.tasks.remind_duties",
        "schedule": crontab(hour=8, minute=5),
    },
    # Daily at 08:10: open responsibilities of the four lists are reminded a week before their deadline (the
    # responsible unit) and the day after it (the unit and the list's keepers), each stage once.
    "ledgers-responsibility-reminders": {
        "task": "ledgers.tasks.remind_responsibilities",
        "schedule": crontab(hour=8, minute=10),
    },
    # Daily at 12:00: every review cycle runs again for the day, raising any reminder that a lost task or a missed
    # beat left unraised (what was raised is not raised again), and overdue rectifications are reminded.
    "reviews-sweep": {
        "task": "reviews.tasks.sweep",
        "schedule": crontab(hour=12, minute=0),
    },
    # Daily at 03:20: every node's counts (households, people, party members, nodes below) are recounted from the
    # records, repairing what writes outside the services left out; the services keep them current in between.
    "grids-recount-summaries": {
        "task": "grids.tasks.recount_summaries",
        "schedule": crontab(hour=3, minute=20),
    },
    # Daily at 03:25: the serving posts under every node (chiefs full- and part-time, at how many nodes) are
    # recounted from the records; the appointing and ending services keep them current in between.
    "people-recount-duty-summaries": {
        "task": "people.tasks.recount_duty_summaries",
        "schedule": crontab(hour=3, minute=25),
    },
    # Hourly at :45: exports older than EXPORT_KEEP_HOURS are removed with their files.
    "exports-cleanup": {
        "task": "exports.tasks.cleanup",
        "schedule": crontab(minute=45),
    },
    # Daily at 08:15: wishes past their promised date are escalated, the day after to the community secretary and
    # three days after to the street secretary, each stage once per promised date.
    "wishes-escalate-overdue": {
        "task": "wishes.tasks.escalate_overdue",
        "schedule": crontab(hour=8, minute=15),
    },
    # Daily at 18:00: each volunteer holding a place on a shift tomorrow is reminded (inbox, SMS by their
    # channels), each claim once however often it runs.
    "volunteers-shift-reminders": {
        "task": "volunteers.tasks.remind_shifts",
        "schedule": crontab(hour=18, minute=0),
    },
    # Daily at 08:20: communities where declared hours have waited more than 7 days are reminded to confirm
    # them, once a week each; reminders of communities with nothing waiting are marked done.
    "volunteers-hours-reminders": {
        "task": "volunteers.tasks.remind_hours",
        "schedule": crontab(hour=8, minute=20),
    },
    # Hourly at :35: residents' SMS about their wishes whose task was lost are sent again (never twice).
    "wishes-sweep": {
        "task": "wishes.tasks.sweep",
        "schedule": crontab(minute=35),
    },
    # Hourly at :30: e-mails and SMS whose task was lost, or whose worker died while sending, are sent again.
    "notifications-sweep": {
        "task": "notifications.tasks.sweep",
        "schedule": crontab(minute=30),
    },
}


@signals.task_prerun.connect
def _read_from_replicas_until_the_task_writes(**kwargs):
    """Each task starts reading from replicas (if any) until it writes (``liaoyuan.core.db_router``)."""
    pin_to_primary(False)
