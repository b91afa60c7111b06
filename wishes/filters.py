"""Filters of the staff's list of wishes (the same FilterSet serves the page and the API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import ScopedFilterSet, TextSearchFilter
from wishes.models import OPEN_STATUSES, CareGroup, Channel, Wish, WishKind, WishStatus


class WishFilter(ScopedFilterSet):
    q = TextSearchFilter(fields=("title", "tracking_code", "community__name", "building__name"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=WishStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=WishKind.choices)
    channel = django_filters.ChoiceFilter(label=_("source channel"), choices=Channel.choices)
    care_group = django_filters.ChoiceFilter(label=_("special care"), choices=CareGroup.choices)
    open = django_filters.BooleanFilter(label=_("open only"), method="filter_open")

    class Meta:
        model = Wish
        fields = ["q", "status", "kind", "channel", "care_group", "open"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(status__in=sorted(OPEN_STATUSES))
        return queryset.exclude(status__in=sorted(OPEN_STATUSES))
