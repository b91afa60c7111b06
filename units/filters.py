from django.utils.translation import gettext_lazy as _

from accounts.filters import ScopedFilterSet, TextSearchFilter
from grids.filters import AreaChoicesMixin, UnderNodeFilter
from units.models import MemberUnit


class MemberUnitFilter(AreaChoicesMixin, ScopedFilterSet):
    q = TextSearchFilter(
        fields=["name", "party_org_name", "credit_code", "location__name"], label=_("name or credit code")
    )
    under = UnderNodeFilter(node_lookup="location")

    class Meta:
        model = MemberUnit
        fields = ["kind", "location", "party_org_kind", "is_active"]
