from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import scopes
from compounds.models import Compound, Package, PropertyService
from compounds.selectors import renovation_projects
from grids.models import Node
from ledgers.models import Project
from liaoyuan.core.pickers import PickerSelect

DATE = forms.DateInput(attrs={"type": "date"})


class CompoundForm(forms.ModelForm):
    community = forms.ModelChoiceField(queryset=Node.objects.none(), label=_("community"), widget=PickerSelect("area"))
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        label=_("renovation project"),
        required=False,
        widget=PickerSelect("compound_project"),
    )

    class Meta:
        model = Compound
        fields = [
            "community",
            "name",
            "address",
            "built_year",
            "buildings",
            "households",
            "project",
            "status",
            "renovated_on",
        ]
        widgets = {"renovated_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = renovation_projects(user=user)
        if self.instance.pk:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = scopes.editable(user, Node.objects.filter(kind=Node.Kind.COMMUNITY))

    def _post_clean(self):  # the service validates
        pass


class PackageForm(forms.ModelForm):
    class Meta:
        model = Package
        fields = ["responsible", "is_done", "done_on", "evidence"]
        widgets = {"done_on": DATE, "evidence": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        pass


class PropertyForm(forms.ModelForm):
    class Meta:
        model = PropertyService
        fields = ["property_company", "owners_committee", "fee_standard", "collection_rate", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        pass
