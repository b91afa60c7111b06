import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharing.models import Booking, OpenDay


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
