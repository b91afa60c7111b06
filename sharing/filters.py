"""FilterSets of the venues and bookings, shared by pages and the API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.filters import ScopedFilterSet, TextSearchFilter
from grids.filters import AreaChoicesMixin, UnderNodeFilter
from sharing.models import (
    Booking,
    ClassCheckIn,
    JobPosting,
    JobReferral,
    ReferralOutcome,
    Training,
    Venue,
    VenueKind,
)


class VenueFilter(AreaChoicesMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["name", "address", "community__name"], label=_("venue, address or community"))
    under = UnderNodeFilter(node_lookup="community")
    kind = django_filters.ChoiceFilter(choices=VenueKind.choices, label=_("type"))

    class Meta:
        model = Venue
        fields = ["kind"]


class BookingFilter(AreaChoicesMixin, ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="venue__community")
    status = django_filters.ChoiceFilter(choices=Booking.Status.choices, label=_("status"))
    kind = django_filters.ChoiceFilter(field_name="venue__kind", choices=VenueKind.choices, label=_("type"))

    class Meta:
        model = Booking
        fields = ["status"]


class JobPostingFilter(AreaChoicesMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["position", "unit__name", "requirements"], label=_("position or unit"))
    under = UnderNodeFilter(node_lookup="community")
    state = django_filters.ChoiceFilter(
        choices=[("open", _("Open")), ("closed", _("Closed"))], method="filter_state", label=_("state")
    )

    class Meta:
        model = JobPosting
        fields = []

    def filter_state(self, qs, name, value):
        today = timezone.localdate()
        if value == "open":
            return qs.filter(published_on__lte=today, closes_on__gte=today)
        if value == "closed":
            return qs.filter(closes_on__lt=today)
        return qs


class ReferralFilter(AreaChoicesMixin, ScopedFilterSet):
    outcome = django_filters.ChoiceFilter(choices=ReferralOutcome.choices, label=_("outcome"))
    under = UnderNodeFilter(node_lookup="posting__community")

    class Meta:
        model = JobReferral
        fields = ["outcome"]


class TrainingFilter(AreaChoicesMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["topic", "provider", "place"], label=_("topic, provider or place"))
    under = UnderNodeFilter(node_lookup="node")
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("held from"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("held until"))

    class Meta:
        model = Training
        fields = []


class CheckInFilter(AreaChoicesMixin, ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="community")
    day_from = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("from"))
    day_to = django_filters.DateFilter(field_name="day", lookup_expr="lte", label=_("until"))

    class Meta:
        model = ClassCheckIn
        fields = []
