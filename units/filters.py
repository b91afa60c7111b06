from accounts.filters import ScopedFilterSet
from grids.filters import UnderNodeFilter
from units.models import MemberUnit


class MemberUnitFilter(ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="community")

    class Meta:
        model = MemberUnit
        fields = ["kind", "community", "party_org_kind", "is_active"]
