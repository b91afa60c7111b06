from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import scopes
from accounts.mixins import ScopedViewSetMixin
from grids.models import Node
from liaoyuan.core import masking
from liaoyuan.core.api import ModelLabelsMixin
from people import selectors, services
from people.filters import DutyFilter, PersonFilter
from people.models import Duty, Person


class PersonListSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    """A person in a list: name and phone masked (PIPL), except the user's own record."""

    name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    party_status_display = serializers.CharField(source="get_party_status_display", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "phone",
            "gender",
            "node",
            "household",
            "party_status",
            "party_status_display",
            "work_unit",
            "reported_on",
        ]

    def _own(self, obj) -> bool:
        request = self.context.get("request")
        return request is not None and obj.pk == request.user.person_id

    def get_name(self, obj) -> str:
        return obj.name if self._own(obj) else masking.mask_name(obj.name)

    def get_phone(self, obj) -> str:
        return obj.phone if self._own(obj) else masking.mask_phone(obj.phone)


class PersonDetailSerializer(PersonListSerializer):
    """One person: whole data for those who act on them (each such view is logged), masked otherwise."""

    id_number = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    whole = serializers.SerializerMethodField()

    class Meta(PersonListSerializer.Meta):
        fields = [*PersonListSerializer.Meta.fields, "id_number", "address", "birth_date", "whole"]

    def _personal(self, obj):
        cache = self.context.setdefault("personal_data", {})
        if obj.pk not in cache:
            cache[obj.pk] = services.person_personal_data(user=self.context["request"].user, person=obj, channel="api")
        return cache[obj.pk]

    def get_name(self, obj) -> str:
        return self._personal(obj).name

    def get_phone(self, obj) -> str:
        return self._personal(obj).phone

    def get_id_number(self, obj) -> str:
        return self._personal(obj).id_number

    def get_address(self, obj) -> str:
        return self._personal(obj).address

    def get_whole(self, obj) -> bool:
        return self._personal(obj).whole


class PersonViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """People in scope. Lists mask names and phones; the detail shows them whole to those who act on the person.
    ``q`` searches by name, phone or identity number among the people whose data the user sees whole."""

    queryset = Person.objects.none()
    filterset_class = PersonFilter

    def get_queryset(self):
        return selectors.person_list(user=self.request.user)

    def get_serializer_class(self):
        return PersonDetailSerializer if self.action == "retrieve" else PersonListSerializer


class DutySerializer(ModelLabelsMixin, serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    employment_display = serializers.CharField(source="get_employment_display", read_only=True)

    class Meta:
        model = Duty
        fields = [
            "id",
            "kind",
            "kind_display",
            "person",
            "person_name",
            "node",
            "area",
            "employment",
            "employment_display",
            "is_leader",
            "started_on",
            "ended_on",
        ]


class DutyCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_display = serializers.CharField()
    serving = serializers.IntegerField()
    full_time = serializers.IntegerField()
    part_time = serializers.IntegerField()
    nodes = serializers.IntegerField()


class DutyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Posts: the five chiefs, first secretaries and community workers (chiefs' names are public), each
    full-time or part-time; a node may have several chiefs of a kind, one leading. ``counts/`` gives the
    serving posts per kind (full-time, part-time, nodes held), filtered like the list."""

    queryset = Duty.objects.none()
    serializer_class = DutySerializer
    filterset_class = DutyFilter

    def get_queryset(self):
        return selectors.duty_list(user=self.request.user, serving_only=False)

    @extend_schema(responses=DutyCountSerializer(many=True))
    @action(detail=False, pagination_class=None)
    def counts(self, request):
        """Serving posts per kind in scope (``under`` limits them to an area)."""
        node = None
        under = request.query_params.get("under", "")
        if under:
            if not under.isdigit():
                raise serializers.ValidationError({"under": _("Enter a whole number.")})
            node = scopes.visible_or_404(request.user, Node.objects.all(), pk=int(under))
        counts = selectors.chief_counts(user=request.user, node=node)
        rows = [{"kind": kind, "kind_display": Duty.Kind(kind).label, **values} for kind, values in counts.items()]
        return Response(DutyCountSerializer(rows, many=True).data)
