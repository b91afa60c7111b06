from django.contrib import admin

from accounts.mixins import ScopedModelAdmin
from ledgers.models import ItemChange, Match, Milestone, Need, Project, Resource, Responsibility, SecretaryProject


@admin.register(Need)
class NeedAdmin(ScopedModelAdmin):
    list_display = ["title", "node", "category", "urgency", "status", "needed_by"]
    list_filter = ["status", "category", "urgency", "source"]
    search_fields = ["title"]
    raw_id_fields = ["node", "decision"]


@admin.register(Resource)
class ResourceAdmin(ScopedModelAdmin):
    list_display = ["title", "node", "category", "quantity", "remaining", "available_until"]
    list_filter = ["category"]
    search_fields = ["title", "provider_name", "provider_unit__name"]
    raw_id_fields = ["node", "provider_unit"]


@admin.register(Match)
class MatchAdmin(ScopedModelAdmin):
    list_display = ["need", "resource", "quantity", "confirmed_by", "confirmed_at"]
    raw_id_fields = ["need", "resource", "confirmed_by"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(ScopedModelAdmin):
    list_display = ["title", "node", "status", "budget", "starts_on", "ends_on"]
    list_filter = ["status"]
    search_fields = ["title", "owner_name", "owner_unit__name"]
    raw_id_fields = ["node", "owner_unit", "needs", "resources"]
    inlines = [MilestoneInline]


@admin.register(Responsibility)
class ResponsibilityAdmin(ScopedModelAdmin):
    list_display = ["task", "project", "deadline", "completed_on"]
    search_fields = ["task", "person_name", "unit__name"]
    raw_id_fields = ["project", "milestone", "unit"]


@admin.register(ItemChange)
class ItemChangeAdmin(ScopedModelAdmin):
    list_display = ["kind", "item_id", "action", "user", "at"]
    list_filter = ["kind", "action"]
    raw_id_fields = ["node", "user"]


@admin.register(SecretaryProject)
class SecretaryProjectAdmin(ScopedModelAdmin):
    list_display = ["title", "secretary", "node", "year", "status"]
    list_filter = ["year", "status"]
    search_fields = ["title", "secretary"]
    raw_id_fields = ["node"]
