"""API of the shared venues and their bookings: ``/api/v1/venues/`` (the venue directory, with a venue's open
days) and ``/api/v1/bookings/`` (book through the service; ``approve``, ``decline`` and ``cancel``). Reads are
scoped as the pages are (every venue open for booking is a directory entry; a booking is seen by its booker and
the venue's owners); every write goes through ``sharing.services.bookings``, whose ``ValidationError`` (an
overlapping, past, outside-opening-hours or over-capacity booking) becomes a 400 with field errors."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from alliances.api.fields import DateTimeField
from liaoyuan.core.api import ModelLabelsMixin
from sharing import filters
from sharing.api_jobs import register as register_jobs
from sharing.models import MAX_CAPACITY, Booking, OpenDay, Venue
from sharing.selectors import venues as selectors
from sharing.services import bookings as services

# ---- venues -------------------------------------------------------------------------------------------------


class OpenDaySerializer(ModelLabelsMixin, serializers.ModelSerializer):
    class Meta:
        model = OpenDay
        fields = ["id", "day", "note"]
        read_only_fields = fields


class VenueSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    owner_unit_name = serializers.SerializerMethodField()
    opens_at = serializers.SerializerMethodField(help_text="HH:MM, local time.")
    closes_at = serializers.SerializerMethodField(help_text="HH:MM, local time.")
    open_days = OpenDaySerializer(many=True, read_only=True, help_text="The coming open days (居民开放日).")

    class Meta:
        model = Venue
        fields = [
            "id",
            "community",
            "community_name",
            "owner_unit",
            "owner_unit_name",
            "name",
            "kind",
            "address",
            "area_m2",
            "area_added_m2",
            "capacity",
            "opens_at",
            "closes_at",
            "facilities",
            "needs_approval",
            "open_to_residents",
            "is_active",
            "open_days",
        ]
        read_only_fields = fields

    def get_owner_unit_name(self, obj) -> str:
        return obj.owner_unit.name if obj.owner_unit_id else ""

    def get_opens_at(self, obj) -> str:
        return obj.opens_at.strftime("%H:%M")

    def get_closes_at(self, obj) -> str:
        return obj.closes_at.strftime("%H:%M")


class VenueViewSet(viewsets.ReadOnlyModelViewSet):
    """The shared venues: every venue open for booking, and the closed ones in the user's scope. Filter with
    ``q``, ``kind`` and ``under`` (a node: the venues of the communities under it)."""

    queryset = Venue.objects.none()
    serializer_class = VenueSerializer
    filterset_class = filters.VenueFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        coming = Prefetch("open_days", queryset=OpenDay.objects.filter(day__gte=timezone.localdate()).order_by("day"))
        return selectors.venue_list(user=self.request.user).prefetch_related(coming).order_by("pk")


# ---- bookings -----------------------------------------------------------------------------------------------


class BookingSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    venue_name = serializers.CharField(source="venue.name", read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "venue",
            "venue_name",
            "purpose",
            "starts_at",
            "ends_at",
            "attendees",
            "status",
            "decided_at",
            "decline_reason",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class _BrowsableVenueField(serializers.PrimaryKeyRelatedField):
    """A venue the user may browse (others answer "does not exist")."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Venue.objects.none()
        return selectors.browsable(request.user)


class BookingCreateSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Booking

    venue = _BrowsableVenueField()
    starts_at = DateTimeField()
    ends_at = DateTimeField()
    purpose = serializers.CharField(max_length=200)
    attendees = serializers.IntegerField(min_value=1, max_value=MAX_CAPACITY, required=False, default=1)


class DeclineSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Booking

    decline_reason = serializers.CharField(max_length=200)


class BookingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The bookings the user made and those of the venues the user owns or sees, newest first; filter with
    ``status`` and ``kind`` (the venue's type). Booking (POST) answers 400 with field errors for an
    overlapping, past, outside-opening-hours or over-capacity booking, and for a resident's booking on a day
    that is no open day; the venue's owners ``approve`` and ``decline``, the booker or the owners ``cancel``."""

    queryset = Booking.objects.none()
    serializer_class = BookingSerializer
    filterset_class = filters.BookingFilter
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.booking_list(user=self.request.user).order_by("-starts_at", "-pk")

    def _respond(self, booking: Booking, code=status.HTTP_200_OK) -> Response:
        booking = self.get_queryset().filter(pk=booking.pk).first() or booking
        return Response(BookingSerializer(booking, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer})
    def create(self, request, *args, **kwargs):
        data = BookingCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        booking = services.booking_create(user=request.user, **data.validated_data)
        return self._respond(booking, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The venue's owners approve a booking awaiting approval."""
        return self._respond(services.booking_approve(user=request.user, booking=self.get_object()))

    @extend_schema(request=DeclineSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The venue's owners decline a booking awaiting approval, saying why."""
        booking = self.get_object()
        if not services.may_decide(request.user, booking):
            raise PermissionDenied
        data = DeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            services.booking_decline(user=request.user, booking=booking, reason=data.validated_data["decline_reason"])
        )

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """The booker or the venue's owners cancel a live booking; its slot is free again."""
        return self._respond(services.booking_cancel(user=request.user, booking=self.get_object()))


def register(router) -> None:
    """Registers this module's viewsets on the API router."""
    router.register("venues", VenueViewSet, basename="venue")
    router.register("bookings", BookingViewSet, basename="booking")
    register_jobs(router)
