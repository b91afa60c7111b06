"""Calendar periods (week, month, quarter, year) in local dates, each with a stable key.

A duty that recurs (a monthly visit, a weekly zero report) belongs to one period. The period is always
computed from a date — the day a schedule fired, or the day of a record — never from "now" at the moment a
worker happens to run, so a task that runs late still works on the right period. Weeks are ISO weeks
(Monday to Sunday); a key is ``2026-W19``, ``2026-05``, ``2026-Q2`` or ``2026``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class PeriodKind(models.TextChoices):
    WEEK = "week", gettext_lazy("Week")
    MONTH = "month", gettext_lazy("Month")
    QUARTER = "quarter", gettext_lazy("Quarter")
    YEAR = "year", gettext_lazy("Year")


# The shortest length of each kind of period, in days (lead times must be shorter).
MIN_DAYS = {PeriodKind.WEEK: 7, PeriodKind.MONTH: 28, PeriodKind.QUARTER: 90, PeriodKind.YEAR: 365}

_KEY = re.compile(r"^(?P<year>\d{4})(?:-W(?P<week>\d{2})|-Q(?P<quarter>[1-4])|-(?P<month>\d{2}))?$")


def _month_start(year: int, month: int) -> datetime.date:
    """Returns the first day of ``month`` of ``year``; month 13 is January of the next year."""
    return datetime.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    """One period: ``starts_on`` to ``ends_on``, both inclusive."""

    starts_on: datetime.date
    ends_on: datetime.date
    kind: str

    @property
    def key(self) -> str:
        """Returns the period's stable key (``2026-W19``, ``2026-05``, ``2026-Q2``, ``2026``)."""
        start = self.starts_on
        if self.kind == PeriodKind.WEEK:
            year, week, _day = start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == PeriodKind.MONTH:
            return f"{start.year}-{start.month:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        return str(start.year)

    @property
    def label(self) -> str:
        """Returns the period's name in the active language."""
        return label(self.key)

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def next(self) -> Period:
        return period_containing(self.ends_on + datetime.timedelta(days=1), self.kind)

    def previous(self) -> Period:
        return period_containing(self.starts_on - datetime.timedelta(days=1), self.kind)


def period_containing(day: datetime.date, kind: str) -> Period:
    """Returns the week (ISO, Monday–Sunday), month, quarter or year that contains ``day``."""
    if kind == PeriodKind.WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        return Period(start, start + datetime.timedelta(days=6), PeriodKind.WEEK)
    months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}.get(kind)
    if months is None:
        raise ValueError(f"unknown kind of period: {kind!r}")
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    end = _month_start(day.year, first_month + months) - datetime.timedelta(days=1)
    return Period(start, end, PeriodKind(kind))


def period_from_key(key: str) -> Period:
    """Returns the period a key names; raises ``ValueError`` for a key that names none."""
    match = _KEY.match(key or "")
    if not match:
        raise ValueError(f"not a period: {key!r}")
    year = int(match["year"])
    if match["week"]:
        start = datetime.date.fromisocalendar(year, int(match["week"]), 1)
        return period_containing(start, PeriodKind.WEEK)
    if match["quarter"]:
        return period_containing(datetime.date(year, (int(match["quarter"]) - 1) * 3 + 1, 1), PeriodKind.QUARTER)
    if match["month"]:
        return period_containing(datetime.date(year, int(match["month"]), 1), PeriodKind.MONTH)
    return period_containing(datetime.date(year, 1, 1), PeriodKind.YEAR)


def label(key: str) -> str:
    """Returns the name of the period ``key`` in the active language (the key itself when it names none)."""
    try:
        period = period_from_key(key)
    except ValueError:
        return key
    start = period.starts_on
    if period.kind == PeriodKind.WEEK:
        year, week, _day = start.isocalendar()
        return _("%(year)d week %(week)d") % {"year": year, "week": week}
    if period.kind == PeriodKind.MONTH:
        return _("%(year)d-%(month)02d") % {"year": start.year, "month": start.month}
    if period.kind == PeriodKind.QUARTER:
        return _("%(year)d Q%(quarter)d") % {"year": start.year, "quarter": (start.month - 1) // 3 + 1}
    return _("%(year)d") % {"year": start.year}
