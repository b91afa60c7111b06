"""FilterSets of the four lists and the secretary projects, shared by pages, exports and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import ScopedFilterSet, TextSearchFilter
from alliances.filters import PeriodCheckMixin, period_filter, unit_filter
from grids.filters import AreaChoicesMixin, UnderNodeFilter
from ledgers.models import Category, Need, Project, Resource, Responsibility, SecretaryProject, Urgency
from liaoyuan.core.pickers import PickerSelect


class NeedFilter(AreaChoicesMixin, PeriodCheckMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["title", "description"], label=_("need"))
    under = UnderNodeFilter(node_lookup="node")
    status = django_filters.ChoiceFilter(choices=Need.Status.choices, label=_("status"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices, label=_("urgency"))
    source = django_filters.ChoiceFilter(choices=Need.Source.choices, label=_("source"))
    period = period_filter("needed_by", _("needed by"))

    class Meta:
        model = Need
        fields = ["status", "category", "urgency", "source"]


class ResourceFilter(AreaChoicesMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["title", "description", "provider_name", "provider_unit__name"], label=_("resource"))
    under = UnderNodeFilter(node_lookup="node")
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("category"))
    provider_unit = unit_filter(_("provider unit"))
    available = django_filters.BooleanFilter(
        field_name="remaining", lookup_expr="gt", method="filter_available", label=_("something left")
    )

    class Meta:
        model = Resource
        fields = ["category", "provider_unit"]

    def filter_available(self, qs, name, value):
        return qs.filter(remaining__gt=0) if value else qs.filter(remaining=0)


class ProjectFilter(AreaChoicesMixin, PeriodCheckMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["title", "description", "owner_name", "owner_unit__name"], label=_("project"))
    under = UnderNodeFilter(node_lookup="node")
    status = django_filters.ChoiceFilter(choices=Project.Status.choices, label=_("status"))
    owner_unit = unit_filter(_("owner unit"))
    period = period_filter("starts_on", _("starts"))

    class Meta:
        model = Project
        fields = ["status", "owner_unit"]


class ResponsibilityFilter(AreaChoicesMixin, PeriodCheckMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["task", "person_name", "unit__name", "project__title"], label=_("task"))
    under = UnderNodeFilter(node_lookup="project__node")
    unit = unit_filter(_("responsible unit"))
    # thousands of projects in a city: picked by searching, never listed whole
    project = django_filters.ModelChoiceFilter(
        queryset=Project.objects.all(), label=_("project"), widget=PickerSelect("ledger_project")
    )
    completed = django_filters.BooleanFilter(
        field_name="completed_on", lookup_expr="isnull", exclude=True, label=_("completed")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))
    period = period_filter("deadline", _("deadline"))

    class Meta:
        model = Responsibility
        fields = ["unit", "project"]

    def filter_overdue(self, qs, name, value):
        """Needs ``is_overdue`` (``selectors.lists.responsibility_list``)."""
        return qs.filter(is_overdue=value)


class SecretaryProjectFilter(AreaChoicesMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["title", "secretary", "plan"], label=_("project or secretary"))
    under = UnderNodeFilter(node_lookup="node")
    year = django_filters.NumberFilter(label=_("year"), min_value=2000, max_value=2100)
    status = django_filters.ChoiceFilter(choices=SecretaryProject.Status.choices, label=_("status"))

    class Meta:
        model = SecretaryProject
        fields = ["year", "status"]
