from django import forms

from people.models import Person
from units.models import MemberUnit


class PersonForm(forms.ModelForm):
    """A resident's record. Phone and identity number are checked (mainland format, GB 11643 checksum)."""

    class Meta:
        model = Person
        fields = ["name", "gender", "birth_date", "phone", "id_number", "party_status", "work_unit", "reported_on"]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reported_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_unit"].queryset = units if units is not None else MemberUnit.objects.none()
