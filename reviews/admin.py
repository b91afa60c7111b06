"""Admin of review in the open, scoped like everywhere else; the cycles' schedules are django-celery-beat's
periodic tasks (under "Periodic tasks"), editable there without a deploy."""

from django.contrib import admin

from accounts.mixins import ScopedModelAdmin
from reviews.models import (
    Award,
    ChecklistItem,
    Evaluation,
    EvaluationItem,
    Inspection,
    InspectionScore,
    Rating,
    Rectification,
    Representative,
    ReviewCycle,
    ReviewTask,
    Visit,
    ZeroReport,
)


class SuperuserConfigAdmin(admin.ModelAdmin):
    """City-wide configuration: seen by staff, changed by superusers (the city office uses its pages)."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(ReviewCycle)
class ReviewCycleAdmin(SuperuserConfigAdmin):
    list_display = [
        "__str__",
        "period",
        "responsible_role",
        "lead_days",
        "second_lead_days",
        "escalation_role",
        "is_active",
        "periodic_task",
    ]
    list_filter = ["kind", "level", "is_active"]
    raw_id_fields = ["periodic_task"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(SuperuserConfigAdmin):
    list_display = ["title", "max_score", "position", "is_active"]


@admin.register(ReviewTask)
class ReviewTaskAdmin(ScopedModelAdmin):
    list_display = ["cycle", "node", "unit", "period", "due_on", "done_at"]
    list_filter = ["cycle", ("done_at", admin.EmptyFieldListFilter)]
    list_select_related = ["cycle", "node", "unit"]
    raw_id_fields = ["node", "unit"]
    date_hierarchy = "due_on"


@admin.register(Visit)
class VisitAdmin(ScopedModelAdmin):
    list_display = ["node", "visited_on", "recorded_by"]
    list_select_related = ["node", "recorded_by"]
    raw_id_fields = ["node", "task", "recorded_by"]


class ScoreInline(admin.TabularInline):
    model = InspectionScore
    extra = 0


class RectificationInline(admin.TabularInline):
    model = Rectification
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(ScopedModelAdmin):
    list_display = ["node", "inspected_on", "total_score", "max_total", "inspector"]
    list_select_related = ["node", "inspector"]
    raw_id_fields = ["node", "task", "inspector"]
    inlines = [ScoreInline, RectificationInline]


class ItemInline(admin.StackedInline):
    model = EvaluationItem
    extra = 0
    raw_id_fields = ["unit"]


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    raw_id_fields = ["person", "unit"]


class AwardInline(admin.TabularInline):
    model = Award
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(Evaluation)
class EvaluationAdmin(ScopedModelAdmin):
    list_display = ["node", "year", "status", "average", "stars"]
    list_filter = ["status", "year"]
    list_select_related = ["node"]
    raw_id_fields = ["node", "task"]
    inlines = [ItemInline, RepresentativeInline, AwardInline]


@admin.register(Rating)
class RatingAdmin(ScopedModelAdmin):
    list_display = ["item", "representative", "score", "updated_at"]
    list_select_related = ["item", "representative__person"]
    raw_id_fields = ["item", "representative"]


@admin.register(ZeroReport)
class ZeroReportAdmin(ScopedModelAdmin):
    list_display = ["node", "unit", "period", "nothing_to_report", "disputes", "public_order", "safety"]
    list_filter = ["nothing_to_report"]
    list_select_related = ["node", "unit"]
    raw_id_fields = ["task", "node", "unit", "reported_by"]
