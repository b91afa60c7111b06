from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from accounts.mixins import ScopedModelAdmin
from liaoyuan.core import masking
from people import selectors, services
from people.models import Duty, Person, PersonalDataAccess


@admin.register(Person)
class PersonAdmin(ScopedModelAdmin):
    """People in the admin go through ``people.services.person_personal_data`` like pages and API: the record
    opens masked unless the user may change it, and whole (logged) otherwise; the search matches personal data
    only among the records the user sees whole (``people.selectors.person_search``)."""

    list_display = ["masked_name", "masked_phone", "party_status", "node"]
    list_filter = ["party_status", "gender"]
    list_select_related = ["node"]
    raw_id_fields = ["node", "household", "work_unit"]
    search_fields = ["name"]  # shows the search box; get_search_results does the searching
    search_help_text = _("Name, phone or identity number, among the records you may see whole.")

    @admin.display(description=_("full name"))
    def masked_name(self, obj):
        return masking.mask_name(obj.name)

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return masking.mask_phone(obj.phone)

    def get_search_results(self, request, queryset, search_term):
        return selectors.person_search(user=request.user, queryset=queryset, term=search_term), False

    def get_object(self, request, object_id, from_field=None):
        """Returns the person as the user may see them: masked values in place of the whole ones (on an object
        that is never saved) unless ``person_personal_data`` shows them whole, which it logs."""
        person = super().get_object(request, object_id, from_field)
        if person is not None:
            data = services.person_personal_data(user=request.user, person=person, channel="admin")
            if not data.whole:
                person.name, person.phone, person.id_number = data.name, data.phone, data.id_number
                person.personal_data_masked = True
        return person

    def save_model(self, request, obj, form, change):
        if getattr(obj, "personal_data_masked", False):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


@admin.register(Duty)
class DutyAdmin(ScopedModelAdmin):
    list_display = ["person", "kind", "node", "started_on", "ended_on"]
    list_filter = ["kind"]
    list_select_related = ["person", "node"]
    raw_id_fields = ["person", "node"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ScopedModelAdmin):
    """Who saw whose data whole: the person is named masked, like in every list."""

    list_display = ["at", "user", "masked_person", "channel"]
    list_select_related = ["user", "person"]
    fields = ["at", "user", "masked_person", "channel"]
    readonly_fields = ["at", "user", "masked_person", "channel"]
    date_hierarchy = "at"

    @admin.display(description=_("person"))
    def masked_person(self, obj):
        return masking.mask_name(obj.person.name)

    def has_change_permission(self, request, obj=None):
        return False
