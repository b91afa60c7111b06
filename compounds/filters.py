"""FilterSet of the old compounds, shared by the list page, its export and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import ScopedFilterSet, TextSearchFilter
from compounds.models import Compound, RenovationStatus
from grids.filters import AreaChoicesMixin, UnderNodeFilter


class CompoundFilter(AreaChoicesMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["name", "address", "community__name"], label=_("compound, address or community"))
    under = UnderNodeFilter(node_lookup="community")
    status = django_filters.ChoiceFilter(choices=RenovationStatus.choices, label=_("renovation"))

    class Meta:
        model = Compound
        fields = ["status"]
