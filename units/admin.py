from django.contrib import admin

from accounts.mixins import ScopedModelAdmin
from units.models import MemberUnit


@admin.register(MemberUnit)
class MemberUnitAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "location", "party_org_name", "party_member_count", "is_active"]
    list_filter = ["kind", "party_org_kind", "is_active"]
    list_select_related = ["location"]
    raw_id_fields = ["location"]
    search_fields = ["name", "party_org_name", "credit_code"]
