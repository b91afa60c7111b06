"""The daily job that drafts each chair term's joint meeting, run by a real Celery worker on the test database."""

import datetime
import uuid

import pytest
from celery.app.backends import by_url
from celery.result import AsyncResult
from django.conf import settings

from alliances.models import JointMeeting
from alliances.tasks import schedule_term_meeting
from liaoyuan.celery import app
from tests.workers import database_url, start_worker, stop


@pytest.fixture
def result_backend_url(tmp_path):
    """Redis when the broker is Redis, else a SQLite file: the worker stores the tasks' answers there."""
    if settings.CELERY_BROKER_URL.startswith("redis"):
        return settings.CELERY_BROKER_URL
    return f"db+sqlite:///{tmp_path / 'results.sqlite3'}"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_schedules_the_terms_meeting_once(city, alliances, result_backend_url):
    today = datetime.date.today().isoformat()  # noqa: DTZ011 - any day inside the rotation will do
    queue = f"test-alliances-{uuid.uuid4().hex}"  # its own queue: no other test's worker takes these tasks
    worker = start_worker("--queues", queue, DATABASE_URL=database_url(), CELERY_RESULT_BACKEND=result_backend_url)
    try:
        backend_cls, url = by_url(result_backend_url, app.loader)
        backend = backend_cls(app=app, url=url)
        args = (alliances.c1.pk, today)
        sent = [
            schedule_term_meeting.apply_async(args, queue=queue, ignore_result=False),
            schedule_term_meeting.apply_async(args, queue=queue, ignore_result=False),  # a second delivery
        ]
        first, second = (AsyncResult(s.id, backend=backend, app=app).get(timeout=60) for s in sent)
        assert worker.poll() is None
    finally:
        stop(worker)
    drafts = JointMeeting.objects.filter(alliance=alliances.c1, status=JointMeeting.Status.DRAFT)
    assert [d.pk for d in drafts] == [first] and second is None
    term = drafts.get().term
    assert term.starts_on <= datetime.date.fromisoformat(today) <= term.ends_on
