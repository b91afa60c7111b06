"""Admin of every alliance model, scoped like everywhere else (``accounts.mixins.ScopedModelAdmin``)."""

from django.contrib import admin

from accounts.mixins import ScopedModelAdmin
from alliances.models import (
    Activity,
    ActivityPhoto,
    AgendaItem,
    Alliance,
    Attendance,
    ChairTerm,
    Committee,
    Decision,
    JointMeeting,
    Membership,
    ProblemUpdate,
    TrackedProblem,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["unit"]
    fields = ["unit", "joined_on", "left_on", "leave_reason", "committee_member", "chair_position"]


@admin.register(Alliance)
class AllianceAdmin(ScopedModelAdmin):
    list_display = ["name", "node", "brand", "term_months", "rotation_starts_on", "founded_on"]
    list_select_related = ["node"]
    search_fields = ["name", "brand", "node__name"]
    raw_id_fields = ["node"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedModelAdmin):
    list_display = ["unit", "alliance", "joined_on", "left_on", "committee_member", "chair_position"]
    list_filter = [("left_on", admin.EmptyFieldListFilter)]
    list_select_related = ["unit", "alliance"]
    search_fields = ["unit__name", "alliance__name", "committee_member"]
    raw_id_fields = ["alliance", "unit"]


@admin.register(Committee)
class CommitteeAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "alliance"]
    list_filter = ["kind"]
    list_select_related = ["alliance"]
    search_fields = ["name", "alliance__name"]
    raw_id_fields = ["alliance"]
    filter_horizontal = ["units"]


@admin.register(ChairTerm)
class ChairTermAdmin(ScopedModelAdmin):
    list_display = ["alliance", "starts_on", "ends_on", "chair_unit", "adjustment_reason"]
    list_select_related = ["alliance", "chair_unit"]
    search_fields = ["alliance__name", "chair_unit__name"]
    raw_id_fields = ["alliance", "chair_unit"]
    date_hierarchy = "starts_on"


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["unit"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(JointMeeting)
class JointMeetingAdmin(ScopedModelAdmin):
    list_display = ["title", "alliance", "starts_at", "host_unit", "status", "minutes_recorded_at"]
    list_filter = ["status"]
    list_select_related = ["alliance", "host_unit"]
    search_fields = ["title", "alliance__name", "place"]
    raw_id_fields = ["alliance", "term", "host_unit", "created_by"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, AttendanceInline, DecisionInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ScopedModelAdmin):
    list_display = ["title", "meeting", "position"]
    list_select_related = ["meeting"]
    search_fields = ["title"]
    raw_id_fields = ["meeting"]


@admin.register(Attendance)
class AttendanceAdmin(ScopedModelAdmin):
    list_display = ["attendee", "unit", "meeting", "status", "absence_reason"]
    list_filter = ["status"]
    list_select_related = ["unit", "meeting"]
    search_fields = ["attendee", "unit__name"]
    raw_id_fields = ["meeting", "unit"]


@admin.register(Decision)
class DecisionAdmin(ScopedModelAdmin):
    list_display = ["__str__", "meeting", "position"]
    list_select_related = ["meeting"]
    search_fields = ["text"]
    raw_id_fields = ["meeting"]


class ProblemUpdateInline(admin.TabularInline):
    model = ProblemUpdate
    extra = 0
    raw_id_fields = ["author"]
    readonly_fields = ["at"]


@admin.register(TrackedProblem)
class TrackedProblemAdmin(ScopedModelAdmin):
    list_display = ["title", "alliance", "category", "responsible_name", "deadline", "status", "closed_on"]
    list_filter = ["status", "category"]
    list_select_related = ["alliance", "responsible_unit", "responsible_organisation"]
    search_fields = ["title", "alliance__name", "responsible_unit__name", "responsible_department"]
    raw_id_fields = ["alliance", "decision", "responsible_unit", "responsible_organisation", "status_changed_by"]
    readonly_fields = ["status_changed_at"]
    date_hierarchy = "deadline"
    inlines = [ProblemUpdateInline]


@admin.register(ProblemUpdate)
class ProblemUpdateAdmin(ScopedModelAdmin):
    list_display = ["__str__", "problem", "author", "at", "status_from", "status_to"]
    list_select_related = ["problem", "author"]
    search_fields = ["note", "problem__title"]
    raw_id_fields = ["problem", "author"]
    readonly_fields = ["at"]


class ActivityPhotoInline(admin.TabularInline):
    model = ActivityPhoto
    extra = 0
    readonly_fields = ["uploaded_at"]


@admin.register(Activity)
class ActivityAdmin(ScopedModelAdmin):
    list_display = ["title", "alliance", "organisation", "kind", "starts_at", "organiser_unit", "unnamed_participants"]
    list_filter = ["kind"]
    list_select_related = ["alliance", "organisation", "organiser_unit"]
    search_fields = ["title", "alliance__name", "organisation__name", "place"]
    raw_id_fields = ["alliance", "organisation", "node", "organiser_unit", "created_by"]
    filter_horizontal = ["units"]
    date_hierarchy = "starts_at"
    inlines = [ActivityPhotoInline]


@admin.register(ActivityPhoto)
class ActivityPhotoAdmin(ScopedModelAdmin):
    list_display = ["__str__", "activity", "uploaded_at"]
    list_select_related = ["activity"]
    search_fields = ["caption", "activity__title"]
    raw_id_fields = ["activity"]
