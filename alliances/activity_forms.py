"""Forms for activities and their photos. The rules live in ``alliances.services.activities``."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliances.models import PARTY_ORGANISATION, Activity, Alliance
from alliances.services.activities import MAX_PHOTOS_PER_UPLOAD
from alliances.services.common import date_window_error, in_window
from grids.models import Household, Node
from liaoyuan.core.limits import field_limits
from liaoyuan.core.pickers import PickerSelect, PickerSelectMultiple
from organisations.models import PartyOrganisation
from people.models import Person
from units.forms import UnitChoiceField, UnitMultipleChoiceField
from units.models import MemberUnit

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _photos_help_text() -> str:
    return gettext("Up to %(n)d JPEG, PNG, GIF or WebP images at a time, each of at most 5 MB.") % {
        "n": MAX_PHOTOS_PER_UPLOAD
    }


_photos_help = lazy(_photos_help_text, str)  # translated when shown, not when the module is imported


class MultiplePhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos chosen at once in one file input; each is checked by its content in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotosInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("help_text", _photos_help())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_PHOTOS_PER_UPLOAD:
            raise forms.ValidationError(
                _("Upload at most %(n)d photos at a time.") % {"n": MAX_PHOTOS_PER_UPLOAD}, code="max_num"
            )
        return [super(PhotosField, self).clean(f, initial) for f in files]


def _datetime_widget() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)


class ActivityForm(forms.Form):
    """An activity. ``alliances`` and ``organisations`` are the choices of whose activity it is when creating
    (None when editing: that never changes); ``units`` the member units offered as organiser and participating
    units; ``organisers``, when given, the only organisers offered (a member unit's admin, who records the
    activities of its own unit); ``people`` and ``households`` the people who may be named as participants
    and the households that may be chosen as visited (search-as-you-type)."""

    alliance = forms.ModelChoiceField(
        label=_("alliance"),
        queryset=Alliance.objects.none(),
        required=False,
        help_text=_("An alliance's joint activity; leave empty for a party organisation's own."),
    )
    organisation = forms.ModelChoiceField(
        label=_("or the party organisation's own"),
        queryset=PartyOrganisation.objects.none(),
        required=False,
        widget=PickerSelect("activity_organisation"),
        help_text=_("A grid branch's theme party day, a temporary branch's duty: an activity without an alliance."),
    )
    kind = forms.ChoiceField(label=_("kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("title"), max_length=150)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=_datetime_widget())
    ends_at = forms.DateTimeField(label=_("ends at"), required=False, widget=_datetime_widget())
    place = forms.CharField(label=_("place"), max_length=150)
    organiser_unit = UnitChoiceField(
        label=_("organiser"),
        queryset=MemberUnit.objects.none(),
        required=False,
        empty_label=PARTY_ORGANISATION,
    )
    units = UnitMultipleChoiceField(
        label=_("participating units"),
        queryset=MemberUnit.objects.none(),
        required=False,
        help_text=_("Units that were members of the alliance on the day of the activity."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("participants, by name"),
        queryset=Person.objects.none(),
        required=False,
        widget=PickerSelectMultiple("activity_person"),
        help_text=_("Everyone who took part and is on record; count the others below."),
    )
    unnamed_participants = forms.IntegerField(
        label=_("participants not named"),
        initial=0,
        **field_limits(Activity, "unnamed_participants"),
        help_text=_("Only those not named above: person-times are the names plus this count."),
    )
    households = forms.ModelMultipleChoiceField(
        label=_("households visited"),
        queryset=Household.objects.none(),
        required=False,
        widget=PickerSelectMultiple("activity_household"),
        help_text=_("Only for visits to people in difficulty: each household visited, from the records."),
    )
    unnamed_households = forms.IntegerField(
        label=_("households visited, not named"),
        initial=0,
        **field_limits(Activity, "unnamed_households"),
        help_text=_("Only for households not chosen above."),
    )
    description = forms.CharField(
        label=_("description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        **field_limits(Activity, "description"),
    )

    photos = PhotosField(label=_("photos"), required=False)

    def __init__(
        self, *args, alliances=None, organisations=None, units=None, organisers=None, people, households, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people
        self.fields["households"].queryset = households
        if alliances is None:  # editing: photos are added on the activity's page
            del self.fields["alliance"], self.fields["organisation"], self.fields["photos"]
        else:
            field = self.fields["alliance"]
            field.queryset = alliances
            self.fields["organisation"].queryset = organisations
            # choosing the alliance reloads the unit choices for it (htmx), keeping what was typed
            field.widget.attrs.update(
                {
                    "hx-get": reverse("alliances:activity_create"),
                    "hx-trigger": "change",
                    "hx-target": "#id_units",
                    "hx-select": "#id_units",
                    "hx-swap": "outerHTML",
                    "hx-select-oob": "#id_organiser_unit",
                }
            )
        if units is not None:
            self.fields["organiser_unit"].queryset = units
            self.fields["units"].queryset = units
        if organisers is not None:
            organiser = self.fields["organiser_unit"]
            organiser.queryset, organiser.required, organiser.empty_label = organisers, True, None


class ActivityPhotoForm(forms.Form):
    images = PhotosField(label=_("photos"))
    caption = forms.CharField(label=_("caption"), max_length=150, required=False)


class FourOnesForm(forms.Form):
    """The "four ones" report: which period (by a day in it), which area, whether to list every alliance."""

    on = forms.DateField(
        label=_("a day in the period"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Each alliance is judged on its own period (month, quarter, half-year or year) containing it."),
    )
    under = forms.ModelChoiceField(
        label=_("area"), queryset=Node.objects.none(), required=False, widget=PickerSelect("area")
    )
    everything = forms.BooleanField(label=_("list complete alliances too"), required=False)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas is not None:
            self.fields["under"].queryset = areas

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on is not None and not in_window(on):
            raise forms.ValidationError(date_window_error())
        return on
