"""API of the notification layer: the user's own notifications, with mark-read."""

import django_filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.filters import FilterSet
from liaoyuan.core import periods
from notifications import messages, registry, selectors, services
from notifications.models import Notification, Stage


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="reminder.kind", read_only=True)
    kind_label = serializers.SerializerMethodField()
    stage = serializers.ChoiceField(source="reminder.stage", choices=Stage.choices, read_only=True)
    title = serializers.SerializerMethodField()
    target_name = serializers.CharField(source="reminder.target_name", read_only=True)
    detail = serializers.CharField(source="reminder.detail", read_only=True)
    period = serializers.CharField(source="reminder.period", read_only=True)
    period_label = serializers.SerializerMethodField()
    due_on = serializers.DateField(source="reminder.due_on", read_only=True, allow_null=True)
    url = serializers.CharField(source="reminder.url", read_only=True)
    resolved_at = serializers.DateTimeField(source="reminder.resolved_at", read_only=True, allow_null=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "stage",
            "title",
            "target_name",
            "detail",
            "period",
            "period_label",
            "due_on",
            "url",
            "created_at",
            "read_at",
            "is_read",
            "resolved_at",
        ]
        read_only_fields = fields

    def get_kind_label(self, obj) -> str:
        return str(registry.get(obj.reminder.kind).label)

    def get_title(self, obj) -> str:
        return messages.title(obj.reminder)

    def get_period_label(self, obj) -> str:
        return periods.label(obj.reminder.period) if obj.reminder.period else ""


class NotificationFilter(FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label="unread")

    class Meta:
        model = Notification
        fields = ["unread"]


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The user's own notifications, newest first (``unread=true`` for the unread ones). Nobody sees another
    person's notifications: any other ID answers 404."""

    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    search_fields: list[str] = []
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return selectors.inbox(user=self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Marks the notification read."""
        notification = services.notification_mark_read(user=request.user, notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Marks all the user's notifications read; answers how many were unread."""
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})


def register(router) -> None:
    router.register("notifications", NotificationViewSet, basename="notification")
