"""Adapters that put the scope layer (``accounts.scopes``) into views, DRF viewsets and the admin."""

from django.contrib import admin
from django.contrib.auth.mixins import LoginRequiredMixin
from rest_framework import permissions

from accounts import scopes


class ScopedQuerysetMixin(LoginRequiredMixin):
    """For class-based views: lists and details show only what the user may see (404 outside)."""

    def get_queryset(self):
        return scopes.visible(self.request.user, super().get_queryset())


class ScopedEditMixin(LoginRequiredMixin):
    """For update/delete views: the object must be editable; 404 when out of sight, 403 when read-only."""

    def get_object(self, queryset=None):
        qs = queryset if queryset is not None else self.get_queryset()
        return scopes.editable_or_404(self.request.user, qs, pk=self.kwargs[self.pk_url_kwarg])


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


class ScopedModelAdmin(admin.ModelAdmin):
    """Admin for staff who are not superusers: the same scope as everywhere else."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or scopes.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        if not self.has_module_permission(request):
            return False
        return obj is not None and scopes.can_change(request.user, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_queryset(self, request):
        return scopes.visible(request.user, super().get_queryset(request))
