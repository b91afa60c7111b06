"""The problem list puts what needs action first: overdue, then open by deadline, then closed, latest first."""

import datetime

from django.utils import timezone

from alliances.models import TrackedProblem
from alliances.selectors.problems import problem_list


def test_overdue_first_then_open_by_deadline_then_closed_latest_first(city, alliances):
    today = timezone.localdate()

    def problem(title, status, deadline_days, closed_days=None):
        return TrackedProblem.objects.create(
            alliance=alliances.c1,
            title=title,
            category=TrackedProblem.Category.PARKING,
            responsible_unit=city.unit_1,
            deadline=today + datetime.timedelta(days=deadline_days),
            status=status,
            resolution="" if closed_days is None else "已解决",
            closed_on=None if closed_days is None else today + datetime.timedelta(days=closed_days),
        )

    old_solved = problem("早已解决", TrackedProblem.Status.SOLVED, -400, closed_days=-390)
    recent_solved = problem("新近解决", TrackedProblem.Status.SOLVED, -20, closed_days=-2)
    later = problem("下月到期", TrackedProblem.Status.OPEN, 30)
    overdue = problem("已逾期", TrackedProblem.Status.IN_PROGRESS, -3)
    sooner = problem("本周到期", TrackedProblem.Status.OPEN, 3)
    order = list(problem_list(user=alliances.c1_secretary))
    assert order == [overdue, sooner, later, recent_solved, old_solved]
