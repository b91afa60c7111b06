"""Reads of duties: the calendar of a user's scope (due, done, overdue and the completion rate per period),
the duties a user is responsible for, and lists of records. Already scoped and prefetched."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts import scopes
from accounts.models import Role
from liaoyuan.core import periods
from reviews.models import ReviewCycle, ReviewTask

OPEN_HORIZON_DAYS = 31  # "my duties" shows what is due within a month, and everything overdue


class Status:
    DONE = "done"
    OVERDUE = "overdue"
    DUE = "due"


def status_of(task: ReviewTask, today: datetime.date) -> str:
    if task.done_at is not None:
        return Status.DONE
    return Status.OVERDUE if task.due_on < today else Status.DUE


def task_list(*, user) -> QuerySet[ReviewTask]:
    """Returns the duties the user may see, by due date, with cycle, organisation and unit joined."""
    return scopes.visible(user, ReviewTask.objects.select_related("cycle", "node", "unit")).order_by(
        "due_on", "cycle__kind", "node__path", "pk"
    )


def filter_status(qs: QuerySet[ReviewTask], status: str, today: datetime.date) -> QuerySet[ReviewTask]:
    if status == Status.DONE:
        return qs.filter(done_at__isnull=False)
    if status == Status.OVERDUE:
        return qs.filter(done_at__isnull=True, due_on__lt=today)
    if status == Status.DUE:
        return qs.filter(done_at__isnull=True, due_on__gte=today)
    return qs


def my_duties(*, user, today: datetime.date | None = None, limit: int = 50) -> list[ReviewTask]:
    """Returns the open duties the user is responsible for (by their roles), overdue first then by due date,
    up to a month ahead."""
    today = today or timezone.localdate()
    scope = scopes.scope_of(user)
    roles = set(scope.roles)
    if not roles and not scope.is_superuser:
        return []
    qs = task_list(user=user).filter(done_at__isnull=True, due_on__lte=today + datetime.timedelta(OPEN_HORIZON_DAYS))
    if not scope.is_superuser:
        responsible = Q(cycle__responsible_role__in=roles - {Role.UNIT_ADMIN})
        if Role.UNIT_ADMIN in roles:
            responsible |= Q(cycle__responsible_role=Role.UNIT_ADMIN, unit_id__in=scope.unit_ids)
        qs = qs.filter(responsible)
    tasks = list(qs[:limit])
    for task in tasks:
        task.status = status_of(task, today)
    return tasks


@dataclass
class PeriodRow:
    """One cycle in one period: how many duties, done, overdue, still due."""

    cycle: ReviewCycle
    period: str
    period_start: datetime.date
    total: int
    done: int
    overdue: int

    @property
    def due(self) -> int:
        return self.total - self.done - self.overdue

    @property
    def rate(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def label(self) -> str:
        return periods.label(self.period)


@dataclass
class Calendar:
    year: int
    rows: list[PeriodRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    @property
    def done(self) -> int:
        return sum(r.done for r in self.rows)

    @property
    def overdue(self) -> int:
        return sum(r.overdue for r in self.rows)

    @property
    def rate(self) -> float:
        return self.done / self.total if self.total else 0.0


def calendar(*, user, year: int, today: datetime.date | None = None) -> Calendar:
    """Returns, for each cycle and each period of ``year`` that has duties in the user's scope, how many are
    due, done and overdue and the completion rate: one grouped query, whatever the number of duties."""
    today = today or timezone.localdate()
    qs = (
        scopes.visible(user, ReviewTask.objects.all())
        .filter(period_start__year=year)
        .order_by()
        .values("cycle_id", "period", "period_start")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(done_at__isnull=False)),
            overdue=Count("pk", filter=Q(done_at__isnull=True, due_on__lt=today)),
        )
    )
    cycles = {c.pk: c for c in ReviewCycle.objects.all()}
    rows = [
        PeriodRow(
            cycle=cycles[r["cycle_id"]],
            period=r["period"],
            period_start=r["period_start"],
            total=r["total"],
            done=r["done"],
            overdue=r["overdue"],
        )
        for r in qs
        if r["cycle_id"] in cycles
    ]
    rows.sort(key=lambda r: (r.cycle.kind, r.cycle.level, -r.period_start.toordinal()))
    return Calendar(year=year, rows=rows)
