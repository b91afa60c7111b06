from django.contrib import admin

from accounts.mixins import ScopedModelAdmin
from sharing.models import Booking, OpenDay, Venue


class OpenDayInline(admin.TabularInline):
    model = OpenDay
    extra = 0


@admin.register(Venue)
class VenueAdmin(ScopedModelAdmin):
    list_display = ["name", "community", "kind", "capacity", "area_m2", "needs_approval", "is_active"]
    list_filter = ["kind", "needs_approval", "open_to_residents", "is_active"]
    search_fields = ["name", "address"]
    raw_id_fields = ["community", "owner_unit"]
    inlines = [OpenDayInline]


@admin.register(Booking)
class BookingAdmin(ScopedModelAdmin):
    list_display = ["venue", "starts_at", "ends_at", "booker", "attendees", "status"]
    list_filter = ["status"]
    raw_id_fields = ["venue", "booker", "decided_by"]
