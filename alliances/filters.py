"""FilterSets of the alliance structure, rotation, meetings and problems, shared by pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.filters import ScopedFilterSet
from alliances.models import Alliance, ChairTerm, Committee, JointMeeting, Membership, TrackedProblem
from grids.filters import AreaChoicesMixin, UnderNodeFilter


class AllianceFilter(AreaChoicesMixin, ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="node")
    q = django_filters.CharFilter(method="filter_q", label=_("name or brand"))

    class Meta:
        model = Alliance
        fields = ["node"]

    def filter_q(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(brand__icontains=value) | Q(node__name__icontains=value))


class MembershipFilter(ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="alliance__node")
    current = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", label=_("current members"))
    period = django_filters.DateFromToRangeFilter(method="filter_period", label=_("member during"))

    class Meta:
        model = Membership
        fields = ["alliance", "unit"]

    def filter_period(self, qs, name, value):
        """Keeps memberships that overlap the period."""
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


class ChairTermFilter(ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="alliance__node")
    period = django_filters.DateFromToRangeFilter(method="filter_period", label=_("terms overlapping"))

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


class MeetingFilter(AreaChoicesMixin, ScopedFilterSet):
    alliance = django_filters.ModelChoiceFilter(queryset=Alliance.objects.all(), label=_("alliance"))
    under = UnderNodeFilter(node_lookup="alliance__node")
    status = django_filters.ChoiceFilter(choices=JointMeeting.Status.choices, label=_("status"))
    period = django_filters.DateFromToRangeFilter(
        field_name="starts_at__date",
        label=_("date"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    minutes_overdue = django_filters.BooleanFilter(method="filter_minutes_overdue", label=_("minutes overdue"))

    class Meta:
        model = JointMeeting
        fields = ["alliance", "status", "host_unit"]

    def filter_minutes_overdue(self, qs, name, value):
        """Needs ``minutes_overdue_days`` (``selectors.meetings.meeting_list``)."""
        return qs.filter(minutes_overdue_days__gt=0) if value else qs.filter(minutes_overdue_days=0)


class ProblemFilter(AreaChoicesMixin, ScopedFilterSet):
    alliance = django_filters.ModelChoiceFilter(queryset=Alliance.objects.all(), label=_("alliance"))
    under = UnderNodeFilter(node_lookup="alliance__node")
    status = django_filters.ChoiceFilter(choices=TrackedProblem.Status.choices, label=_("status"))
    category = django_filters.ChoiceFilter(choices=TrackedProblem.Category.choices, label=_("category"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))
    period = django_filters.DateFromToRangeFilter(
        field_name="deadline",
        label=_("deadline"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = TrackedProblem
        fields = ["alliance", "status", "category", "responsible_unit"]

    def filter_overdue(self, qs, name, value):
        """Needs ``is_overdue`` (``selectors.problems.problem_list``)."""
        return qs.filter(is_overdue=value)
