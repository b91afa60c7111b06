"""FilterSets of the alliance structure, rotation, meetings and problems, shared by pages and the API, and the
period filter every alliance FilterSet uses (activities and attendance: ``alliances.activity_filters``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.filters import ScopedFilterSet, TextSearchFilter
from alliances.models import Alliance, ChairTerm, Committee, JointMeeting, Membership, TrackedProblem
from grids.filters import AreaChoicesMixin, UnderNodeFilter
from liaoyuan.core.pickers import PickerSelect
from units.forms import UnitChoiceField
from units.models import MemberUnit


class UnitFilter(django_filters.ModelChoiceFilter):
    """A filter on a member unit, its choices labelled with their community (units of one name)."""

    field_class = UnitChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", PickerSelect("unit"))
        super().__init__(*args, **kwargs)


def alliance_filter(**kwargs) -> django_filters.ModelChoiceFilter:
    """A filter on an alliance, picked by searching once there are more than a few dozen."""
    return django_filters.ModelChoiceFilter(
        queryset=Alliance.objects.all(), label=_("alliance"), widget=PickerSelect("alliance"), **kwargs
    )


def unit_filter(label) -> UnitFilter:
    return UnitFilter(queryset=MemberUnit.objects.all(), label=label)


def period_filter(field_name: str, label, *, method: str | None = None) -> django_filters.DateFromToRangeFilter:
    """Returns a period filter (``period_after``, ``period_before``: inclusive local dates) on the date of
    ``field_name``, or through the FilterSet's ``method``; its FilterSet takes ``PeriodCheckMixin``."""
    return django_filters.DateFromToRangeFilter(
        field_name=field_name,
        method=method,
        label=label,
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )


class PeriodCheckMixin:
    """Refuses a period that ends before it starts (a 400 in the API, a field error in pages)."""

    def is_valid(self):
        valid = super().is_valid()
        period = self.form.cleaned_data.get("period") if valid else None
        if period and period.start and period.stop and period.stop < period.start:
            self.form.add_error("period", _("The end of the period comes before its start."))
            return False
        return valid


class AllianceFilter(AreaChoicesMixin, ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="node")
    q = TextSearchFilter(fields=["name", "brand", "node__name"], label=_("name or brand"))

    class Meta:
        model = Alliance
        fields = ["node"]


class MembershipFilter(PeriodCheckMixin, ScopedFilterSet):
    unit = unit_filter(_("member unit"))
    under = UnderNodeFilter(node_lookup="alliance__node")
    current = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", label=_("current members"))
    period = period_filter("joined_on", _("member during"), method="filter_period")

    class Meta:
        model = Membership
        fields = ["alliance", "unit"]

    def filter_period(self, qs, name, value):
        """Keeps memberships that overlap the period (member on at least one of its days)."""
        if value.start:
            qs = qs.filter(Q(left_on__isnull=True) | Q(left_on__gt=value.start))
        if value.stop:
            qs = qs.filter(joined_on__lte=value.stop)
        return qs


class CommitteeFilter(ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="alliance__node")

    class Meta:
        model = Committee
        fields = ["alliance", "kind"]


class ChairTermFilter(PeriodCheckMixin, ScopedFilterSet):
    chair_unit = unit_filter(_("chair unit"))
    under = UnderNodeFilter(node_lookup="alliance__node")
    period = period_filter("starts_on", _("terms overlapping"), method="filter_period")

    class Meta:
        model = ChairTerm
        fields = ["alliance", "chair_unit"]

    def filter_period(self, qs, name, value):
        """Keeps terms that overlap the period."""
        if value.start:
            qs = qs.filter(ends_on__gte=value.start)
        if value.stop:
            qs = qs.filter(starts_on__lte=value.stop)
        return qs


class MeetingFilter(AreaChoicesMixin, PeriodCheckMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["title", "place", "alliance__name", "host_unit__name"], label=_("title or place"))
    alliance = alliance_filter()
    under = UnderNodeFilter(node_lookup="alliance__node")
    status = django_filters.ChoiceFilter(choices=JointMeeting.Status.choices, label=_("status"))
    host_unit = unit_filter(_("host unit"))
    period = period_filter("starts_at__date", _("date"))
    minutes_overdue = django_filters.BooleanFilter(method="filter_minutes_overdue", label=_("minutes overdue"))

    class Meta:
        model = JointMeeting
        fields = ["alliance", "status", "host_unit"]

    def filter_minutes_overdue(self, qs, name, value):
        """Needs ``minutes_overdue_days`` (``selectors.meetings.meeting_list``)."""
        return qs.filter(minutes_overdue_days__gt=0) if value else qs.filter(minutes_overdue_days=0)


class ProblemFilter(AreaChoicesMixin, PeriodCheckMixin, ScopedFilterSet):
    q = TextSearchFilter(
        fields=[
            "title",
            "description",
            "responsible_unit__name",
            "responsible_organisation__name",
            "responsible_department",
            "alliance__name",
        ],
        label=_("problem or who is responsible"),
    )
    alliance = alliance_filter()
    under = UnderNodeFilter(node_lookup="alliance__node")
    status = django_filters.ChoiceFilter(choices=TrackedProblem.Status.choices, label=_("status"))
    category = django_filters.ChoiceFilter(choices=TrackedProblem.Category.choices, label=_("category"))
    responsible_unit = unit_filter(_("responsible unit"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))
    period = period_filter("deadline", _("deadline"))

    class Meta:
        model = TrackedProblem
        fields = ["alliance", "status", "category", "responsible_unit"]

    def filter_overdue(self, qs, name, value):
        """Needs ``is_overdue`` (``selectors.problems.problem_list``)."""
        return qs.filter(is_overdue=value)
