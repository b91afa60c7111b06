import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.filters import ScopedFilterSet, TextSearchFilter
from grids.filters import AreaChoicesMixin, UnderNodeFilter
from organisations.models import OrganisationMembership, PartyOrganisation, standing_on
from people.models import Person
from units.models import MemberUnit


class OrganisationFilter(AreaChoicesMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["name", "node__name", "unit__name", "purpose"], label=_("name or place"))
    under = UnderNodeFilter(node_lookup="node")
    standing = django_filters.BooleanFilter(method="filter_standing", label=_("standing"))
    unit = django_filters.ModelChoiceFilter(
        queryset=MemberUnit.objects.all(), label=_("member unit"), widget=forms.NumberInput
    )

    class Meta:
        model = PartyOrganisation
        fields = ["kind", "unit"]

    def filter_standing(self, qs, name, value):
        if value is None:
            return qs
        standing = standing_on(timezone.localdate())
        return qs.filter(standing) if value else qs.exclude(standing)


class MembershipFilter(AreaChoicesMixin, ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="organisation__node")
    organisation = django_filters.ModelChoiceFilter(
        queryset=PartyOrganisation.objects.all(), label=_("organisation"), widget=forms.NumberInput
    )
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.all(), label=_("person"), widget=forms.NumberInput
    )
    current = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", label=_("current"))

    class Meta:
        model = OrganisationMembership
        fields = ["organisation", "person", "role", "holds_relation"]
