from copy import copy

from django import forms

from units.models import MemberUnit


class UnitLabelMixin:
    """A choice of member units labelled with their community (``MemberUnit.label``), the community loaded
    with the units in the same query."""

    def label_from_instance(self, obj: MemberUnit) -> str:
        return obj.label

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset.select_related("location") if queryset is not None else None)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class UnitChoiceField(UnitLabelMixin, forms.ModelChoiceField):
    pass


class UnitMultipleChoiceField(UnitLabelMixin, forms.ModelMultipleChoiceField):
    pass


class UnitForm(forms.ModelForm):
    """The fields of a unit's record that the user may change (``services.unit_editable_fields``)."""

    class Meta:
        model = MemberUnit
        fields = [
            "name",
            "kind",
            "credit_code",
            "is_active",
            "party_org_kind",
            "party_org_name",
            "party_secretary",
            "party_member_count",
            "leader",
            "phone",
            "address",
        ]

    def __init__(self, *args, instance: MemberUnit, editable: frozenset[str], **kwargs):
        # validate on a copy: the service applies the change to the unit itself
        super().__init__(*args, instance=copy(instance), **kwargs)
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]
