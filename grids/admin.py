from django.contrib import admin

from accounts.mixins import ScopedModelAdmin
from grids.models import Household, Node


@admin.register(Node)
class NodeAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "code", "party_org_name", "path"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "path"]
    readonly_fields = ["path", "depth", "numchild"]
    ordering = ["path"]


@admin.register(Household)
class HouseholdAdmin(ScopedModelAdmin):
    list_display = ["__str__", "size", "is_party_central", "elderly_alone", "in_difficulty"]
    list_filter = ["is_party_central", "elderly_alone", "disabled_member", "in_difficulty"]
    list_select_related = ["node"]
    raw_id_fields = ["node"]
    search_fields = ["door_number", "node__name"]
