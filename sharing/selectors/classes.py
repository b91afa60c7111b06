"""Queries of the 8:30 daily class: a worker's streak and month, and each community's check-in rate.

The rate of a community over a month is its check-ins divided by (its community workers × the class days of
the month up to today): the workers are those holding a ``community_worker`` duty there now. Counts are
computed for the page's communities only (one query each for workers and check-ins)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from accounts import scopes
from grids.models import Node
from people.models import Duty, DutyKind, Person
from sharing.models import ClassCheckIn
from sharing.services.classes import is_class_day

STREAK_LOOKBACK_DAYS = 400


def class_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The class days (Monday to Friday) from ``first`` to ``last``, both included."""
    days, day = [], first
    while day <= last:
        if is_class_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def month_bounds(month: str | None) -> tuple[datetime.date, datetime.date]:
    """The first day of ``month`` (YYYY-MM; this month when missing or bad) and its last day up to today."""
    today = timezone.localdate()
    try:
        first = datetime.date.fromisoformat(f"{month}-01") if month else today.replace(day=1)
    except ValueError:
        first = today.replace(day=1)
    next_month = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first, min(today, next_month - datetime.timedelta(days=1))


def streak(person: Person, *, today: datetime.date | None = None) -> int:
    """How many class days in a row the person checked in, counting back from today (or from the last class
    day before it, while today's class may still be ahead)."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=STREAK_LOOKBACK_DAYS)
    done = set(ClassCheckIn.objects.filter(person=person, day__gte=since, day__lte=today).values_list("day", flat=True))
    day, count = today, 0
    if day not in done:  # today's class may still be ahead: the streak runs to the class day before
        day -= datetime.timedelta(days=1)
    while day >= since:
        if is_class_day(day):
            if day not in done:
                break
            count += 1
        day -= datetime.timedelta(days=1)
    return count


def month_days(person: Person, first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, bool]]:
    """Each class day of the month so far and whether the person checked in."""
    done = set(ClassCheckIn.objects.filter(person=person, day__range=(first, last)).values_list("day", flat=True))
    return [(day, day in done) for day in class_days(first, last)]


def check_ins(*, user) -> QuerySet[ClassCheckIn]:
    """The check-ins in the user's scope (and the user's own), newest first."""
    return (
        scopes.visible(user, ClassCheckIn.objects.all())
        .select_related("person", "community")
        .order_by("-day", "community__path", "person__name", "pk")
    )


def communities(*, user) -> QuerySet[Node]:
    """The communities whose rates the user sees (those in the user's scope), in tree order."""
    return scopes.visible(user, Node.objects.filter(kind=Node.Kind.COMMUNITY)).order_by("path")


@dataclass
class Rate:
    community: Node
    workers: int
    check_ins: int
    possible: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.check_ins / self.possible, 1) if self.possible else None


def rates(rows, first: datetime.date, last: datetime.date) -> list[Rate]:
    """The month's rate of each community of a page (two queries whatever the number of rows)."""
    rows = list(rows)
    ids = [node.pk for node in rows]
    workers = dict(
        Duty.objects.filter(node_id__in=ids, kind=DutyKind.COMMUNITY_WORKER, ended_on__isnull=True)
        .values("node_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("node_id", "n")
    )
    check_ins = dict(
        ClassCheckIn.objects.filter(community_id__in=ids, day__range=(first, last))
        .values("community_id")
        .annotate(n=Count("pk"))
        .values_list("community_id", "n")
    )
    days = len(class_days(first, last))
    return [
        Rate(node, workers.get(node.pk, 0), check_ins.get(node.pk, 0), workers.get(node.pk, 0) * days) for node in rows
    ]


def class_workers(*, user) -> QuerySet[Person]:
    """The serving community workers of the communities where the user may record a check-in."""
    nodes = scopes.editable(user, Node.objects.filter(kind=Node.Kind.COMMUNITY)).values("pk")
    serving = Duty.objects.filter(kind=DutyKind.COMMUNITY_WORKER, ended_on__isnull=True, node__in=nodes)
    return Person.objects.filter(pk__in=serving.values("person_id")).select_related("node").order_by("name", "pk")
