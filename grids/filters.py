import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.filters import ScopedFilterSet, TextSearchFilter
from grids.models import Household, Node
from grids.selectors import area_nodes
from liaoyuan.core.pickers import PickerSelect
from people.selectors import household_search


@extend_schema_field(OpenApiTypes.INT)
class UnderNodeFilter(django_filters.ModelChoiceFilter):
    """Keeps rows whose node (reached by ``node_lookup``) lies under the chosen node.

    The node must be one the user sees (``ScopedFilterSet``); another is refused as an invalid choice.
    A number box by default (the API); ``AreaChoicesMixin`` shows it as a list of areas on pages.
    """

    def __init__(self, *args, node_lookup: str = "", **kwargs):
        self.node_lookup = node_lookup
        kwargs.setdefault("label", _("under node"))
        kwargs.setdefault("queryset", Node.objects.all())
        kwargs.setdefault("widget", forms.NumberInput)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        lookup = f"{self.node_lookup}__path__startswith" if self.node_lookup else "path__startswith"
        return qs.filter(**{lookup: value.path})


class ChildrenOfFilter(UnderNodeFilter):
    """Keeps the nodes right under the chosen node (its children)."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(path__startswith=value.path, depth=value.depth + 1)


class AreaChoiceField(forms.ModelChoiceField):
    """A choice of areas, indented by depth under their district."""

    def label_from_instance(self, obj: Node) -> str:
        return f"{'　' * max(obj.depth - 2, 0)}{obj.name}"


class AreaChoicesMixin:
    """Pages: shows ``under`` as a list of the districts, streets and communities the user may see."""

    def __init__(self, *args, area_choices: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if area_choices and self.request is not None:
            under = self.filters["under"]
            under.queryset = area_nodes(user=self.request.user)
            under.field_class = AreaChoiceField
            under.extra.update(widget=PickerSelect("area"), empty_label=_("Everywhere in my area"))
            under.label = _("district, street or community")


class NodeFilter(ScopedFilterSet):
    q = TextSearchFilter(fields=["name", "code"], label=_("name or code"))
    under = UnderNodeFilter()
    parent = ChildrenOfFilter(label=_("parent node"))

    class Meta:
        model = Node
        fields = ["kind", "depth"]


class HouseholdFilter(AreaChoicesMixin, ScopedFilterSet):
    # residents are searched in people (personal data only among the records seen whole)
    q = TextSearchFilter(search=household_search, label=_("door number, building or resident"))
    under = UnderNodeFilter(node_lookup="node")
    node = django_filters.ModelChoiceFilter(
        queryset=Node.objects.filter(kind=Node.Kind.STAIRWELL), label=_("stairwell unit"), widget=forms.NumberInput
    )

    class Meta:
        model = Household
        fields = ["node", "is_party_central", "elderly_alone", "disabled_member", "single_parent", "in_difficulty"]
