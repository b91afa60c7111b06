from django import forms
from django.utils.translation import gettext_lazy as _

from grids.filters import AreaChoiceField
from liaoyuan.core.pickers import PickerSelect
from organisations import selectors
from organisations.models import OrganisationMembership, PartyOrganisation
from people.models import Person
from units.forms import UnitChoiceField


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.node.name}）"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationForm(forms.ModelForm):
    """Setting up an organisation (kind, place, unit) or changing one (name, secretary, dates, purpose)."""

    node = AreaChoiceField(
        queryset=None, required=False, label=_("place in the tree"), widget=PickerSelect("organisation_place")
    )
    unit = UnitChoiceField(queryset=None, required=False, label=_("member unit"), widget=PickerSelect("unit"))
    secretary = PersonChoiceField(
        queryset=None, required=False, label=_("secretary"), widget=PickerSelect("party_member")
    )

    class Meta:
        model = PartyOrganisation
        fields = ["kind", "node", "unit", "name", "secretary", "founded_on", "ends_on", "purpose"]
        widgets = {"founded_on": _date_input(), "ends_on": _date_input()}
        help_texts = {"name": _("Leave empty for the usual name (第1网格党支部).")}

    def __init__(self, *args, user, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["node"].queryset = selectors.place_choices(user=user)
        self.fields["unit"].queryset = selectors.unit_choices(user=user)
        self.fields["secretary"].queryset = selectors.member_choices(user=user)
        if not creating:
            for name in ("kind", "node", "unit"):
                del self.fields[name]

    def _post_clean(self):
        pass  # the service validates the organisation (place, kind, dates) and reports field errors


class MembershipForm(forms.Form):
    person = PersonChoiceField(queryset=None, label=_("party member"), widget=PickerSelect("party_member"))
    role = forms.ChoiceField(label=_("role"), choices=OrganisationMembership.Role.choices)
    unit = UnitChoiceField(
        queryset=None,
        required=False,
        label=_("from member unit"),
        help_text=_("For a part-time member of a big party committee."),
        widget=PickerSelect("unit"),
    )
    joined_on = forms.DateField(label=_("joined on"), widget=_date_input())

    def __init__(self, *args, user, organisation: PartyOrganisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.member_choices(user=user)
        self.fields["unit"].queryset = selectors.unit_choices(user=user)
        if organisation.kind != PartyOrganisation.Kind.BIG_COMMITTEE:
            del self.fields["unit"]
            self.fields["role"].choices = [
                c for c in self.fields["role"].choices if c[0] != OrganisationMembership.Role.PART_TIME_MEMBER
            ]


class MembershipEndForm(forms.Form):
    left_on = forms.DateField(label=_("left on"), widget=_date_input(), help_text=_("The first day out."))


class TransferForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None, label=_("new organisation"), widget=PickerSelect("relation_organisation")
    )
    on = forms.DateField(label=_("from"), widget=_date_input())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.relation_choices(user=user)
