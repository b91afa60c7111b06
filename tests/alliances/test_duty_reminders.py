"""The alliances' inbox items now also remind and escalate through the notification layer: minutes overdue at 3
and 7 days, problems past their deadline, draft meetings not confirmed, terms to chair; each stage once, and a
duty done stops its reminders."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from accounts.models import Role
from alliances import tasks
from alliances.models import JointMeeting
from alliances.selectors.alliances import rotation_terms
from alliances.services import meetings as meeting_services
from alliances.services import problems as problem_services
from notifications.models import Notification, Reminder, Stage
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date


def run_on(day: datetime.date, capture):
    moment = datetime.datetime(day.year, day.month, day.day, 8, 5, tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False), capture(execute=True):
        tasks.remind_duties(scheduled_at=moment.isoformat())


def stages(user, kind):
    return list(
        Notification.objects.filter(recipient=user, reminder__kind=kind)
        .order_by("reminder__created_at", "pk")
        .values_list("reminder__stage", "reminder__days")
    )


@pytest.fixture
def held_meeting(alliances):
    """A meeting hosted by unit 1 on 2026-05-04, without minutes."""
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=SHANGHAI), tick=False):
        return meeting_services.meeting_create(
            user=alliances.c1_secretary,
            alliance=alliances.c1,
            title="五月联席会议",
            starts_at=datetime.datetime(2026, 5, 4, 9, tzinfo=SHANGHAI),
            place="社区",
            host_unit=alliances.c1.memberships.get(chair_position=1).unit,
        )


def test_minutes_are_reminded_at_3_days_and_escalated_at_7(
    alliances, held_meeting, eager, django_capture_on_commit_callbacks
):
    for day in range(5, 13):
        run_on(D(2026, 5, day), django_capture_on_commit_callbacks)
    assert stages(alliances.unit_1_admin, "alliances.minutes_overdue") == [(Stage.OVERDUE, 3)]
    assert stages(alliances.c1_secretary, "alliances.minutes_overdue") == [(Stage.ESCALATION, 7)]
    assert stages(alliances.c2_secretary, "alliances.minutes_overdue") == []
    assert Reminder.objects.get(stage=Stage.OVERDUE).detail == "五月联席会议"


def test_recorded_minutes_stop_the_reminders_and_mark_them_done(
    alliances, held_meeting, eager, django_capture_on_commit_callbacks
):
    run_on(D(2026, 5, 7), django_capture_on_commit_callbacks)
    with time_machine.travel(datetime.datetime(2026, 5, 8, 9, tzinfo=SHANGHAI), tick=False):
        meeting_services.meeting_minutes_record(user=alliances.unit_1_admin, meeting=held_meeting, minutes="议定三件事")
    run_on(D(2026, 5, 11), django_capture_on_commit_callbacks)
    assert Reminder.objects.filter(kind="alliances.minutes_overdue").count() == 1
    assert Reminder.objects.get(kind="alliances.minutes_overdue").resolved_at is not None


def test_a_problem_past_its_deadline_reminds_the_unit_then_escalates(
    alliances, city, eager, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=SHANGHAI), tick=False):
        problem = problem_services.problem_create(
            user=alliances.c1_secretary,
            alliance=alliances.c1,
            title="小区停车难",
            category="parking",
            responsible_unit=city.unit_1,
            deadline=D(2026, 5, 10),
        )
    for day in (10, 11, 12, 17, 18):
        run_on(D(2026, 5, day), django_capture_on_commit_callbacks)
    assert stages(alliances.unit_1_admin, "alliances.problem_overdue") == [(Stage.OVERDUE, 1)]
    assert stages(alliances.c1_secretary, "alliances.problem_overdue") == [(Stage.ESCALATION, 7)]
    assert Reminder.objects.filter(target_id=problem.pk, kind="alliances.problem_overdue").count() == 2


def test_a_draft_is_reminded_to_the_chair_and_escalated_when_its_day_passes(
    alliances, eager, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2026, 4, 1, 0, 10, tzinfo=SHANGHAI), tick=False):
        meeting_id = tasks.schedule_term_meeting(alliances.c1.pk, "2026-04-01")
    draft = JointMeeting.objects.get(pk=meeting_id)
    starts_on = draft.starts_at.astimezone(SHANGHAI).date()
    run_on(starts_on - datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    run_on(starts_on + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    chair_admin = alliances.unit_1_admin if draft.host_unit_id else alliances.c1_secretary
    assert stages(chair_admin, "alliances.draft_unconfirmed")[0] == (Stage.UPCOMING, 7)
    assert (Stage.ESCALATION, 1) in stages(alliances.c1_secretary, "alliances.draft_unconfirmed")


def test_the_unit_that_chairs_next_hears_a_week_ahead_once(alliances, city, eager, django_capture_on_commit_callbacks):
    admins = {
        city.unit_1.pk: alliances.unit_1_admin,
        city.unit_2.pk: user_with_role(Role.UNIT_ADMIN, unit=city.unit_2, email="u2@example.cn"),
    }
    alliances.unit_1_admin.email = "u1@example.cn"
    alliances.unit_1_admin.save()
    # the C1 alliance rotates every quarter from 2020 (secretary, unit 1, unit 2): find a term a unit chairs
    terms = rotation_terms(alliances.c1, until=D(2027, 12, 31))
    term = next(t for t in terms if t.starts_on > D(2026, 6, 30) and t.chair_unit_id)
    before = term.starts_on - datetime.timedelta(days=7)
    for day in (before - datetime.timedelta(days=1), before, before + datetime.timedelta(days=1)):
        run_on(day, django_capture_on_commit_callbacks)
    reminders = Reminder.objects.filter(kind="alliances.term_to_chair", target_id=alliances.c1.pk)
    assert list(reminders.values_list("period", flat=True)) == [term.starts_on.isoformat()]
    recipients = list(Notification.objects.filter(reminder__in=reminders).values_list("recipient_id", flat=True))
    assert recipients == [admins[term.chair_unit_id].pk]
    assert [m.to for m in mail.outbox] == [[admins[term.chair_unit_id].email]]
