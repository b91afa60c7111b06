from rest_framework import serializers, viewsets

from accounts.mixins import ScopedViewSetMixin
from liaoyuan.core.api import ModelLabelsMixin
from units import selectors, services
from units.filters import MemberUnitFilter
from units.models import MemberUnit


class MemberUnitSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    location_name = serializers.CharField(source="location.name", read_only=True)
    location_kind = serializers.CharField(source="location.kind", read_only=True)

    class Meta:
        model = MemberUnit
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "location",
            "location_name",
            "location_kind",
            "party_org_kind",
            "party_org_name",
            "party_secretary",
            "party_member_count",
            "leader",
            "phone",
            "address",
            "credit_code",
            "is_active",
        ]
        read_only_fields = ["location"]


class MemberUnitViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Member units (search with ``q``: name, party organisation, credit code, where it is located). Unit admins may
    update their unit's party details and contacts; the street or community that registered a unit also its
    name, type, credit code and whether it is active."""

    queryset = MemberUnit.objects.none()
    serializer_class = MemberUnitSerializer
    filterset_class = MemberUnitFilter
    http_method_names = ["get", "patch", "put", "head", "options"]

    def get_queryset(self):
        return selectors.unit_list(user=self.request.user)

    def perform_update(self, serializer):
        serializer.instance = services.unit_update(
            user=self.request.user, unit=serializer.instance, **serializer.validated_data
        )
