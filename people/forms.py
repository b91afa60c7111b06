from copy import copy

from django import forms
from django.db.models import Q

from people.models import Person
from units.models import MemberUnit


class PersonForm(forms.ModelForm):
    """A resident's record. Phone and identity number are checked (mainland format, GB 11643 checksum).

    Validation runs on a copy of the person: the change itself is made by ``people.services``.
    """

    class Meta:
        model = Person
        fields = ["name", "gender", "birth_date", "phone", "id_number", "party_status", "work_unit", "reported_on"]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reported_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, units, instance: Person | None = None, **kwargs):
        super().__init__(*args, instance=copy(instance) if instance is not None else None, **kwargs)
        # the units the user sees, and the person's current one even if it lies outside their area
        current = instance.work_unit_id if instance is not None else None
        self.fields["work_unit"].queryset = (
            MemberUnit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=current))
            .select_related("location")
            .order_by("name")
        )
        self.fields["work_unit"].label_from_instance = lambda unit: unit.label
