import django_filters
from django.utils.translation import gettext_lazy as _

from accounts import scopes
from grids.models import Household, Node


class UnderNodeFilter(django_filters.NumberFilter):
    """Keeps rows whose node lies under the given node (the node must be visible to the user)."""

    def __init__(self, *args, node_lookup: str = "", **kwargs):
        self.node_lookup = node_lookup
        kwargs.setdefault("label", _("under node"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        node = scopes.visible(self.parent.request.user, Node.objects.filter(pk=value)).first()
        if node is None:
            return qs.none()
        lookup = f"{self.node_lookup}__path__startswith" if self.node_lookup else "path__startswith"
        return qs.filter(**{lookup: node.path})


class NodeFilter(django_filters.FilterSet):
    under = UnderNodeFilter()
    parent = django_filters.NumberFilter(method="filter_parent", label=_("parent node"))

    class Meta:
        model = Node
        fields = ["kind", "depth"]

    def filter_parent(self, qs, name, value):
        parent = Node.objects.filter(pk=value).first()
        if parent is None:
            return qs.none()
        return qs.filter(path__startswith=parent.path, depth=parent.depth + 1)


class HouseholdFilter(django_filters.FilterSet):
    under = UnderNodeFilter(node_lookup="node")

    class Meta:
        model = Household
        fields = ["node", "is_party_central", "elderly_alone", "disabled_member", "single_parent", "in_difficulty"]
