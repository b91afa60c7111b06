import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import scopes
from grids.models import Node
from liaoyuan.core.pickers import PickerSelect, PickerSelectMultiple
from people.models import Person
from people.selectors import nameable
from sharing.models import Booking, JobPosting, OpenDay, ReferralOutcome, Training
from sharing.selectors.classes import class_workers
from sharing.selectors.jobs import training_nodes
from units.models import MemberUnit


class BookingForm(forms.Form):
    day = forms.DateField(label=_("day"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    purpose = forms.CharField(label=_("purpose"), max_length=200)
    attendees = forms.IntegerField(label=_("attendees"), min_value=1, max_value=10_000, initial=1)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        return {
            "starts_at": datetime.datetime.combine(data["day"], data["starts"], tzinfo=tz),
            "ends_at": datetime.datetime.combine(data["day"], data["ends"], tzinfo=tz),
            "purpose": data["purpose"],
            "attendees": data["attendees"],
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[(Booking.Status.APPROVED, _("Approve")), (Booking.Status.DECLINED, _("Decline"))],
    )
    reason = forms.CharField(label=_("reason declined"), max_length=200, required=False)


class OpenDayForm(forms.ModelForm):
    class Meta:
        model = OpenDay
        fields = ["day", "note"]
        widgets = {"day": forms.DateInput(attrs={"type": "date"})}


# ---- job postings, referrals, training, the 8:30 class --------------------------------------------------------

DATE = forms.DateInput(attrs={"type": "date"})


class JobPostingForm(forms.ModelForm):
    """A posting's fields; ``unit`` only when publishing (a posting stays with its unit)."""

    unit = forms.ModelChoiceField(
        queryset=MemberUnit.objects.none(), label=_("member unit"), widget=PickerSelect("job_unit")
    )
    community = forms.ModelChoiceField(
        queryset=Node.objects.filter(kind=Node.Kind.COMMUNITY),
        label=_("community"),
        required=False,
        widget=PickerSelect("volunteer_community"),
        help_text=_("The community whose residents the posting is published to (where the unit is, when empty)."),
    )

    class Meta:
        model = JobPosting
        fields = [
            "unit",
            "community",
            "position",
            "headcount",
            "requirements",
            "pay_min",
            "pay_max",
            "contact",
            "published_on",
            "closes_on",
        ]
        widgets = {"published_on": DATE, "closes_on": DATE, "requirements": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["unit"]
            self.fields["community"].required = True
        else:
            self.fields["unit"].queryset = scopes.editable(user, MemberUnit.objects.all()).order_by("name")
            self.fields["published_on"].initial = timezone.localdate()
            self.fields["published_on"].required = False

    def _post_clean(self):  # the service validates the whole posting (and names the field of each error)
        pass


class ReferralForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), label=_("person"), widget=PickerSelect("sharing_person")
    )
    referred_on = forms.DateField(label=_("referred on"), widget=DATE, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = nameable(user=user)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=ReferralOutcome.choices)
    employed_on = forms.DateField(label=_("employed on"), widget=DATE, required=False)


class TrainingForm(forms.ModelForm):
    node = forms.ModelChoiceField(
        queryset=Node.objects.none(), label=_("organised by"), widget=PickerSelect("training_node")
    )

    class Meta:
        model = Training
        fields = ["node", "topic", "provider", "held_on", "place", "hours", "note"]
        widgets = {"held_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["node"]
        else:
            self.fields["node"].queryset = training_nodes(user=user)

    def _post_clean(self):  # the service validates
        pass


class AttendanceForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), label=_("people"), widget=PickerSelectMultiple("sharing_person")
    )
    attended = forms.BooleanField(label=_("attended"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = nameable(user=user)


class CheckInRecordForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), label=_("community worker"), widget=PickerSelect("class_worker")
    )
    day = forms.DateField(label=_("day"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = class_workers(user=user)
