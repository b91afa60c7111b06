"""The daily job that puts each new chair term's joint meeting in draft, run eagerly (a real worker is
tested in tests/test_celery_worker.py)."""

import datetime
import zoneinfo

import pytest

from alliances import tasks
from alliances.models import ChairTerm, JointMeeting
from alliances.services import meetings as meeting_services

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

D = datetime.date


def test_term_start_creates_one_draft_meeting_even_when_the_task_runs_twice(alliances, clock):
    clock.set(2026, 4, 1, 0, 10)
    first = tasks.schedule_term_meeting(alliances.c1.pk, "2026-04-01")
    second = tasks.schedule_term_meeting(alliances.c1.pk, "2026-04-01")
    assert first is not None and second is None
    meeting = JointMeeting.objects.get(alliance=alliances.c1)
    term = ChairTerm.objects.get(alliance=alliances.c1, starts_on=D(2026, 4, 1))
    assert meeting.pk == first and meeting.term == term
    assert meeting.status == JointMeeting.Status.DRAFT
    assert meeting.host_unit_id == term.chair_unit_id
    assert meeting.starts_at == datetime.datetime(2026, 4, 15, 9, tzinfo=SHANGHAI)


def test_a_term_that_already_has_a_meeting_gets_no_draft(alliances, clock):
    clock.set(2026, 3, 20)
    meeting_services.meeting_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="第二季度联席会议",
        starts_at=datetime.datetime(2026, 4, 10, 9, tzinfo=SHANGHAI),
        place="社区",
    )
    clock.set(2026, 4, 1, 0, 10)
    assert tasks.schedule_term_meeting(alliances.c1.pk, "2026-04-01") is None
    assert JointMeeting.objects.filter(alliance=alliances.c1).count() == 1


def test_beat_task_fans_out_to_every_started_alliance_idempotently(alliances, clock, eager):
    clock.set(2026, 4, 1, 0, 10)
    assert tasks.schedule_term_meetings("2026-04-01") == 2
    assert tasks.schedule_term_meetings("2026-04-01") == 2
    drafts = JointMeeting.objects.filter(status=JointMeeting.Status.DRAFT)
    assert sorted(drafts.values_list("alliance_id", flat=True)) == sorted([alliances.c1.pk, alliances.c3.pk])


def test_a_vanished_alliance_is_no_error(db):
    assert tasks.schedule_term_meeting(999999, "2026-04-01") is None
