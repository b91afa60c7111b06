"""Joint meetings: scheduling (never in the past), the chair hosts, attendance of members only, minutes
and decisions, "minutes overdue" at 3 and 7 days."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from alliances.models import Attendance, Decision, JointMeeting
from alliances.selectors import meetings as selectors
from alliances.services import alliances as alliance_services
from alliances.services import meetings as services
from alliances.services import problems as problem_services
from tests.factories import MemberUnitFactory, user_with_role

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

D = datetime.date


def at(year, month, day, hour=9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def schedule(alliances, user=None, **fields) -> JointMeeting:
    values = {"title": "第二季度联席会议", "starts_at": at(2026, 5, 20), "place": "社区党群服务中心"}
    values.update(fields)
    return services.meeting_create(user=user or alliances.c1_secretary, alliance=alliances.c1, **values)


def present(unit, name="代表", **kw) -> services.AttendanceRow:
    return services.AttendanceRow(unit=unit, attendee=name, **kw)


def test_the_chair_of_the_term_hosts_by_default(alliances, city, clock):
    # c1 rotates quarterly from 2020-01-01 (secretary, unit_1, unit_2)
    clock.set(2026, 4, 1)
    meeting = schedule(alliances, agenda=["老旧小区改造", "  ", "冬季供暖"])
    assert meeting.term.starts_on == D(2026, 4, 1)
    assert meeting.host_unit == meeting.term.chair_unit
    assert [i.title for i in meeting.agenda_items.all()] == ["老旧小区改造", "冬季供暖"]
    assert meeting.status == JointMeeting.Status.SCHEDULED and meeting.created_by == alliances.c1_secretary


def test_a_meeting_in_the_past_cannot_be_scheduled(alliances, clock):
    clock.set(2026, 6, 1)
    with pytest.raises(ValidationError) as exc:
        schedule(alliances, starts_at=at(2026, 5, 20))
    assert "past cannot be scheduled" in exc.value.message_dict["starts_at"][0]
    held = schedule(alliances, starts_at=at(2026, 5, 20), status=JointMeeting.Status.HELD)
    assert held.status == JointMeeting.Status.HELD
    with pytest.raises(ValidationError) as exc:
        schedule(alliances, starts_at=at(2026, 7, 1), status=JointMeeting.Status.HELD)
    assert "starts_at" in exc.value.message_dict


def test_a_draft_in_the_past_cannot_be_confirmed(alliances, clock):
    clock.set(2026, 5, 1)
    draft = schedule(alliances, status=JointMeeting.Status.DRAFT)
    clock.set(2026, 5, 21)
    with pytest.raises(ValidationError):
        services.meeting_confirm(user=alliances.c1_secretary, meeting=draft)
    draft.refresh_from_db()
    assert draft.status == JointMeeting.Status.DRAFT
    clock.set(2026, 5, 2)
    assert services.meeting_confirm(user=alliances.c1_secretary, meeting=draft).status == "scheduled"


def test_a_host_must_be_a_member_on_the_day(alliances, city, clock):
    clock.set(2026, 4, 1)
    neighbour = MemberUnitFactory(location=city.c1)  # stationed in C1, seen by its secretary, not a member
    with pytest.raises(ValidationError) as exc:
        schedule(alliances, host_unit=neighbour)
    assert exc.value.message_dict["host_unit"] == [f"{neighbour} is not a member of this alliance on 2026-05-20."]


def test_a_host_out_of_sight_is_refused_without_its_name(alliances, city, clock):
    clock.set(2026, 4, 1)
    with pytest.raises(ValidationError) as exc:
        schedule(alliances, host_unit=city.unit_3)
    assert exc.value.message_dict == {"host_unit": ["No such unit."]}
    assert not JointMeeting.objects.exists()


def test_member_unit_admin_schedules_only_meetings_it_hosts(alliances, city, clock):
    clock.set(2026, 4, 1)
    with pytest.raises(PermissionDenied):
        schedule(alliances, user=alliances.unit_3_admin)
    with pytest.raises(ValidationError):
        schedule(alliances, user=alliances.unit_1_admin, host_unit=city.unit_2)
    meeting = schedule(alliances, user=alliances.unit_1_admin, host_unit=city.unit_1)
    assert meeting.host_unit == city.unit_1


def test_host_records_attendance_and_the_meeting_is_held(alliances, city, clock):
    clock.set(2026, 5, 1)
    meeting = schedule(alliances, host_unit=city.unit_1)
    clock.set(2026, 5, 20, 11)
    rows = [
        present(None, "社区书记"),
        present(city.unit_1, "刘一"),
        present(city.unit_2, "刘二", status="absent", absence_reason="出差"),
    ]
    services.meeting_attendance_record(user=alliances.unit_1_admin, meeting=meeting, rows=rows)
    meeting.refresh_from_db()
    assert meeting.status == JointMeeting.Status.HELD
    assert {(a.unit_id, a.attendee, a.status) for a in meeting.attendance.all()} == {
        (None, "社区书记", "present"),
        (city.unit_1.pk, "刘一", "present"),
        (city.unit_2.pk, "刘二", "absent"),
    }


def test_attendance_refused_for_a_unit_not_member_on_the_meeting_day(alliances, city, clock):
    clock.set(2026, 5, 1)
    meeting = schedule(alliances)
    alliance_services.membership_leave(
        user=alliances.c1_secretary,
        membership=alliances.c1.memberships.get(unit=city.unit_2),
        left_on=D(2026, 5, 10),
        reason="搬迁",
    )
    clock.set(2026, 5, 21)
    neighbour = MemberUnitFactory(location=city.c1)  # stationed in C1, seen by its secretary, not a member
    for unit in (neighbour, city.unit_2):
        with pytest.raises(ValidationError) as exc:
            services.meeting_attendance_record(user=alliances.c1_secretary, meeting=meeting, rows=[present(unit)])
        assert exc.value.message_dict["attendance"] == [f"{unit} is not a member of this alliance on 2026-05-20."]
    with pytest.raises(ValidationError) as exc:
        services.meeting_attendance_record(user=alliances.c1_secretary, meeting=meeting, rows=[present(city.unit_3)])
    assert exc.value.message_dict == {"attendance": ["No such unit."]}  # another community's unit goes unnamed
    assert not Attendance.objects.exists()


def test_an_absent_attendee_needs_a_reason(alliances, city, clock):
    clock.set(2026, 5, 1)
    meeting = schedule(alliances)
    clock.set(2026, 5, 21)
    with pytest.raises(ValidationError) as exc:
        services.meeting_attendance_record(
            user=alliances.c1_secretary, meeting=meeting, rows=[present(city.unit_1, status="absent")]
        )
    assert "reason why" in exc.value.message_dict["attendance"][0]


def test_attendance_waits_for_the_meeting(alliances, city, clock):
    clock.set(2026, 5, 1)
    meeting = schedule(alliances)
    with pytest.raises(ValidationError) as exc:
        services.meeting_attendance_record(user=alliances.c1_secretary, meeting=meeting, rows=[present(city.unit_1)])
    assert "once the meeting has begun" in exc.value.messages[0]


def test_a_member_that_does_not_host_cannot_record(alliances, city, clock):
    clock.set(2026, 5, 1)
    meeting = schedule(alliances, host_unit=city.unit_1)
    other = MemberUnitFactory(location=city.c1)
    alliance_services.membership_join(
        user=alliances.c1_secretary, alliance=alliances.c1, unit=other, joined_on=D(2026, 1, 1), committee_member="周"
    )
    other_admin = user_with_role(Role.UNIT_ADMIN, unit=other)
    clock.set(2026, 5, 21)
    with pytest.raises(PermissionDenied):
        services.meeting_minutes_record(user=other_admin, meeting=meeting, minutes="纪要")


def test_minutes_and_decisions_are_recorded_and_kept_in_order(alliances, city, clock):
    clock.set(2026, 5, 1)
    meeting = schedule(alliances)
    now = clock.set(2026, 5, 22)
    services.meeting_minutes_record(
        user=alliances.c1_secretary, meeting=meeting, minutes="会议纪要", decisions=["修缮3号楼", "增设停车位"]
    )
    meeting.refresh_from_db()
    assert meeting.status == JointMeeting.Status.HELD
    assert meeting.minutes_recorded_at == now
    assert list(meeting.decisions.values_list("position", "text")) == [(1, "修缮3号楼"), (2, "增设停车位")]
    decision = meeting.decisions.get(position=2)
    problem_services.problem_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        decision=decision,
        title="停车难",
        category="parking",
        responsible_unit=city.unit_1,
        deadline=D(2026, 9, 30),
    )
    with pytest.raises(ValidationError) as exc:
        services.meeting_minutes_record(
            user=alliances.c1_secretary, meeting=meeting, minutes="会议纪要", decisions=["修缮3号楼"]
        )
    assert "decisions" in exc.value.message_dict
    services.meeting_minutes_record(
        user=alliances.c1_secretary,
        meeting=meeting,
        minutes="会议纪要（修订）",
        decisions=["修缮3号楼", "增设车位60个"],
    )
    assert Decision.objects.get(pk=decision.pk).text == "增设车位60个"


def test_minutes_are_overdue_after_3_days_and_escalate_after_7(alliances, city, clock):
    clock.set(2026, 5, 1)
    meeting = schedule(alliances, host_unit=city.unit_1, starts_at=at(2026, 5, 20))

    def overdue_days():
        return selectors.meeting_list(user=alliances.c1_secretary).get(pk=meeting.pk).minutes_overdue_days

    clock.set(2026, 5, 23, 8)
    assert overdue_days() == 0
    clock.set(2026, 5, 23, 10)
    assert overdue_days() == 3
    assert list(selectors.minutes_overdue(user=alliances.c1_secretary)) == [meeting]
    assert list(selectors.minutes_overdue(user=alliances.unit_1_admin)) == [meeting]  # the host
    assert list(selectors.minutes_overdue(user=alliances.c2_secretary)) == []
    assert list(selectors.minutes_overdue(user=alliances.city_office)) == []  # sees, does not write
    clock.set(2026, 5, 27, 10)
    assert overdue_days() == 7
    assert selectors.minutes_overdue_days(meeting, now=clock.set(2026, 5, 27, 10)) == 7
    services.meeting_minutes_record(user=alliances.unit_1_admin, meeting=meeting, minutes="纪要")
    assert overdue_days() == 0


def test_cancelled_and_draft_meetings_are_never_minutes_overdue(alliances, clock):
    clock.set(2026, 5, 1)
    draft = schedule(alliances, status=JointMeeting.Status.DRAFT)
    cancelled = services.meeting_cancel(user=alliances.c1_secretary, meeting=schedule(alliances))
    clock.set(2026, 7, 1)
    rows = {m.pk: m.minutes_overdue_days for m in selectors.meeting_list(user=alliances.c1_secretary)}
    assert rows == {draft.pk: 0, cancelled.pk: 0}
    with pytest.raises(ValidationError):
        services.meeting_cancel(user=alliances.c1_secretary, meeting=cancelled)


def test_host_unit_admin_cannot_hand_the_meeting_to_another_host(alliances, city, clock):
    clock.set(2026, 4, 1)
    meeting = schedule(alliances, user=alliances.unit_1_admin, host_unit=city.unit_1)
    values = services.meeting_values(meeting)
    for other in (city.unit_2, None):  # another member, the party organisation
        with pytest.raises(ValidationError) as exc:
            services.meeting_update(user=alliances.unit_1_admin, meeting=meeting, **{**values, "host_unit": other})
        assert exc.value.message_dict == {"host_unit": ["Member units put on the calendar the meetings they host."]}
    meeting.refresh_from_db()
    assert meeting.host_unit == city.unit_1
    services.meeting_update(user=alliances.unit_1_admin, meeting=meeting, **{**values, "place": "单位会议室"})
    meeting.refresh_from_db()
    assert meeting.place == "单位会议室" and meeting.host_unit == city.unit_1  # other changes are its to make
    services.meeting_update(user=alliances.c1_secretary, meeting=meeting, **{**values, "host_unit": city.unit_2})
    meeting.refresh_from_db()
    assert meeting.host_unit == city.unit_2  # the secretary may hand it over


def test_host_unit_admin_cannot_hand_the_meeting_over_in_the_api(alliances, city, clock):
    from rest_framework.test import APIClient

    clock.set(2026, 4, 1)
    meeting = schedule(alliances, user=alliances.unit_1_admin, host_unit=city.unit_1, agenda=["一", "二"])
    api = APIClient()
    api.force_authenticate(alliances.unit_1_admin)
    response = api.patch(f"/api/v1/joint-meetings/{meeting.pk}/", {"host_unit": city.unit_2.pk}, format="json")
    assert response.status_code == 400 and "host_unit" in response.json()["error"]["fields"]
    response = api.patch(f"/api/v1/joint-meetings/{meeting.pk}/", {"place": "单位会议室"}, format="json")
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.host_unit == city.unit_1 and meeting.place == "单位会议室"
    assert [i.title for i in meeting.agenda_items.all()] == ["一", "二"]  # the other values are kept


def test_attendance_form_starts_with_the_recorded_attendance(alliances, city, clock):
    clock.set(2026, 5, 1)
    meeting = schedule(alliances)
    assert selectors.attendance_initial(meeting) == [
        {"unit": "", "attendee": "", "status": "present"},
        *sorted(
            (
                {"unit": str(m.unit_id), "attendee": m.committee_member, "status": "present"}
                for m in alliances.c1.memberships.select_related("unit")
            ),
            key=lambda line: alliances.c1.memberships.get(unit_id=int(line["unit"])).unit.name,
        ),
    ]
    clock.set(2026, 5, 21)
    rows = [present(city.unit_2, "刘二", status="absent", absence_reason="出差"), present(None, "书记")]
    services.meeting_attendance_record(user=alliances.c1_secretary, meeting=meeting, rows=rows)
    assert selectors.attendance_initial(meeting) == [
        {"unit": "", "attendee": "书记", "status": "present", "absence_reason": ""},
        {"unit": str(city.unit_2.pk), "attendee": "刘二", "status": "absent", "absence_reason": "出差"},
    ]
