"""Adapters that put the scope layer (``accounts.scopes``) into DRF viewsets and the admin."""

from django.contrib import admin
from django.http import Http404
from rest_framework import permissions

from accounts import scopes
from liaoyuan.core.scoping import OutOfScope


class ScopedObjectPermission(permissions.BasePermission):
    """DRF: safe methods need the object visible (the queryset already ensures it); writes need it editable."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return scopes.can_change(request.user, obj)


class ScopedViewSetMixin:
    """DRF viewsets: the queryset is scoped to the user; objects outside answer 404, read-only ones 403."""

    permission_classes = [permissions.IsAuthenticated, ScopedObjectPermission]

    def get_queryset(self):
        return scopes.visible(self.request.user, super().get_queryset())

    def get_object(self):
        """The object in scope; ``OutOfScope`` (a 404 the security log records) when it exists outside."""
        try:
            return super().get_object()
        except OutOfScope:
            raise
        except Http404:
            lookup = self.lookup_url_kwarg or self.lookup_field
            if (
                lookup in self.kwargs
                and super().get_queryset().filter(**{self.lookup_field: self.kwargs[lookup]}).exists()
            ):
                raise OutOfScope from None
            raise


class ScopedModelAdmin(admin.ModelAdmin):
    """The admin: superusers manage everything; other staff look at what their scope shows, read-only.

    Changes by anyone else go through the pages and the API, whose services hold the rules (status
    transitions, rotation without gaps, memberships on a date) and write the audit trail; the admin's
    generic forms would bypass them.
    """

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or scopes.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def get_queryset(self, request):
        return scopes.visible(request.user, super().get_queryset(request))
