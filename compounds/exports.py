"""The old compounds' export through the one export engine: each compound with its five packages' state and
its red-heart property arrangement."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from compounds import selectors
from compounds.filters import CompoundFilter
from compounds.models import PropertyService
from liaoyuan.core.exports import Column, Dataset, register


def _service(compound) -> PropertyService | None:
    try:
        return compound.property_service
    except PropertyService.DoesNotExist:  # no arrangement recorded yet
        return None


COMPOUNDS = register(
    Dataset(
        key="compounds",
        title=gettext_lazy("Old compounds"),
        columns=(
            Column(gettext_lazy("Compound"), 20, lambda c: c.name),
            Column(gettext_lazy("Community"), 16, lambda c: c.community.name),
            Column(gettext_lazy("Address"), 24, lambda c: c.address),
            Column(gettext_lazy("Built in"), 8, lambda c: c.built_year),
            Column(gettext_lazy("Buildings"), 8, lambda c: c.buildings),
            Column(gettext_lazy("Households"), 8, lambda c: c.households),
            Column(gettext_lazy("Renovation"), 12, lambda c: c.get_status_display()),
            Column(gettext_lazy("Renovated on"), 12, lambda c: c.renovated_on),
            Column(gettext_lazy("Five packages done"), 10, lambda c: f"{c.packages_done}/{selectors.FIVE}"),
            Column(gettext_lazy("Property company"), 20, lambda c: getattr(_service(c), "property_company", "")),
            Column(
                gettext_lazy("Fee standard (yuan per m² a month)"),
                12,
                lambda c: getattr(_service(c), "fee_standard", None),
            ),
            Column(gettext_lazy("Collection rate (%)"), 10, lambda c: getattr(_service(c), "collection_rate", None)),
        ),
        queryset=lambda *, user: selectors.compound_list(user=user),
        filterset_class=CompoundFilter,
        printable=True,
    )
)
