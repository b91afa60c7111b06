"""The Celery app. The beat schedule lives here, one entry per periodic job, each with a comment."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaoyuan.settings")

app = Celery("liaoyuan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Entries are added by the apps that own the jobs; each says what it does and when.
}
