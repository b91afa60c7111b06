"""FilterSets of the volunteer pages: posts (a directory every signed-in account browses), dual reports, claims,
service records and the roster of reported members."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.filters import AnyYesNoWidget, FilterSet, ScopedFilterSet, TextSearchFilter
from grids.filters import AreaChoicesMixin, UnderNodeFilter
from grids.models import Node
from liaoyuan.core.pickers import PickerSelect
from volunteers.models import (
    Claim,
    ClaimStatus,
    DualReport,
    Post,
    PostCategory,
    RecordKind,
    RecordStatus,
    ReportStatus,
    ServiceRecord,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@extend_schema_field(OpenApiTypes.INT)
class CommunityFilter(django_filters.ModelChoiceFilter):
    """Keeps rows (reached by ``node_lookup``) in the chosen community; communities are a public directory,
    chosen with a search-as-you-type picker."""

    def __init__(self, *args, node_lookup: str, **kwargs):
        self.node_lookup = node_lookup
        kwargs.setdefault("label", _("community"))
        kwargs.setdefault("queryset", Node.objects.filter(kind=Node.Kind.COMMUNITY).order_by("name", "pk"))
        kwargs.setdefault("widget", PickerSelect("volunteer_community"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(**{f"{self.node_lookup}__path__startswith": value.path})


class PostFilter(FilterSet):
    q = TextSearchFilter(fields=["title", "place", "node__name"], label=_("post, place or community"))
    community = CommunityFilter(node_lookup="node")
    category = django_filters.ChoiceFilter(choices=PostCategory.choices, label=_("category"))
    is_emergency = django_filters.BooleanFilter(label=_("emergency post"), widget=AnyYesNoWidget)
    is_open = django_filters.BooleanFilter(label=_("open for claims"), widget=AnyYesNoWidget)

    class Meta:
        model = Post
        fields = ["category", "is_emergency", "is_open"]


class ReportFilter(AreaChoicesMixin, ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="community")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("status"))

    class Meta:
        model = DualReport
        fields = ["status", "kind"]


class RosterFilter(AreaChoicesMixin, ScopedFilterSet):
    q = TextSearchFilter(fields=["person__name", "unit__name"], label=_("member or unit"))
    under = UnderNodeFilter(node_lookup="community")

    class Meta:
        model = DualReport
        fields = []


class ClaimFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, label=_("status"))
    upcoming = django_filters.BooleanFilter(method="filter_upcoming", label=_("shift still to come"))

    class Meta:
        model = Claim
        fields = ["status"]

    def filter_upcoming(self, qs, name, value):
        if value is None:
            return qs
        now = timezone.now()
        return qs.filter(shift__starts_at__gt=now) if value else qs.filter(shift__starts_at__lte=now)


class RecordFilter(AreaChoicesMixin, ScopedFilterSet):
    under = UnderNodeFilter(node_lookup="community")
    kind = django_filters.ChoiceFilter(choices=RecordKind.choices, label=_("kind"))
    status = django_filters.ChoiceFilter(choices=RecordStatus.choices, label=_("status"))
    served_after = django_filters.DateFilter(
        field_name="served_on", lookup_expr="gte", label=_("served from"), widget=DATE
    )
    served_before = django_filters.DateFilter(
        field_name="served_on", lookup_expr="lte", label=_("served until"), widget=DATE
    )

    class Meta:
        model = ServiceRecord
        fields = ["kind", "status"]


class EmergencyFilter(AreaChoicesMixin, ScopedFilterSet):
    """Only the area (street, community) of the emergency mobilisation page."""

    under = UnderNodeFilter(node_lookup="node")

    class Meta:
        model = Post
        fields = []
