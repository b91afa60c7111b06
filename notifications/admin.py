"""Admin of the notification layer: for superusers (people's inboxes are their own)."""

from django.contrib import admin

from notifications.models import ChannelPolicy, Delivery, Notification, Preference, Reminder


class SuperuserAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


class NotificationInline(admin.TabularInline):
    model = Notification
    extra = 0
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at"]


@admin.register(Reminder)
class ReminderAdmin(SuperuserAdmin):
    list_display = ["kind", "target_name", "period", "stage", "days", "due_on", "created_at", "resolved_at"]
    list_filter = ["kind", "stage"]
    search_fields = ["target_name", "period"]
    date_hierarchy = "created_at"
    inlines = [NotificationInline]


@admin.register(Delivery)
class DeliveryAdmin(SuperuserAdmin):
    list_display = ["notification", "channel", "status", "attempts", "sent_at", "error"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["notification"]
    list_select_related = ["notification__reminder", "notification__recipient"]


@admin.register(ChannelPolicy)
class ChannelPolicyAdmin(SuperuserAdmin):
    list_display = ["kind", "email_required", "sms_required", "email_default", "sms_default"]


@admin.register(Preference)
class PreferenceAdmin(SuperuserAdmin):
    list_display = ["user", "kind", "email", "sms"]
    raw_id_fields = ["user"]
