"""API of the service menu and the wishes, for staff and providers: ``/api/v1/service-menu/`` and
``/api/v1/wishes/`` with the actions of a wish's life (triage, dispatch, claim, progress, complete, rate, reopen)
and its whole contact (logged). Reads are scoped by the selectors and masked; every write goes through
``wishes.services``, whose ``ValidationError`` becomes a 400 with field errors."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import scopes
from accounts.mixins import ScopedViewSetMixin
from grids.models import Node
from liaoyuan.core.api import ModelLabelsMixin
from liaoyuan.core.limits import field_limits
from liaoyuan.core.scoping import OutOfScope
from organisations.models import PartyOrganisation
from people.models import Person
from units.models import MemberUnit
from volunteers.models import Post
from wishes import selectors
from wishes.filters import WishFilter
from wishes.models import (
    CareGroup,
    Channel,
    ProviderKind,
    QuestionKind,
    ServiceItem,
    ServiceQuestion,
    Wish,
    WishEvent,
    WishKind,
)
from wishes.services import menu as menu_services
from wishes.services import wishes as services

# ---- fields -------------------------------------------------------------------------------------------------


class _ScopedKeyField(serializers.PrimaryKeyRelatedField):
    """A related object the requesting user may see (others answer "does not exist")."""

    def __init__(self, *, base: QuerySet, **kwargs):
        self.base = base
        super().__init__(queryset=base, **kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        if request is None:
            return self.base.none()
        return scopes.visible(request.user, self.base)


# ---- the service menu ---------------------------------------------------------------------------------------


class QuestionSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = ServiceQuestion
        fields = ["id", "code", "label", "kind", "required", "choices", "order"]
        read_only_fields = fields


class ServiceItemSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    service_code = serializers.CharField(read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceItem
        fields = [
            "id",
            "community",
            "community_name",
            "service_code",
            "title",
            "description",
            "provider",
            "is_active",
            "questions",
        ]
        read_only_fields = fields


class ServiceItemWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = ServiceItem

    community = _ScopedKeyField(base=Node.objects.filter(kind=Node.Kind.COMMUNITY))
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", **field_limits(ServiceItem, "description")
    )
    provider = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    is_active = serializers.BooleanField(required=False, default=True)


class ServiceItemUpdateSerializer(ServiceItemWriteSerializer):
    community = None


class QuestionWriteSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = ServiceQuestion

    code = serializers.SlugField(max_length=40)
    label = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    required = serializers.BooleanField(required=False, default=False)
    choices = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ServiceMenuViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The service menus of the communities in the user's scope, each item with its extra questions."""

    queryset = ServiceItem.objects.none()
    serializer_class = ServiceItemSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        questions = Prefetch("questions", queryset=ServiceQuestion.objects.order_by("order", "pk"))
        items = ServiceItem.objects.select_related("community").prefetch_related(questions).order_by("pk")
        return scopes.visible(self.request.user, items)

    def _respond(self, item: ServiceItem, code=status.HTTP_200_OK) -> Response:
        item = self.get_queryset().filter(pk=item.pk).first() or item
        return Response(ServiceItemSerializer(item, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ServiceItemWriteSerializer, responses={201: ServiceItemSerializer})
    def create(self, request, *args, **kwargs):
        data = ServiceItemWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return self._respond(
            menu_services.item_create(user=request.user, **data.validated_data), status.HTTP_201_CREATED
        )

    @extend_schema(request=ServiceItemUpdateSerializer, responses=ServiceItemSerializer)
    def update(self, request, *args, **kwargs):
        item = self.get_object()
        data = ServiceItemUpdateSerializer(
            data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        values = {"title": item.title, "description": item.description, "provider": item.provider}
        values["is_active"] = item.is_active
        values.update(data.validated_data)
        return self._respond(menu_services.item_update(user=request.user, item=item, **values))

    @extend_schema(request=QuestionWriteSerializer, responses={201: ServiceItemSerializer})
    @action(detail=True, methods=["post"])
    def questions(self, request, pk=None):
        """Adds an extra question asked when ordering the item."""
        item = self.get_object()
        data = QuestionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        menu_services.question_add(user=request.user, item=item, **data.validated_data)
        return self._respond(item, status.HTTP_201_CREATED)


# ---- wishes -------------------------------------------------------------------------------------------------


class EventSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    note = serializers.SerializerMethodField()
    status_from = serializers.CharField(read_only=True, help_text="The status before; empty for the submission.")

    class Meta:
        model = WishEvent
        fields = ["id", "at", "status_from", "status_to", "note"]
        read_only_fields = fields

    def get_note(self, obj) -> str:
        return selectors.mask_phones_in(obj.note)


class WishSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    """A wish as lists show it: the phone masked, no name, no door (``contact`` gives them, logged)."""

    community_name = serializers.CharField(source="community.name", read_only=True)
    building_name = serializers.CharField(source="building.name", read_only=True)
    item_title = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    contact_phone_masked = serializers.CharField(source="masked_phone", read_only=True)
    provider_label = serializers.CharField(read_only=True)
    provider_kind = serializers.ChoiceField(choices=ProviderKind.choices, allow_blank=True, read_only=True)
    care_group = serializers.ChoiceField(choices=CareGroup.choices, allow_blank=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Wish
        fields = [
            "id",
            "tracking_code",
            "kind",
            "item",
            "item_title",
            "answers",
            "community",
            "community_name",
            "grid",
            "building",
            "building_name",
            "title",
            "description",
            "beneficiary",
            "contact_phone_masked",
            "channel",
            "care_group",
            "status",
            "status_changed_at",
            "reason",
            "duplicate_of",
            "provider_kind",
            "provider_unit",
            "provider_post",
            "provider_team",
            "provider_label",
            "promised_on",
            "done_at",
            "rating",
            "rating_comment",
            "created_at",
            "events",
        ]
        read_only_fields = fields

    def get_item_title(self, obj) -> str:
        return obj.item.title if obj.item_id else ""

    def get_title(self, obj) -> str:
        return selectors.mask_phones_in(obj.title)

    def get_description(self, obj) -> str:
        return selectors.mask_phones_in(obj.description)


class WishCreateSerializer(ModelLabelsMixin, serializers.Serializer):
    """A wish entered on a resident's behalf by staff or a chief (the channel says how it came)."""

    label_model = Wish

    building = _ScopedKeyField(base=Node.objects.filter(kind__in=[Node.Kind.BUILDING, Node.Kind.STAIRWELL]))
    kind = serializers.ChoiceField(choices=WishKind.choices, required=False, default=WishKind.WISH)
    item = _ScopedKeyField(base=ServiceItem.objects.all(), required=False, allow_null=True, default=None)
    answers = serializers.DictField(child=serializers.CharField(max_length=200), required=False, default=dict)
    title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        required=False, allow_blank=True, default="", **field_limits(Wish, "description")
    )
    beneficiary = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=20)
    door = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    channel = serializers.ChoiceField(
        choices=[c for c in Channel.choices if c[0] not in (Channel.WEB, Channel.OPEN311)]
    )
    care_group = serializers.ChoiceField(choices=CareGroup.choices, required=False, allow_blank=True, default="")


class TriageSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[("accept", _("accept")), ("merge", _("merge")), ("decline", _("decline"))]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    duplicate_of = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1
    )


class DispatchSerializer(serializers.Serializer):
    provider_kind = serializers.ChoiceField(choices=ProviderKind.choices)
    provider_unit = _ScopedKeyField(base=MemberUnit.objects.all(), required=False, allow_null=True, default=None)
    provider_person = _ScopedKeyField(base=Person.objects.all(), required=False, allow_null=True, default=None)
    provider_post = _ScopedKeyField(base=Post.objects.all(), required=False, allow_null=True, default=None)
    provider_team = _ScopedKeyField(base=PartyOrganisation.objects.all(), required=False, allow_null=True, default=None)
    promised_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ClaimSerializer(serializers.Serializer):
    promised_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ContactSerializer(serializers.Serializer):
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    door = serializers.CharField()


class WishViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The wishes in the user's scope, in queue order (open first, special care first, oldest first); filter
    with ``q``, ``status``, ``kind``, ``channel``, ``care_group``, ``open``. Phones are masked; ``contact``
    gives the whole contact to those handling the wish, and logs it."""

    queryset = Wish.objects.none()
    serializer_class = WishSerializer
    filterset_class = WishFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        events = Prefetch("events", queryset=WishEvent.objects.order_by("at", "pk"))
        return selectors.wish_list(user=self.request.user).prefetch_related(events)

    def _respond(self, wish: Wish, code=status.HTTP_200_OK) -> Response:
        wish = self.get_queryset().filter(pk=wish.pk).first() or wish
        return Response(WishSerializer(wish, context=self.get_serializer_context()).data, status=code)

    def _data(self, serializer_class):
        data = serializer_class(data=self.request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        return data.validated_data

    @extend_schema(request=WishCreateSerializer, responses={201: WishSerializer})
    def create(self, request, *args, **kwargs):
        values = self._data(WishCreateSerializer)
        wish = services.wish_submit(user=request.user, **values)
        return Response(
            WishSerializer(wish, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=TriageSerializer, responses=WishSerializer)
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        """Accepts the wish (it enters the needs list), merges it into ``duplicate_of``, or declines it with a
        ``reason`` the resident sees."""
        wish = self.get_object()
        data = self._data(TriageSerializer)
        if data["decision"] == "accept":
            wish = services.wish_accept(user=request.user, wish=wish, note=data["note"])
        elif data["decision"] == "decline":
            wish = services.wish_decline(user=request.user, wish=wish, reason=data["reason"] or data["note"])
        else:
            original = Wish.objects.filter(pk=data["duplicate_of"]).first() if data["duplicate_of"] else None
            if original is None or not scopes.can_view(request.user, original):
                raise serializers.ValidationError({"duplicate_of": [_("Choose another wish of the same community.")]})
            wish = services.wish_merge(user=request.user, wish=wish, original=original, note=data["note"])
        return self._respond(wish)

    @extend_schema(request=DispatchSerializer, responses=WishSerializer)
    @action(detail=True, methods=["post"], url_path="dispatch", url_name="dispatch")
    def dispatch_to(self, request, pk=None):
        """Gives the wish to a vanguard post, a team or temporary party branch, a member unit or a volunteer, with a
        promised date."""
        wish = self.get_object()
        return self._respond(services.wish_dispatch(user=request.user, wish=wish, **self._data(DispatchSerializer)))

    @extend_schema(request=ClaimSerializer, responses=WishSerializer)
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """A member unit stationed in the community, or a party member living there, takes an accepted wish."""
        wish = Wish.objects.select_related("community", "building").filter(pk=pk).first() if str(pk).isdigit() else None
        if wish is None:
            raise Http404
        if not (scopes.can_view(request.user, wish) or services.claimant(request.user, wish) is not None):
            raise OutOfScope
        if services.claimant(request.user, wish) is None:
            raise PermissionDenied
        wish = services.wish_claim(user=request.user, wish=wish, **self._data(ClaimSerializer))
        answer = WishSerializer(
            self.get_queryset().filter(pk=wish.pk).first() or wish, context=self.get_serializer_context()
        )
        return Response(answer.data)

    @extend_schema(request=NoteSerializer, responses=WishSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        """Records progress (the wish is now in progress); the note is required."""
        wish = self.get_object()
        return self._respond(services.wish_progress(user=request.user, wish=wish, **self._data(NoteSerializer)))

    @extend_schema(request=NoteSerializer, responses=WishSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Marks the wish done; the resident is asked to rate it."""
        wish = self.get_object()
        return self._respond(services.wish_complete(user=request.user, wish=wish, **self._data(NoteSerializer)))

    @extend_schema(request=RateSerializer, responses=WishSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """The resident's rating, entered by the community's staff (a resident who phoned)."""
        wish = self._managed()
        return self._respond(services.wish_rate(wish=wish, user=request.user, **self._data(RateSerializer)))

    @extend_schema(request=NoteSerializer, responses=WishSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopens a done wish within 14 days, for the resident who phoned (entered by the community's staff)."""
        wish = self._managed()
        return self._respond(services.wish_reopen(wish=wish, user=request.user, **self._data(NoteSerializer)))

    @extend_schema(request=None, responses=ContactSerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        """The resident's contact whole (name, phone, door), for the community's staff and the provider of an
        open wish; each call is logged."""
        wish = self.get_object()
        return Response(ContactSerializer(services.wish_contact(user=request.user, wish=wish, channel="api")).data)

    def _managed(self) -> Wish:
        wish = self.get_object()
        if not services.can_manage(self.request.user, wish):
            raise PermissionDenied
        return wish


def register(router) -> None:
    """Registers this module's viewsets on the API router."""
    router.register("service-menu", ServiceMenuViewSet, basename="service-item")
    router.register("wishes", WishViewSet, basename="wish")
