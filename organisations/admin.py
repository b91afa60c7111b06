from django.contrib import admin

from accounts.mixins import ScopedModelAdmin
from organisations.models import OrganisationMembership, PartyOrganisation


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    raw_id_fields = ["person", "unit"]

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(PartyOrganisation)
class PartyOrganisationAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "node", "unit", "secretary", "founded_on", "ends_on"]
    list_filter = ["kind"]
    list_select_related = ["node", "unit", "secretary"]
    raw_id_fields = ["node", "unit", "secretary"]
    search_fields = ["name", "node__name", "unit__name"]
    inlines = [MembershipInline]
