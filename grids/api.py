from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.mixins import ScopedViewSetMixin
from grids.filters import HouseholdFilter, NodeFilter
from grids.models import Household, Node
from liaoyuan.core.api import ModelLabelsMixin


class NodeSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Node
        fields = [
            "id",
            "kind",
            "kind_display",
            "name",
            "code",
            "party_org_name",
            "address",
            "path",
            "depth",
            "numchild",
        ]
        read_only_fields = ["kind", "path", "depth", "numchild"]


class NodeNameSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = Node
        fields = ["id", "kind", "name"]


class NodeViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The territory and grid tree. Search with ``q`` (name or code); filter with ``kind``, ``parent`` (direct
    children) or ``under`` (subtree)."""

    queryset = Node.objects.order_by("path")
    serializer_class = NodeSerializer
    filterset_class = NodeFilter
    ordering_fields = ["path", "name"]

    @extend_schema(responses=NodeSerializer(many=True))  # a page of nodes, as the list
    @action(detail=True)
    def children(self, request, pk=None):
        node = self.get_object()
        qs = self.filter_queryset(self.get_queryset()).filter(path__startswith=node.path, depth=node.depth + 1)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses=NodeNameSerializer(many=True))
    @action(detail=True)
    def ancestors(self, request, pk=None):
        """The nodes above this one, root first: names only (a breadcrumb), since they may lie outside
        the user's scope."""
        node = self.get_object()
        qs = Node.objects.filter(path__in=node.ancestor_paths()).order_by("depth")
        return Response(NodeNameSerializer(qs, many=True).data)


class HouseholdSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = Household
        fields = [
            "id",
            "node",
            "door_number",
            "size",
            "is_party_central",
            "elderly_alone",
            "disabled_member",
            "single_parent",
            "in_difficulty",
        ]


class HouseholdViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Households, without personal data (addresses and members are under ``people``). ``q`` searches the door
    number, the building or stairwell, and the residents (by name or phone, among those seen whole)."""

    queryset = Household.objects.order_by("node__path", "door_number")
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter
