"""FilterSets for activities and for the export of attendance (meetings and problems: ``alliances.filters``).

Pages and API share them: alliance, area (``under``: a district, street or community), kind or status,
and period (``period_after``/``period_before``, inclusive local dates, as in the meeting and problem lists).
Choices are limited to the user's scope.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import ScopedFilterSet, TextSearchFilter
from alliances.filters import PeriodCheckMixin, alliance_filter, period_filter
from alliances.models import Activity, Attendance
from grids.filters import AreaChoicesMixin, UnderNodeFilter


class ActivityFilter(AreaChoicesMixin, PeriodCheckMixin, ScopedFilterSet):
    """Activities by alliance, area (``under``: where they stand), kind, period (their start date), and whether
    a party organisation ran them on its own (``own``: without an alliance)."""

    q = TextSearchFilter(fields=["title", "place", "alliance__name", "organisation__name"], label=_("title or place"))
    alliance = alliance_filter()
    under = UnderNodeFilter(node_lookup="node")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Activity.Kind.choices)
    period = period_filter("starts_at__date", _("date"))
    own = django_filters.BooleanFilter(
        field_name="alliance", lookup_expr="isnull", label=_("a party organisation's own (without an alliance)")
    )

    class Meta:
        model = Activity
        fields = ["alliance", "under", "kind", "period", "own"]


class AttendanceFilter(AreaChoicesMixin, PeriodCheckMixin, ScopedFilterSet):
    """Attendance by alliance, area (``under``), attendance status and period (the meeting's date)."""

    alliance = alliance_filter(field_name="meeting__alliance")
    under = UnderNodeFilter(node_lookup="meeting__alliance__node")
    status = django_filters.ChoiceFilter(label=_("attendance"), choices=Attendance.Status.choices)
    period = period_filter("meeting__starts_at__date", _("meeting date"))

    class Meta:
        model = Attendance
        fields = ["alliance", "under", "status", "period"]
