from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["node", "unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are managed by superusers only."""

    fieldsets = [*DjangoUserAdmin.fieldsets, (_("Liaoyuan"), {"fields": ["person", "calendar_token"]})]
    raw_id_fields = ["person"]
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "is_staff", "is_active"]

    def has_module_permission(self, request):
        return request.user.is_superuser
