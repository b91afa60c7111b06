from django.contrib import admin

from compounds.models import Compound, Package, PropertyService


class PackageInline(admin.TabularInline):
    model = Package
    extra = 0
    fields = ["kind", "responsible", "is_done", "done_on", "evidence"]


class PropertyServiceInline(admin.StackedInline):
    model = PropertyService
    extra = 0


@admin.register(Compound)
class CompoundAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "buildings", "households", "status", "renovated_on"]
    list_filter = ["status"]
    search_fields = ["name", "address", "community__name"]
    raw_id_fields = ["community", "project"]
    list_select_related = ["community"]
    inlines = [PackageInline, PropertyServiceInline]
