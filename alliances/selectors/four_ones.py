"""The "four ones" (四个一): in each period, has an alliance held at least one theme party day, one
volunteer service, one joint meeting and one visit to people in difficulty?

An alliance's period is ``four_ones_period_months`` long (1, 3, 6 or 12; a quarter by default) and aligned
on the calendar year: the period of a day is the month, quarter, half-year or year that contains it. A
report is computed for a reference day: every alliance is judged on its own period containing that day.
Activities count once they have started (not those planned later in the period); meetings count when
their status is "held". The report's figures cost two queries, however many alliances there are; a page
of its rows one more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Case, Count, DateTimeField, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scopes
from alliances.models import Activity, Alliance, JointMeeting
from grids.models import STREET_DEPTH, Node
from liaoyuan.core.paging import Counted

PERIOD_MONTHS = (1, 3, 6, 12)

# The four ones, in the order they are shown: key → label.
FOUR_ONES = {
    "theme_party_day": gettext_lazy("Theme party day"),
    "volunteer_service": gettext_lazy("Volunteer service"),
    "joint_meeting": gettext_lazy("Joint meeting"),
    "visit": gettext_lazy("Visit to people in difficulty"),
}
ACTIVITY_KINDS = {
    "theme_party_day": Activity.Kind.THEME_PARTY_DAY,
    "volunteer_service": Activity.Kind.VOLUNTEER_SERVICE,
    "visit": Activity.Kind.VISIT,
}


@dataclass(frozen=True)
class Period:
    """A period of ``months`` months: ``starts_on`` to ``ends_on``, both inclusive."""

    starts_on: date
    ends_on: date
    months: int

    @property
    def label(self) -> str:
        """Returns the period's name, in one style whatever its length: 2026年11月, 2026年第4季度, 2026年第2半年,
        2026年度 (2026-11, 2026 Q4, 2026 H2, 2026 (year))."""
        year, month = self.starts_on.year, self.starts_on.month
        if self.months == 1:
            return _("%(year)d-%(month)02d") % {"year": year, "month": month}
        if self.months == 3:
            return _("%(year)d Q%(quarter)d") % {"year": year, "quarter": (month - 1) // 3 + 1}
        if self.months == 6:
            return _("%(year)d H%(half)d") % {"year": year, "half": (month - 1) // 6 + 1}
        return _("%(year)d (year)") % {"year": year}

    def bounds(self) -> tuple[datetime, datetime]:
        """Returns the aware datetimes [start, end) of the period, local midnights."""
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.starts_on, time.min, tzinfo=tz)
        end = datetime.combine(period_after(self).starts_on, time.min, tzinfo=tz)
        return start, end


def period_containing(day: date, months: int = 3) -> Period:
    """Returns the period of ``months`` months (1, 3, 6 or 12, aligned on the year) that contains ``day``."""
    if months not in PERIOD_MONTHS:
        raise ValueError(f"a four-ones period is 1, 3, 6 or 12 months, not {months}")
    first_month = (day.month - 1) // months * months + 1
    starts_on = date(day.year, first_month, 1)
    end_month = first_month + months  # the month after the period, maybe 13
    next_start = date(day.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    return Period(starts_on, date.fromordinal(next_start.toordinal() - 1), months)


def period_after(period: Period) -> Period:
    """Returns the period that follows ``period``."""
    return period_containing(date.fromordinal(period.ends_on.toordinal() + 1), period.months)


def period_before(period: Period) -> Period:
    """Returns the period that precedes ``period``."""
    return period_containing(date.fromordinal(period.starts_on.toordinal() - 1), period.months)


def recent_quarters(today: date, n: int = 8) -> list[tuple[date, Period]]:
    """Returns the current quarter and the ``n - 1`` before it, newest first, each with the reference day
    a report on it uses: today for the current quarter, else the quarter's last day."""
    quarter = period_containing(today, 3)
    result = [(today, quarter)]
    for _i in range(n - 1):
        quarter = period_before(quarter)
        result.append((quarter.ends_on, quarter))
    return result


@dataclass
class FourOnesRow:
    """One alliance in one period: which of the four ones it held."""

    alliance: Alliance
    period: Period
    done: dict[str, bool]
    area_name: str = ""

    @property
    def complete(self) -> bool:
        return all(self.done.values())

    @property
    def missing(self) -> list[str]:
        """Returns the labels of the ones not held, in display order."""
        return [str(FOUR_ONES[key]) for key, held in self.done.items() if not held]


@dataclass
class AreaRate:
    """Completion in one area (a district or a street)."""

    node: Node | None
    total: int = 0
    completed: int = 0

    @property
    def rate(self) -> float | None:
        return self.completed / self.total if self.total else None


@dataclass
class FourOnesReport:
    """The four ones on reference day ``on`` for every alliance in scope (or under ``under``): the totals and
    the rate per area counted in the database, and the alliances themselves as a queryset (``alliances``, by
    area, then name), annotated, for a page of rows (``rows_of``)."""

    on: date
    quarter: Period
    total: int
    completed: int
    alliances: QuerySet[Alliance]
    areas: list[AreaRate] = field(default_factory=list)
    area_names: dict[str, str] = field(default_factory=dict)  # area path → name
    area_length: int = 0  # characters of an alliance's node path that name its area

    @property
    def rate(self) -> float | None:
        """Returns the share of alliances that completed their four ones (0–1), None when there are none."""
        return self.completed / self.total if self.total else None

    @property
    def incomplete_alliances(self) -> QuerySet[Alliance]:
        return self.alliances.exclude(ALL_FOUR)

    def listed(self, *, incomplete: bool) -> Counted:
        """The alliances to page through (the incomplete ones, or all), with the number the report has already
        counted: a page reads its own rows and never judges every alliance again to count them."""
        if incomplete:
            return Counted(self.incomplete_alliances, self.total - self.completed)
        return Counted(self.alliances, self.total)

    def rows_of(self, alliances) -> list[FourOnesRow]:
        """Returns one row per alliance of ``alliances`` (from ``alliances`` or ``incomplete_alliances``)."""
        return [
            FourOnesRow(
                alliance=alliance,
                period=period_containing(self.on, alliance.four_ones_period_months),
                done={key: bool(getattr(alliance, key)) for key in FOUR_ONES},
                area_name=self.area_names.get(alliance.node.path[: self.area_length], ""),
            )
            for alliance in alliances
        ]

    @property
    def rows(self) -> list[FourOnesRow]:
        """Every row: for small reports and tests; pages take a slice of ``alliances`` instead."""
        return self.rows_of(self.alliances)

    @property
    def incomplete(self) -> list[FourOnesRow]:
        return self.rows_of(self.incomplete_alliances)


@dataclass
class FourOnesSummary:
    """The figures of the home page: how many alliances in scope completed this period's four ones, and the
    first incomplete ones. Counted in the database (two queries), so that the page does not load every
    alliance of the city."""

    on: date
    quarter: Period
    total: int
    completed: int
    first_incomplete: list[FourOnesRow]

    @property
    def incomplete_count(self) -> int:
        return self.total - self.completed

    @property
    def more_incomplete(self) -> int:
        """Incomplete alliances beyond the ones shown."""
        return max(self.incomplete_count - len(self.first_incomplete), 0)


def _bound_case(bounds: dict[int, tuple[datetime, datetime]], index: int) -> Case:
    """Returns a CASE on the alliance's period length giving the start (index 0) or end (1) of its period."""
    return Case(
        *[When(four_ones_period_months=m, then=Value(b[index])) for m, b in bounds.items()],
        output_field=DateTimeField(),
    )


def four_ones_queryset(qs: QuerySet[Alliance], *, on: date, now: datetime | None = None) -> QuerySet[Alliance]:
    """Returns ``qs`` annotated, for the period of each alliance containing ``on``, with ``period_start``
    and ``period_end`` and one boolean per "one" (``theme_party_day``, ``volunteer_service``,
    ``joint_meeting``, ``visit``), each an ``EXISTS`` subquery: one query for all alliances."""
    now = now or timezone.now()
    bounds = {m: period_containing(on, m).bounds() for m in PERIOD_MONTHS}
    qs = qs.annotate(period_start=_bound_case(bounds, 0), period_end=_bound_case(bounds, 1))
    in_period = Q(starts_at__gte=OuterRef("period_start"), starts_at__lt=OuterRef("period_end"))
    annotations = {
        key: Exists(Activity.objects.filter(in_period, alliance=OuterRef("pk"), kind=kind, starts_at__lte=now))
        for key, kind in ACTIVITY_KINDS.items()
    }
    annotations["joint_meeting"] = Exists(
        JointMeeting.objects.filter(in_period, alliance=OuterRef("pk"), status=JointMeeting.Status.HELD)
    )
    return qs.annotate(**annotations)


ALL_FOUR = Q(**dict.fromkeys(FOUR_ONES, True))


def four_ones_summary(*, user, on: date | None = None, shown: int = 5) -> FourOnesSummary:
    """Returns the totals of ``four_ones`` for the alliances the user may see, and the first ``shown``
    incomplete ones by name: an aggregate and a page, whatever the number of alliances."""
    on = on or timezone.localdate()
    qs = four_ones_queryset(scopes.visible(user, Alliance.objects.all()), on=on)
    counts = qs.aggregate(total=Count("pk"), completed=Count("pk", filter=ALL_FOUR))
    # by name: ordering by the area's path would join every node of the city to find five alliances
    first = qs.exclude(ALL_FOUR).order_by("name", "pk")[:shown] if shown else []
    rows = [
        FourOnesRow(
            alliance=alliance,
            period=period_containing(on, alliance.four_ones_period_months),
            done={key: bool(getattr(alliance, key)) for key in FOUR_ONES},
        )
        for alliance in first
    ]
    return FourOnesSummary(
        on=on,
        quarter=period_containing(on, 3),
        total=counts["total"],
        completed=counts["completed"],
        first_incomplete=rows,
    )


def _group_depth(user, under: Node | None) -> int:
    """Returns the depth of the areas the report is broken down by: districts for the city, streets below
    (no query: a node's depth is the length of its path)."""
    scope = scopes.scope_of(user)
    if under is not None:
        top = under.depth
    elif scope.is_superuser:
        top = 1
    elif scope.read_paths:
        top = min(len(path) for path in scope.read_paths) // Node.steplen
    else:
        top = STREET_DEPTH
    return min(max(top + 1, 2), STREET_DEPTH)


def four_ones(*, user, on: date | None = None, under: Node | None = None) -> FourOnesReport:
    """Returns the four-ones report on day ``on`` (default today) for the alliances the user may see,
    limited to those under ``under`` when given: the completion rate, the rate per district (city users) or
    per street (others), and the alliances for a page of rows.

    Two queries (the counts per area, the areas' names), whatever the number of alliances; a page of rows
    is one more.
    """
    on = on or timezone.localdate()
    qs = scopes.visible(user, Alliance.objects.all())
    if under is not None:
        qs = qs.filter(node__path__startswith=under.path)
    annotated = four_ones_queryset(qs, on=on)
    length = _group_depth(user, under) * Node.steplen
    counts = list(
        annotated.order_by()
        .annotate(area_path=Substr("node__path", 1, length))
        .values("area_path")
        .annotate(total=Count("pk"), completed=Count("pk", filter=ALL_FOUR))
        .order_by("area_path")
    )
    areas = {n.path: n for n in Node.objects.filter(path__in=[c["area_path"] for c in counts])} if counts else {}
    return FourOnesReport(
        on=on,
        quarter=period_containing(on, 3),
        total=sum(c["total"] for c in counts),
        completed=sum(c["completed"] for c in counts),
        alliances=annotated.select_related("node").order_by("node__path", "name", "pk"),
        areas=[AreaRate(node=areas.get(c["area_path"]), total=c["total"], completed=c["completed"]) for c in counts],
        area_names={path: node.name for path, node in areas.items()},
        area_length=length,
    )
