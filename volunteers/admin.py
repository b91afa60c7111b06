from django.contrib import admin

from accounts.mixins import ScopedModelAdmin
from volunteers.models import Claim, DualReport, Post, ServiceRecord, Shift


@admin.register(DualReport)
class DualReportAdmin(ScopedModelAdmin):
    list_display = ["__str__", "kind", "community", "unit", "status", "created_at"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["person", "organisation", "unit", "community", "grid", "household", "submitted_by", "decided_by"]


class ShiftInline(admin.TabularInline):
    model = Shift
    fields = ["starts_at", "ends_at", "capacity", "claimed"]
    readonly_fields = ["claimed"]
    extra = 0


@admin.register(Post)
class PostAdmin(ScopedModelAdmin):
    list_display = ["title", "node", "category", "eligibility", "is_emergency", "is_open"]
    list_filter = ["category", "is_emergency", "is_open"]
    search_fields = ["title", "place"]
    raw_id_fields = ["node", "team", "created_by"]
    inlines = [ShiftInline]


@admin.register(Claim)
class ClaimAdmin(ScopedModelAdmin):
    list_display = ["person", "shift", "unit", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["shift", "person", "unit", "claimed_by"]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ScopedModelAdmin):
    list_display = ["person", "kind", "served_on", "hours", "status", "community"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["person", "shift", "community", "unit", "team", "entered_by", "decided_by"]
