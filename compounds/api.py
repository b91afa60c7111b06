"""API of the old compounds: ``/api/v1/compounds/`` lists, shows, records and changes compounds in the user's
scope, each with its five packages and red-heart property arrangement; ``package`` marks one package done (a
done package needs its day) and ``property`` keeps the arrangement. A refusal is a 400 with field errors."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import scopes
from compounds import selectors, services
from compounds.filters import CompoundFilter
from compounds.models import Compound, Package, PackageKind, PropertyService
from grids.models import Node
from ledgers.models import Project
from liaoyuan.core.api import ChoicesField, ModelLabelsMixin


class PackageSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = Package
        fields = ["id", "kind", "responsible", "is_done", "done_on", "evidence"]
        read_only_fields = fields


class PropertyServiceSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    fee_standard = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    collection_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True
    )

    class Meta:
        model = PropertyService
        fields = ["property_company", "owners_committee", "fee_standard", "collection_rate", "note"]


class CompoundSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    community = ChoicesField(
        lambda user: scopes.editable(user, Node.objects.filter(kind=Node.Kind.COMMUNITY)), queryset=Node.objects.all()
    )
    community_name = serializers.CharField(source="community.name", read_only=True)
    project = ChoicesField(
        lambda user: selectors.renovation_projects(user=user),
        queryset=Project.objects.all(),
        required=False,
        allow_null=True,
    )
    packages = serializers.SerializerMethodField()
    property_service = serializers.SerializerMethodField()

    class Meta:
        model = Compound
        fields = [
            "id",
            "community",
            "community_name",
            "name",
            "address",
            "built_year",
            "buildings",
            "households",
            "project",
            "status",
            "renovated_on",
            "packages",
            "property_service",
        ]
        read_only_fields = ["id"]

    def get_packages(self, obj) -> list[dict]:
        return PackageSerializer(selectors.packages(obj), many=True).data

    def get_property_service(self, obj) -> dict | None:
        try:
            return PropertyServiceSerializer(obj.property_service).data
        except PropertyService.DoesNotExist:
            return None

    def create(self, validated_data):
        return services.compound_create(user=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("community", None)
        return services.compound_update(user=self.context["request"].user, compound=instance, **validated_data)


class PackageUpdateSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Package

    kind = serializers.ChoiceField(choices=PackageKind.choices)
    is_done = serializers.BooleanField()
    done_on = serializers.DateField(required=False, allow_null=True, default=None)
    responsible = serializers.CharField(max_length=100, required=False, allow_blank=True)
    evidence = serializers.CharField(max_length=2_000, required=False, allow_blank=True)


class CompoundViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Old compounds in the user's scope; filter with ``q``, ``under`` and ``status``."""

    queryset = Compound.objects.none()
    serializer_class = CompoundSerializer
    filterset_class = CompoundFilter
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.compound_list(user=self.request.user).prefetch_related("packages")

    def get_object(self):
        compound = super().get_object()
        if self.request.method not in permissions.SAFE_METHODS and not scopes.can_change(self.request.user, compound):
            self.permission_denied(self.request)
        return compound

    @extend_schema(request=PackageUpdateSerializer, responses=PackageSerializer)
    @action(detail=True, methods=["post"])
    def package(self, request, pk=None):
        """Marks one of the five packages done (with ``done_on``) or not done."""
        compound = self.get_object()
        data = PackageUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        package = compound.packages.get(kind=values.pop("kind"))
        return Response(PackageSerializer(services.package_update(user=request.user, package=package, **values)).data)

    @extend_schema(request=PropertyServiceSerializer, responses=PropertyServiceSerializer)
    @action(detail=True, methods=["post"], url_path="property")
    def property_service(self, request, pk=None):
        """Keeps the red-heart property arrangement (the fields given are changed)."""
        compound = self.get_object()
        data = PropertyServiceSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        service = services.property_set(user=request.user, compound=compound, **data.validated_data)
        return Response(PropertyServiceSerializer(service).data)


def register(router) -> None:
    router.register("compounds", CompoundViewSet, basename="compound")
