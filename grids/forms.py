from copy import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.models import PARENT_KINDS, Household, Node


class NodeForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Node.Kind.choices)
    name = forms.CharField(label=_("name"), max_length=100)
    code = forms.CharField(label=_("code"), max_length=32, required=False)
    party_org_name = forms.CharField(label=_("party organisation"), max_length=150, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)

    def __init__(self, *args, parent: Node | None = None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
        else:
            parent_kind = parent.kind if parent else None
            self.fields["kind"].choices = [
                (k, label) for k, label in Node.Kind.choices if parent_kind in PARENT_KINDS[k]
            ]


class HouseholdForm(forms.ModelForm):
    """A household's record. Validation runs on a copy: the change itself is made by ``grids.services``."""

    class Meta:
        model = Household
        fields = [
            "door_number",
            "address",
            "size",
            "is_party_central",
            "elderly_alone",
            "disabled_member",
            "single_parent",
            "in_difficulty",
        ]

    def __init__(self, *args, instance: Household | None = None, **kwargs):
        super().__init__(*args, instance=copy(instance) if instance is not None else None, **kwargs)
