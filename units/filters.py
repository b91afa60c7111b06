import django_filters

from grids.filters import UnderNodeFilter
from units.models import MemberUnit


class MemberUnitFilter(django_filters.FilterSet):
    under = UnderNodeFilter(node_lookup="community")

    class Meta:
        model = MemberUnit
        fields = ["kind", "community", "party_org_kind", "is_active"]
