"""FilterSets of the venues and bookings, shared by pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import ScopedFilterSet, TextSearchFilter
from grids.filters import AreaChoicesMixin, UnderNodeFilter
from sharing.models import Booking, Venue, VenueKind


class VenueFilter(AreaChoicesMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["name", "address", "community__name"], label=_("venue, address or community"))
    under = UnderNodeFilter(node_lookup="community")
    kind = django_filters.ChoiceFilter(choices=VenueKind.choices, label=_("type"))

    class Meta:
        model = Venue
        fields = ["kind"]


class BookingFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=Booking.Status.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(field_name="venue__kind", choices=VenueKind.choices, label=_("type"))

    class Meta:
        model = Booking
        fields = ["status"]
