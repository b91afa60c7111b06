"""Forms of the volunteer pages. People and places are chosen with search-as-you-type pickers (never a list of
the whole city); the services check every rule and their errors come back onto these forms."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.filters import AreaChoiceField
from liaoyuan.core.pickers import PickerSelect
from people.models import Person
from volunteers import selectors
from volunteers.models import Eligibility, PostCategory

UNIT_REPORT_SLOTS = 5  # members a unit's admin reports at once


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.node.name}）"


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ReportForm(forms.Form):
    """A party member reports to the community where they live."""

    community = CommunityChoiceField(
        queryset=None, label=_("community where I live"), widget=PickerSelect("volunteer_community")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = selectors.communities()


class UnitReportForm(forms.Form):
    """A unit's admin reports several of its party members to the community where they live, and the unit's
    party organisation to the community it stands in."""

    organisation = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("our party organisation"),
        help_text=_("Reports to the community where the unit stands."),
    )
    community = CommunityChoiceField(
        queryset=None,
        required=False,
        label=_("community where the members live"),
        widget=PickerSelect("volunteer_community"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.unit_organisations(user=user)
        self.fields["community"].queryset = selectors.communities()
        members = selectors.unit_party_members(user=user)
        for i in range(1, UNIT_REPORT_SLOTS + 1):
            self.fields[f"person_{i}"] = PersonChoiceField(
                queryset=members,
                required=False,
                label=_("party member %(n)s") % {"n": i},
                widget=PickerSelect("unit_party_member"),
            )

    def clean(self):
        data = super().clean()
        if not self.errors:
            if self.people() and not data.get("community"):
                self.add_error("community", _("Choose the community where the members live."))
            elif not self.people() and not data.get("organisation"):
                raise forms.ValidationError(_("Choose the party organisation or at least one party member."))
        return data

    def people(self) -> list[Person]:
        chosen = [self.cleaned_data.get(f"person_{i}") for i in range(1, UNIT_REPORT_SLOTS + 1)]
        return list({p.pk: p for p in chosen if p is not None}.values())


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    reason = forms.CharField(label=_("reason declined"), max_length=200, required=False)

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class ShiftForm(forms.Form):
    """One shift, or several repeating every few days."""

    day = forms.DateField(label=_("day"), widget=_date_input())
    starts = forms.TimeField(label=_("starts at"), widget=_time_input())
    ends = forms.TimeField(label=_("ends at"), widget=_time_input())
    capacity = forms.IntegerField(label=_("places"), min_value=1, max_value=10_000, initial=5)
    count = forms.IntegerField(
        label=_("number of shifts"), min_value=1, max_value=60, initial=1, help_text=_("1 for a one-off shift.")
    )
    repeat_days = forms.IntegerField(
        label=_("repeat every (days)"), min_value=0, max_value=31, initial=7, required=False
    )

    def shift_arguments(self) -> dict:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        starts_at = datetime.datetime.combine(data["day"], data["starts"], tzinfo=tz)
        ends_at = datetime.datetime.combine(data["day"], data["ends"], tzinfo=tz)
        if ends_at <= starts_at:  # a night shift ends the next morning
            ends_at += datetime.timedelta(days=1)
        return {
            "starts_at": starts_at,
            "ends_at": ends_at,
            "capacity": data["capacity"],
            "count": data["count"],
            "repeat_days": data.get("repeat_days") or 0,
        }


class PostForm(ShiftForm):
    """A post with its first shift (or first run of recurring shifts)."""

    node = AreaChoiceField(queryset=None, label=_("published by"), widget=PickerSelect("volunteer_post_node"))
    title = forms.CharField(label=_("title"), max_length=150)
    category = forms.ChoiceField(label=_("category"), choices=PostCategory.choices)
    place = forms.CharField(label=_("place"), max_length=200)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    eligibility = forms.ChoiceField(label=_("who may claim"), choices=Eligibility.choices)
    is_emergency = forms.BooleanField(label=_("emergency post"), required=False)
    team = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("team or temporary branch"),
        widget=PickerSelect("volunteer_team"),
    )

    field_order = ["node", "title", "category", "place", "description", "eligibility", "is_emergency", "team"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = selectors.post_nodes(user=user)
        self.fields["team"].queryset = selectors.team_choices(user=user)

    def post_arguments(self) -> dict:
        names = ["node", "title", "category", "place", "description", "eligibility", "is_emergency", "team"]
        return {name: self.cleaned_data[name] for name in names}


class ClaimForm(forms.Form):
    """Whom to claim the place for: oneself, or (a unit's admin, a community's staff) a named person."""

    person = PersonChoiceField(queryset=None, label=_("for"), widget=PickerSelect("volunteer_person"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.acting_for(user=user)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("check-in code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "autocomplete": "one-time-code",
                "class": "form-control form-control-lg code-input",
                "autofocus": True,
            }
        ),
    )


class DeclareForm(forms.Form):
    """An organiser enters the hours a volunteer served on a shift, afterwards (declared hours)."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    hours = forms.DecimalField(label=_("hours"), min_value=0, max_value=24, decimal_places=2)
    note = forms.CharField(label=_("note"), max_length=200, required=False)
