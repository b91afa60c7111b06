"""The journeys of issue's users, in a real browser, at desktop size and on a phone: a community secretary puts a
joint meeting on the calendar, records who came and what was decided, and tracks a decision as a residents'
problem; the responsible unit's admin finds it in the inbox and reports progress; the secretary closes it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from alliances.models import JointMeeting, TrackedProblem
from tests.browser.conftest import PASSWORD

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _with_password(*users):
    for user in users:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


@pytest.mark.django_db(transaction=True)
def test_a_decision_of_a_joint_meeting_is_tracked_until_it_is_solved(screens, alliances, city):
    alliance = alliances.c1
    _with_password(alliances.c1_secretary, alliances.unit_1_admin)
    meeting_day = timezone.localdate() + datetime.timedelta(days=1)

    # The community secretary puts the meeting on the alliance's calendar for tomorrow morning.
    secretary = screens("secretary")
    secretary.sign_in(alliances.c1_secretary.username)
    secretary.shot("home")
    secretary.go(alliance.get_absolute_url())
    secretary.shot("alliance")
    secretary.page.click(f"a[href='/alliances/{alliance.pk}/meetings/new/']")
    page = secretary.page
    page.fill("input[name=title]", "第三季度联席会议")
    page.fill("input[name=starts_at]", f"{meeting_day.isoformat()}T09:00")
    page.fill("input[name=ends_at]", f"{meeting_day.isoformat()}T11:00")
    page.fill("input[name=place]", "社区党群服务中心二楼会议室")
    page.select_option("select[name=host_unit]", str(city.unit_1.pk))
    page.select_option("select[name=status]", "scheduled")
    page.fill("textarea[name=agenda]", "老旧小区加装电梯\n背街小巷照明")
    secretary.shot("meeting-form")
    secretary.submit()
    meeting = JointMeeting.objects.get(alliance=alliance, title="第三季度联席会议")
    assert meeting.status == JointMeeting.Status.SCHEDULED
    assert page.url.endswith(meeting.get_absolute_url())
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["老旧小区加装电梯", "背街小巷照明"]
    secretary.shot("meeting-scheduled")

    # The next morning, after the meeting: attendance, minutes and decisions.
    after_meeting = datetime.datetime.combine(meeting_day, datetime.time(11, 30), tzinfo=SHANGHAI)
    with time_machine.travel(after_meeting, tick=True):
        secretary.sign_in(alliances.c1_secretary.username)
        secretary.go(meeting.get_absolute_url())
        page.click(f"a[href='/alliances/meetings/{meeting.pk}/attendance/']")
        page.select_option("select[name=form-0-unit]", str(city.unit_1.pk))
        page.fill("input[name=form-0-attendee]", "王建国")
        page.select_option("select[name=form-0-status]", "present")
        page.select_option("select[name=form-1-unit]", str(city.unit_2.pk))
        page.fill("input[name=form-1-attendee]", "李红")
        page.select_option("select[name=form-1-status]", "absent")
        page.fill("input[name=form-1-absence_reason]", "外出培训")
        secretary.shot("attendance-form")
        secretary.submit()
        # the form proposed one row per member unit's contact; the secretary changed the first two
        assert meeting.attendance.filter(attendee="王建国", unit=city.unit_1, status="present").exists()
        assert meeting.attendance.filter(attendee="李红", status="absent", absence_reason="外出培训").exists()

        page.click(f"a[href='/alliances/meetings/{meeting.pk}/minutes/']")
        page.fill("textarea[name=minutes]", "会议听取了两个议题的情况汇报，形成决议如下。")
        page.fill("textarea[name=decisions]", "由一号单位牵头协调三号楼加装电梯\n年底前完成背街小巷照明改造")
        secretary.shot("minutes-form")
        secretary.submit()
        decision = meeting.decisions.get(text__startswith="由一号单位")
        secretary.shot("meeting-minuted")

        # The first decision becomes a residents' problem for unit 1, due in a month.
        page.click(f"a[href='/alliances/{alliance.pk}/problems/new/?decision={decision.pk}']")
        assert page.input_value("input[name=title]") == decision.text
        page.select_option("select[name=responsible_unit]", str(city.unit_1.pk))
        page.fill("input[name=deadline]", (meeting_day + datetime.timedelta(days=30)).isoformat())
        secretary.shot("problem-form")
        secretary.submit()
        problem = TrackedProblem.objects.get(decision=decision)
        assert problem.status == TrackedProblem.Status.OPEN
        assert problem.responsible_unit == city.unit_1
        secretary.shot("problem-open")

        # The unit's admin finds it in the alliance inbox and reports progress.
        unit_admin = screens("unit-admin")
        unit_admin.sign_in(alliances.unit_1_admin.username)
        unit_admin.go("/alliances/inbox/")
        unit_admin.shot("inbox")
        unit_admin.page.click(f"a[href='{problem.get_absolute_url()}']")
        unit_admin.page.fill("textarea[name=note]", "已联系电梯厂家现场勘查，正在征求住户意见。")
        unit_admin.page.select_option("select[name=status]", "in_progress")
        unit_admin.shot("progress-form")
        unit_admin.submit(f"form[action='/alliances/problems/{problem.pk}/progress/']")
        problem.refresh_from_db()
        assert problem.status == TrackedProblem.Status.IN_PROGRESS
        assert problem.updates.filter(note__startswith="已联系电梯厂家").exists()
        unit_admin.shot("problem-in-progress")

        # The secretary closes it as solved, with how it was solved.
        secretary.go(problem.get_absolute_url())
        page.select_option("select[name=status]", "solved")
        page.fill("textarea[name=resolution]", "电梯已安装并通过验收，住户已投入使用。")
        secretary.submit(f"form[action='/alliances/problems/{problem.pk}/progress/']")
        problem.refresh_from_db()
        assert problem.status == TrackedProblem.Status.SOLVED
        assert problem.resolution.startswith("电梯已安装")
        secretary.shot("problem-solved")
