from contextvars import ContextVar

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services
from accounts.models import PasswordChange, RoleAssignment, User
from liaoyuan.core.net import client_address

_changing_admin: ContextVar = ContextVar("changing_admin", default=None)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["node", "unit"]


class PasswordChangeInline(admin.TabularInline):
    """The account's password history (read-only audit rows)."""

    model = PasswordChange
    fk_name = "user"
    extra = 0
    fields = ["created_at", "kind", "changed_by", "address"]
    readonly_fields = fields
    can_delete = False
    ordering = ["-created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AdminPasswordForm(AdminPasswordChangeForm):
    """The admin's "change password" form, through the service: sessions end, tokens and calendar links
    are revoked, the change is recorded with the administrator's name."""

    def save(self, commit=True):
        if not self.cleaned_data.get("set_usable_password", True):
            return super().save(commit=commit)
        request = _changing_admin.get()
        services.password_set(
            user=self.user,
            password=self.cleaned_data["password1"],
            kind=PasswordChange.Kind.SET_BY_ADMIN,
            by=request.user if request is not None else None,
            address=client_address(request) if request is not None else None,
        )
        return self.user


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are managed by superusers only. A locked-out account is unlocked with the list's action
    (or by deleting its rows under "Access attempts")."""

    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Liaoyuan"), {"fields": ["person", "password_must_change"]}),
    ]
    raw_id_fields = ["person"]
    inlines = [RoleAssignmentInline, PasswordChangeInline]
    list_display = ["username", "first_name", "is_staff", "is_active"]
    change_password_form = AdminPasswordForm
    actions = ["unlock"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def user_change_password(self, request, id, form_url=""):
        marker = _changing_admin.set(request)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _changing_admin.reset(marker)

    @admin.action(description=_("Unlock the selected accounts (forget their failed sign-ins)"))
    def unlock(self, request, queryset):
        for user in queryset:
            axes_reset(username=user.get_username())
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d account unlocked.", "%(count)d accounts unlocked.", count) % {"count": count},
            messages.SUCCESS,
        )
