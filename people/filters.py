import django_filters

from grids.filters import UnderNodeFilter
from people.models import Duty, Person


class PersonFilter(django_filters.FilterSet):
    under = UnderNodeFilter(node_lookup="node")

    class Meta:
        model = Person
        fields = ["party_status", "work_unit", "household"]


class DutyFilter(django_filters.FilterSet):
    under = UnderNodeFilter(node_lookup="node")
    serving = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull")

    class Meta:
        model = Duty
        fields = ["kind", "node"]
