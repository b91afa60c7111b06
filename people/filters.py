import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.filters import ScopedFilterSet, TextSearchFilter
from grids.filters import UnderNodeFilter
from grids.models import Household, Node
from people.models import Duty, Person
from people.selectors import person_search


class PersonFilter(ScopedFilterSet):
    q = TextSearchFilter(
        search=person_search,
        label=_("name, phone or identity number"),
        help_text=_("Searches the people whose data you may see whole."),
    )
    under = UnderNodeFilter(node_lookup="node")
    household = django_filters.ModelChoiceFilter(
        queryset=Household.objects.all(), label=_("household"), widget=forms.NumberInput
    )

    class Meta:
        model = Person
        fields = ["party_status", "work_unit", "household"]


class DutyFilter(ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="node")
    node = django_filters.ModelChoiceFilter(queryset=Node.objects.all(), label=_("node"), widget=forms.NumberInput)
    serving = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", label=_("serving"))

    class Meta:
        model = Duty
        fields = ["kind", "node", "employment", "is_leader"]
