from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.mixins import ScopedModelAdmin
from liaoyuan.core import masking
from people.models import Duty, Person, PersonalDataAccess


@admin.register(Person)
class PersonAdmin(ScopedModelAdmin):
    list_display = ["masked_name", "masked_phone", "party_status", "node"]
    list_filter = ["party_status", "gender"]
    list_select_related = ["node"]
    raw_id_fields = ["node", "household", "work_unit"]
    search_fields = ["name", "phone"]

    @admin.display(description=_("name"))
    def masked_name(self, obj):
        return masking.mask_name(obj.name)

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return masking.mask_phone(obj.phone)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and not request.user.is_superuser:
            PersonalDataAccess.objects.create(user=request.user, person=obj, channel="admin")
        return obj


@admin.register(Duty)
class DutyAdmin(ScopedModelAdmin):
    list_display = ["person", "kind", "node", "started_on", "ended_on"]
    list_filter = ["kind"]
    list_select_related = ["person", "node"]
    raw_id_fields = ["person", "node"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ScopedModelAdmin):
    list_display = ["at", "user", "person", "channel"]
    list_select_related = ["user", "person"]
    date_hierarchy = "at"

    def has_change_permission(self, request, obj=None):
        return False
