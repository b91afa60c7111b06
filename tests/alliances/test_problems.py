"""Tracked problems: created from decisions, assigned to a current member, moved through the one table of
transitions (who and when recorded), overdue past the deadline, progress by the responsible unit."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from alliances.models import ProblemUpdate, TrackedProblem
from alliances.selectors import problems as selectors
from alliances.services import meetings as meeting_services
from alliances.services import problems as services
from alliances.services.problems import PROBLEM_TRANSITIONS
from tests.factories import MemberUnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

D = datetime.date
S = TrackedProblem.Status


def track(alliances, city, user=None, **fields) -> TrackedProblem:
    values = {
        "title": "3号楼供暖不热",
        "category": TrackedProblem.Category.WATER_HEATING,
        "responsible_unit": city.unit_1,
        "deadline": D(2026, 12, 31),
    }
    values.update(fields)
    return services.problem_create(user=user or alliances.c1_secretary, alliance=alliances.c1, **values)


def move(problem, user, status, **kw):
    return services.problem_progress(user=user, problem=problem, status=status, **kw)


def test_responsible_unit_must_be_a_current_member_and_the_deadline_ahead(alliances, city, clock):
    clock.set(2026, 6, 1)
    with pytest.raises(ValidationError) as exc:
        track(alliances, city, responsible_unit=MemberUnitFactory(location=city.c1))
    assert "current member" in exc.value.message_dict["responsible_unit"][0]
    with pytest.raises(ValidationError) as exc:
        track(alliances, city, responsible_unit=city.unit_3)  # another community's unit, out of sight
    assert exc.value.message_dict == {"responsible_unit": ["No such unit."]}
    with pytest.raises(ValidationError) as exc:
        track(alliances, city, deadline=D(2026, 5, 31))
    assert "deadline" in exc.value.message_dict


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([S.IN_PROGRESS], True),
        ([S.UNSOLVABLE], True),
        ([S.IN_PROGRESS, S.SOLVED], True),
        ([S.IN_PROGRESS, S.UNSOLVABLE, S.IN_PROGRESS], True),
        ([S.SOLVED], False),  # open → solved skips "in progress"
        ([S.IN_PROGRESS, S.OPEN], False),
        ([S.IN_PROGRESS, S.SOLVED, S.IN_PROGRESS], False),  # solved stays solved
    ],
)
def test_status_moves_only_along_the_transition_table(alliances, city, clock, path, allowed):
    clock.set(2026, 6, 1)
    problem = track(alliances, city)
    *before, last = path
    for status in before:
        move(problem, alliances.c1_secretary, status, resolution="已处理")
    problem.refresh_from_db()
    assert (last in PROBLEM_TRANSITIONS[problem.status]) is allowed
    if allowed:
        move(problem, alliances.c1_secretary, last, resolution="已处理")
        problem.refresh_from_db()
        assert problem.status == last
    else:
        status_before = problem.status
        with pytest.raises(ValidationError) as exc:
            move(problem, alliances.c1_secretary, last, resolution="已处理")
        assert "cannot be marked" in exc.value.message_dict["status"][0]
        problem.refresh_from_db()
        assert problem.status == status_before


def test_status_change_records_who_and_when(alliances, city, clock):
    clock.set(2026, 6, 1)
    problem = track(alliances, city)
    when = clock.set(2026, 6, 3, 15)
    note = move(problem, alliances.unit_1_admin, S.IN_PROGRESS, note="已联系热力公司")
    problem.refresh_from_db()
    assert problem.status_changed_by == alliances.unit_1_admin and problem.status_changed_at == when
    assert (note.author, note.status_from, note.status_to, note.note) == (
        alliances.unit_1_admin,
        S.OPEN,
        S.IN_PROGRESS,
        "已联系热力公司",
    )


def test_a_problem_cannot_be_solved_without_a_resolution_note(alliances, city, clock):
    clock.set(2026, 6, 1)
    problem = track(alliances, city)
    move(problem, alliances.c1_secretary, S.IN_PROGRESS, note="开始")
    with pytest.raises(ValidationError) as exc:
        move(problem, alliances.c1_secretary, S.SOLVED)
    assert exc.value.message_dict["resolution"] == ["A problem cannot be marked solved without a resolution note."]
    with pytest.raises(ValidationError) as exc:
        move(problem, alliances.c1_secretary, S.UNSOLVABLE)
    assert "reason" in exc.value.message_dict["resolution"][0]
    clock.set(2026, 7, 1)
    move(problem, alliances.c1_secretary, S.SOLVED, resolution="更换管道后温度达标")
    problem.refresh_from_db()
    assert problem.resolution == "更换管道后温度达标" and problem.closed_on == D(2026, 7, 1)


def test_taking_an_unsolvable_problem_up_again_clears_its_closing(alliances, city, clock):
    clock.set(2026, 6, 1)
    problem = track(alliances, city)
    move(problem, alliances.c1_secretary, S.UNSOLVABLE, resolution="产权不明")
    move(problem, alliances.c1_secretary, S.IN_PROGRESS, note="产权已明确")
    problem.refresh_from_db()
    assert problem.status == S.IN_PROGRESS and problem.resolution == "" and problem.closed_on is None
    assert ProblemUpdate.objects.filter(problem=problem).count() == 2


def test_a_progress_note_without_a_status_change_needs_text(alliances, city, clock):
    clock.set(2026, 6, 1)
    problem = track(alliances, city)
    with pytest.raises(ValidationError) as exc:
        services.problem_progress(user=alliances.unit_1_admin, problem=problem, note=" ")
    assert "note" in exc.value.message_dict
    services.problem_progress(user=alliances.unit_1_admin, problem=problem, note="现场勘查")
    assert problem.updates.get().status_to == ""


def test_overdue_is_open_or_in_progress_past_the_deadline(alliances, city, clock):
    clock.set(2026, 6, 1)
    late = track(alliances, city, title="逾期", deadline=D(2026, 6, 10))
    solved = track(alliances, city, title="已解决", deadline=D(2026, 6, 10))
    move(solved, alliances.c1_secretary, S.IN_PROGRESS, note="x")
    move(solved, alliances.c1_secretary, S.SOLVED, resolution="完成")
    on_time = track(alliances, city, title="未到期", deadline=D(2026, 7, 10))
    clock.set(2026, 6, 11)
    rows = {p.pk: p.is_overdue for p in selectors.problem_list(user=alliances.c1_secretary)}
    assert rows == {late.pk: True, solved.pk: False, on_time.pk: False}
    assert [p.pk for p in selectors.problem_list(user=alliances.c1_secretary)][0] == late.pk  # overdue first


def test_responsible_unit_reports_progress_but_does_not_edit_the_problem(alliances, city, clock):
    clock.set(2026, 6, 1)
    problem = track(alliances, city)
    move(problem, alliances.unit_1_admin, S.IN_PROGRESS, note="已派人")
    with pytest.raises(PermissionDenied):
        services.problem_update(
            user=alliances.unit_1_admin,
            problem=problem,
            title="改",
            category=problem.category,
            responsible_unit=city.unit_2,
            deadline=D(2027, 1, 1),
        )
    for outsider in (alliances.unit_3_admin, alliances.c2_secretary, alliances.city_office):
        with pytest.raises(PermissionDenied):
            services.problem_progress(user=outsider, problem=problem, note="x")


def test_inbox_lists_the_problems_assigned_to_the_unit(alliances, city, clock):
    clock.set(2026, 6, 1)
    mine = track(alliances, city)
    track(alliances, city, responsible_unit=city.unit_2, title="别人的")
    assert list(selectors.assigned_problems(user=alliances.unit_1_admin)) == [mine]
    assert list(selectors.assigned_problems(user=alliances.unit_3_admin)) == []


def test_a_meeting_host_tracks_a_decision_of_its_meeting(alliances, city, clock):
    clock.set(2026, 5, 1)
    meeting = meeting_services.meeting_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="会",
        starts_at=datetime.datetime(2026, 5, 2, 9, tzinfo=SHANGHAI),
        place="社区",
        host_unit=city.unit_1,
    )
    clock.set(2026, 5, 3)
    meeting_services.meeting_minutes_record(
        user=alliances.unit_1_admin, meeting=meeting, minutes="m", decisions=["修路"]
    )
    problem = track(
        alliances, city, user=alliances.unit_1_admin, decision=meeting.decisions.get(), responsible_unit=city.unit_2
    )
    assert problem.decision.text == "修路"
    with pytest.raises(PermissionDenied):
        track(alliances, city, user=alliances.unit_1_admin)  # without a decision of a meeting it hosts
