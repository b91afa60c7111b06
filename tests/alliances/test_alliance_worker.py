"""The daily job that drafts each chair term's joint meeting, run by a real Celery worker on the test database."""

import datetime
import time

import pytest

from alliances.models import JointMeeting
from alliances.tasks import schedule_term_meeting
from tests.workers import database_url, start_worker, stop


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_schedules_the_terms_meeting_once(city, alliances):
    today = datetime.date.today().isoformat()  # noqa: DTZ011 - any day inside the rotation will do
    worker = start_worker(DATABASE_URL=database_url())
    try:
        schedule_term_meeting.delay(alliances.c1.pk, today)
        schedule_term_meeting.delay(alliances.c1.pk, today)  # a second delivery changes nothing
        deadline = time.monotonic() + 60
        drafts = JointMeeting.objects.filter(alliance=alliances.c1, status=JointMeeting.Status.DRAFT)
        while not drafts.exists() and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.3)
        time.sleep(2)  # let the second task run too
        assert drafts.count() == 1
        assert drafts.get().term.starts_on <= datetime.date.fromisoformat(today) <= drafts.get().term.ends_on
    finally:
        stop(worker)
