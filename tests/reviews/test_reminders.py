"""Review cycles remind each responsible organisation at the lead times, then escalate what is overdue: every
boundary on a frozen clock, each reminder once, periods computed from the schedule date (Asia/Shanghai)."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from notifications.models import Notification, Reminder, Stage
from reviews import tasks
from reviews.models import ReviewCycle, ReviewKind, ReviewTask, TargetLevel
from reviews.services import duties, records
from tests.reviews.conftest import SHANGHAI, cycle

pytestmark = pytest.mark.django_db

D = datetime.date


def run(cycle_obj: ReviewCycle, moment: datetime.datetime, capture):
    """Runs the cycle as beat would at ``moment`` (its schedule time), every level eager, and sends the mail."""
    with capture(execute=True):
        tasks.cycle_run(cycle_obj.pk, scheduled_at=moment.isoformat())


def inbox(user):
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("reminder__created_at", "pk")
        .values_list("reminder__period", "reminder__stage", "reminder__days")
    )


def test_a_month_is_reminded_seven_and_one_days_ahead_then_escalated(
    city, staff, visit_cycle, clock, eager, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    for day in (23, 24, 25, 29, 30):
        run(visit_cycle, clock.at(2026, 5, day), capture)
    assert inbox(staff.c1) == [("2026-05", Stage.UPCOMING, 7), ("2026-05", Stage.UPCOMING, 1)]
    for day in (1, 2, 3, 4):
        run(visit_cycle, clock.at(2026, 6, day), capture)
    assert inbox(staff.c1)[2:] == [("2026-05", Stage.OVERDUE, 1)]
    # three days overdue: the street secretary above hears of C1 and C2, the secretary of street 2 of C3 only
    assert inbox(staff.street_1) == [("2026-05", Stage.ESCALATION, 3)] * 2
    assert inbox(staff.street_2) == [("2026-05", Stage.ESCALATION, 3)]
    assert inbox(staff.c2) == inbox(staff.c1)
    # every reminder went by e-mail once: 3 each to C1 and C2, the escalations to the streets
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["c1@example.cn"] * 3 + ["c2@example.cn"] * 3 + ["street1@example.cn"] * 2 + [
        "street2@example.cn"
    ]
    escalation = next(m for m in mail.outbox if m.to == ["street1@example.cn"])
    assert "Escalated to you" in escalation.subject and "Monthly visit" in escalation.subject


def test_a_task_that_runs_after_midnight_works_on_the_day_it_was_scheduled(
    city, staff, visit_cycle, clock, eager, django_capture_on_commit_callbacks
):
    scheduled = datetime.datetime(2026, 5, 30, 23, 59, 59, tzinfo=SHANGHAI)
    clock.at(2026, 5, 31, 0, 0, 5)  # the worker got to it a few seconds later, on the due day
    with django_capture_on_commit_callbacks(execute=True):
        tasks.cycle_run(visit_cycle.pk, scheduled_at=scheduled.isoformat())
    assert inbox(staff.c1) == [("2026-05", Stage.UPCOMING, 1)]
    assert Reminder.objects.get(days=1, target_id=city.c1.pk).due_on == D(2026, 5, 31)


def test_quarter_end_is_due_on_the_31st_of_march_for_the_district(
    city, staff, clock, eager, django_capture_on_commit_callbacks
):
    inspection = cycle(ReviewKind.QUARTERLY_INSPECTION, TargetLevel.STREET)
    run(inspection, clock.at(2026, 3, 24), django_capture_on_commit_callbacks)
    assert inbox(staff.district) == [("2026-Q1", Stage.UPCOMING, 7)] * 2  # streets 1 and 2
    run(inspection, clock.at(2026, 4, 3), django_capture_on_commit_callbacks)
    assert inbox(staff.city_office) == [("2026-Q1", Stage.ESCALATION, 3)] * 2
    assert ReviewTask.objects.filter(cycle=inspection, period="2026-Q1").count() == 2  # the city's two streets


def test_the_year_end_evaluation_escalates_in_january(city, staff, clock, eager, django_capture_on_commit_callbacks):
    evaluation = cycle(ReviewKind.ANNUAL_EVALUATION, TargetLevel.STREET)
    run(evaluation, clock.at(2026, 12, 24), django_capture_on_commit_callbacks)
    run(evaluation, clock.at(2026, 12, 30), django_capture_on_commit_callbacks)
    run(evaluation, clock.at(2027, 1, 3), django_capture_on_commit_callbacks)
    # the run of 1 January was missed: the overdue notice comes with the escalation on the 3rd
    assert inbox(staff.street_1) == [
        ("2026", Stage.UPCOMING, 7),
        ("2026", Stage.UPCOMING, 1),
        ("2026", Stage.OVERDUE, 1),
    ]
    assert inbox(staff.district)[-1] == ("2026", Stage.ESCALATION, 3)
    assert Reminder.objects.get(stage=Stage.ESCALATION, target_id=city.street_1.pk).due_on == D(2026, 12, 31)


def test_february_29_is_the_due_day_of_a_leap_february(
    city, staff, visit_cycle, clock, eager, django_capture_on_commit_callbacks
):
    run(visit_cycle, clock.at(2028, 2, 28), django_capture_on_commit_callbacks)
    assert inbox(staff.c1) == [("2028-02", Stage.UPCOMING, 1)]
    assert ReviewTask.objects.get(node=city.c1, period="2028-02").due_on == D(2028, 2, 29)
    run(visit_cycle, clock.at(2028, 3, 1), django_capture_on_commit_callbacks)
    assert inbox(staff.c1)[-1] == ("2028-02", Stage.OVERDUE, 1)


def test_weekly_zero_reports_are_created_for_the_next_week_in_time(
    city, staff, clock, eager, django_capture_on_commit_callbacks
):
    zero = cycle(ReviewKind.ZERO_REPORT, TargetLevel.UNIT)  # weekly, due Sunday, reminder 3 days and 1 day ahead
    run(zero, clock.at(2026, 12, 31), django_capture_on_commit_callbacks)  # Thursday of 2026-W53
    assert inbox(staff.unit_1_admin) == [("2026-W53", Stage.UPCOMING, 3)]
    run(zero, clock.at(2027, 1, 2), django_capture_on_commit_callbacks)  # Saturday
    assert inbox(staff.unit_1_admin)[-1] == ("2026-W53", Stage.UPCOMING, 1)
    run(zero, clock.at(2027, 1, 7), django_capture_on_commit_callbacks)  # next Thursday: the 4th to 6th were missed
    assert ("2027-W01", Stage.UPCOMING, 3) in inbox(staff.unit_1_admin)
    # the overdue notice comes late with the escalation to the community secretary, not never
    assert ("2026-W53", Stage.OVERDUE, 1) in inbox(staff.unit_1_admin)
    assert inbox(staff.unit_3_admin)[0] == ("2026-W53", Stage.UPCOMING, 3)


def test_a_missed_run_is_made_up_by_the_next_one_and_nothing_is_sent_twice(
    city, staff, visit_cycle, clock, eager, django_capture_on_commit_callbacks
):
    run(visit_cycle, clock.at(2026, 5, 26), django_capture_on_commit_callbacks)  # the 24th and 25th were missed
    run(visit_cycle, clock.at(2026, 5, 26, 12), django_capture_on_commit_callbacks)  # the sweep at noon
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep(scheduled_at=clock.at(2026, 5, 26, 12, 30).isoformat())
    assert inbox(staff.c1) == [("2026-05", Stage.UPCOMING, 7)]
    assert len([m for m in mail.outbox if m.to == ["c1@example.cn"]]) == 1


def test_a_done_duty_is_not_reminded_and_its_reminders_are_marked_done(
    city, staff, visit_cycle, clock, eager, django_capture_on_commit_callbacks
):
    run(visit_cycle, clock.at(2026, 5, 24), django_capture_on_commit_callbacks)
    clock.at(2026, 5, 27, 15)
    records.visit_record(
        user=staff.c1,
        node=city.c1,
        visited_on=D(2026, 5, 27),
        places="东艺社区活动中心",
        people_met="居民代表",
        findings="路灯损坏",
    )
    run(visit_cycle, clock.at(2026, 5, 30), django_capture_on_commit_callbacks)
    run(visit_cycle, clock.at(2026, 6, 3), django_capture_on_commit_callbacks)
    assert inbox(staff.c1) == [("2026-05", Stage.UPCOMING, 7)]
    assert Reminder.objects.get(target_id=city.c1.pk, days=7).resolved_at is not None
    assert ReviewTask.objects.get(node=city.c1, period="2026-05").done_at is not None
    assert ("2026-05", Stage.ESCALATION, 3) in inbox(staff.street_1)  # C2 still did not visit


def test_a_switched_off_cycle_reminds_nobody(
    city, staff, visit_cycle, clock, eager, django_capture_on_commit_callbacks
):
    ReviewCycle.objects.filter(pk=visit_cycle.pk).update(is_active=False)
    run(visit_cycle, clock.at(2026, 5, 24), django_capture_on_commit_callbacks)
    assert Reminder.objects.count() == 0


def test_stages_on_each_day_around_the_due_day(visit_cycle):
    due = D(2026, 5, 31)

    def on(day):
        return [(s.stage, s.days) for s in duties.stages_on(visit_cycle, due, day)]

    assert on(D(2026, 5, 23)) == []
    assert on(D(2026, 5, 24)) == [(Stage.UPCOMING, 7)]
    assert on(D(2026, 5, 29)) == [(Stage.UPCOMING, 7)]
    assert on(D(2026, 5, 30)) == [(Stage.UPCOMING, 1)]
    assert on(D(2026, 6, 1)) == [(Stage.OVERDUE, 1)]
    assert on(D(2026, 6, 3)) == [(Stage.ESCALATION, 3), (Stage.OVERDUE, 1)]
    assert on(D(2026, 6, 10)) == [(Stage.ESCALATION, 3), (Stage.OVERDUE, 1)]
    assert on(D(2026, 6, 11)) == []  # past the week of grace


def test_the_fan_out_streams_targets_in_chunks(city, visit_cycle):
    bounds = list(duties.chunk_bounds(visit_cycle, size=2))
    ids = sorted([city.c1.pk, city.c2.pk, city.c3.pk])
    assert bounds == [(ids[0], ids[1]), (ids[2], ids[2])]


# --- the same reminder task twenty times at once (PostgreSQL) ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_same_reminder_task_run_twenty_times_at_once_makes_one_row_and_one_message(city, staff, eager):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    visit = cycle(ReviewKind.MONTHLY_VISIT, TargetLevel.COMMUNITY)
    task = duties.task_for(cycle=visit, node=city.c1, unit=None, day=D(2026, 5, 1))
    barrier = threading.Barrier(20)
    results = []

    def remind():
        try:
            barrier.wait()
            results.append(tasks.remind(task.pk, "2026-05-24"))
        finally:
            connection.close()

    threads = [threading.Thread(target=remind) for _i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [0] * 19 + [1]
    assert Reminder.objects.count() == 1
    assert Notification.objects.filter(recipient=staff.c1).count() == 1
    assert [m.to for m in mail.outbox] == [["c1@example.cn"]]
