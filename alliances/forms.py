"""Forms of the alliance structure, rotation, meetings and problems pages. They only shape input; the rules
live in ``alliances.services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.models import (
    MAX_AGENDA_ITEMS,
    MAX_ATTENDANCE_ROWS,
    MAX_DECISIONS,
    PARTY_ORGANISATION,
    AgendaItem,
    Alliance,
    Attendance,
    Committee,
    Decision,
    JointMeeting,
    MembersFrom,
    Membership,
    ProblemUpdate,
    TrackedProblem,
)
from alliances.services.alliances import RULES_FILE_SIGNATURES
from alliances.services.meetings import TERM_CHAIR
from liaoyuan.core.limits import field_limits
from units.forms import UnitChoiceField, UnitMultipleChoiceField
from units.models import MemberUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AllianceForm(forms.Form):
    node = forms.ModelChoiceField(label=_("street or community"), queryset=None)
    name = forms.CharField(label=_("name"), max_length=150)
    founded_on = forms.DateField(label=_("founded on"), widget=DATE)
    brand = forms.CharField(
        label=_("brand"), max_length=100, required=False, help_text=_("One brand for each community.")
    )
    brand_description = forms.CharField(
        label=_("about the brand"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        **field_limits(Alliance, "brand_description"),
    )
    rules_text = forms.CharField(
        label=_("rules of procedure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        **field_limits(Alliance, "rules_text"),
    )
    rules_file = forms.FileField(
        label=_("rules of procedure (file)"),
        required=False,
        help_text=_("PDF, Word or OpenDocument, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(RULES_FILE_SIGNATURES)}),
    )
    term_months = forms.IntegerField(label=_("chair term (months)"), initial=3, **field_limits(Alliance, "term_months"))
    rotation_starts_on = forms.DateField(label=_("first chair term starts on"), widget=DATE)
    secretary_chair_position = forms.IntegerField(
        label=_("party organisation's place in the rotation"),
        initial=0,
        **field_limits(Alliance, "secretary_chair_position"),
        help_text=_("The street or community party organisation chairs in this place of the rotation order."),
    )
    four_ones_period_months = forms.TypedChoiceField(
        label=_("“four ones” period (months)"), choices=[(1, 1), (3, 3), (6, 6), (12, 12)], coerce=int, initial=3
    )
    members_from = forms.TypedChoiceField(
        label=_("members from"),
        choices=MembersFrom.choices,
        initial=MembersFrom.DISTRICT,
        required=False,
        empty_value=MembersFrom.DISTRICT,
        help_text=_("Which units may join, by where they are located."),
    )

    def __init__(self, *args, nodes=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["node"]
        else:
            self.fields["node"].queryset = nodes
        if "rules_file" in self.fields and isinstance(self.fields["rules_file"].widget, forms.ClearableFileInput):
            self.fields["rules_file"].widget.clear_checkbox_label = _("Remove the file")


class MembershipJoinForm(forms.Form):
    unit = UnitChoiceField(label=_("member unit"), queryset=MemberUnit.objects.none())
    joined_on = forms.DateField(label=_("joined on"), widget=DATE)
    committee_member = forms.CharField(
        label=_("part-time committee member"),
        max_length=50,
        required=False,
        help_text=_(
            "The unit's party leader, who sits on the big party committee as a part-time member. "
            "Empty: its party secretary."
        ),
    )
    chair_position = forms.IntegerField(
        label=_("place in the chair rotation"),
        required=False,
        help_text=_("Empty: the unit does not chair."),
        **field_limits(Membership, "chair_position"),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class MembershipEditForm(forms.Form):
    committee_member = forms.CharField(label=_("part-time committee member"), max_length=50)
    chair_position = forms.IntegerField(
        label=_("place in the chair rotation"),
        required=False,
        help_text=_("Empty: the unit does not chair."),
        **field_limits(Membership, "chair_position"),
    )


class MembershipLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("left on"), widget=DATE)
    leave_reason = forms.CharField(label=_("reason for leaving"), max_length=200)


class CommitteeForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Committee.Kind.choices)
    name = forms.CharField(label=_("name"), max_length=100)
    units = UnitMultipleChoiceField(
        label=_("member units"), queryset=MemberUnit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class TermAdjustForm(forms.Form):
    """One form for the three changes to the rotation; the terms are named by their first day."""

    SWAP, SKIP, RESCHEDULE = "swap", "skip", "reschedule"
    ACTIONS = [
        (SWAP, _("Swap two terms (the two chairs exchange their terms)")),
        (SKIP, _("Skip: pass over this term's chair; the rotation moves on")),
        (RESCHEDULE, _("Change the dates of the term")),
    ]

    action = forms.ChoiceField(label=_("change"), choices=ACTIONS, widget=forms.RadioSelect, initial=SWAP)
    starts_on = forms.TypedChoiceField(label=_("term"), coerce=forms.DateField().clean, choices=())
    other_starts_on = forms.TypedChoiceField(
        label=_("swap with the term"), coerce=forms.DateField().clean, choices=(), required=False, empty_value=None
    )
    new_starts_on = forms.DateField(label=_("new first day"), widget=DATE, required=False)
    new_ends_on = forms.DateField(label=_("new last day"), widget=DATE, required=False)
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, terms=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(t.starts_on.isoformat(), term_label(t)) for t in terms]
        self.fields["starts_on"].choices = choices
        self.fields["other_starts_on"].choices = [("", "---------"), *choices]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == self.SWAP and not data.get("other_starts_on"):
            self.add_error("other_starts_on", _("Choose the term to swap with."))
        if action == self.RESCHEDULE:
            for field in ("new_starts_on", "new_ends_on"):
                if not data.get(field):
                    self.add_error(field, _("Give the new dates of the term."))
        return data


def term_label(term) -> str:
    """Returns how a term is named in choices: its dates and its chair."""
    chair = term.chair_unit.name if term.chair_unit_id else PARTY_ORGANISATION
    return f"{term.starts_on.isoformat()} – {term.ends_on.isoformat()} · {chair}"


class HostChoiceField(forms.ChoiceField):
    """The host of a meeting: the chair of the term (default), the party organisation, or a member unit.
    ``units_only``: a member unit's admin, who hosts as its own unit and nothing else."""

    CHAIR, ORGANISATION = "chair", "org"

    def __init__(self, *args, units=(), units_only: bool = False, **kwargs):
        self.units = {str(u.pk): u for u in units}
        general = (
            []
            if units_only
            else [
                (self.CHAIR, _("The chair of the term")),
                (self.ORGANISATION, PARTY_ORGANISATION),
            ]
        )
        choices = [*general, *[(pk, u.label) for pk, u in self.units.items()]]
        super().__init__(*args, choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value == self.CHAIR:
            return TERM_CHAIR
        if value == self.ORGANISATION:
            return None
        return self.units[value]

    @classmethod
    def initial_for(cls, meeting: JointMeeting) -> str:
        """Returns the choice that stands for the meeting's current host."""
        return str(meeting.host_unit_id) if meeting.host_unit_id else cls.ORGANISATION


def lines_at_most(text: str, limit: int, *, length: int) -> list[str]:
    """Returns the non-empty lines of ``text``; raises ``ValidationError`` when there are more than ``limit``
    or one is longer than ``length`` characters."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > limit:
        raise forms.ValidationError(
            _("At most %(limit)d lines (this has %(count)d).") % {"limit": limit, "count": len(lines)}
        )
    for number, line in enumerate(lines, 1):
        if len(line.strip()) > length:
            raise forms.ValidationError(
                _("Line %(number)d is %(count)d characters long; a line has at most %(length)d.")
                % {"number": number, "count": len(line.strip()), "length": length}
            )
    return lines


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=150)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DATETIME, required=False)
    place = forms.CharField(label=_("place"), max_length=150)
    status = forms.ChoiceField(
        label=_("status"),
        choices=[(s, JointMeeting.Status(s).label) for s in ("scheduled", "draft", "held")],
        help_text=_("“Held” records a meeting that already took place."),
    )
    agenda = forms.CharField(
        label=_("agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line."),
    )

    def __init__(self, *args, units=(), units_only: bool = False, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"] = HostChoiceField(label=_("host unit"), units=units, units_only=units_only)
        self.order_fields(["title", "starts_at", "ends_at", "place", "host_unit", "status", "agenda"])
        if editing:
            del self.fields["status"]

    def clean_agenda(self):
        return lines_at_most(
            self.cleaned_data["agenda"], MAX_AGENDA_ITEMS, length=AgendaItem._meta.get_field("title").max_length
        )


class AttendanceRowForm(forms.Form):
    unit = forms.ChoiceField(label=_("unit"), required=False)
    attendee = forms.CharField(label=_("attendee"), max_length=50, required=False)
    status = forms.ChoiceField(label=_("attendance"), choices=Attendance.Status.choices)
    absence_reason = forms.CharField(label=_("reason for absence"), max_length=200, required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [
            ("", PARTY_ORGANISATION),
            *[(pk, u.label) for pk, u in self.units.items()],
        ]

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        return self.units.get(value) if value else None


class BaseAttendanceFormSet(forms.BaseFormSet):
    def __init__(self, *args, units=(), **kwargs):
        self.units = list(units)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "units": self.units}

    def rows(self) -> list[dict]:
        """Returns the filled rows (a row without a name is left out)."""
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("attendee", "").strip()]


AttendanceFormSet = forms.formset_factory(
    AttendanceRowForm, formset=BaseAttendanceFormSet, extra=3, max_num=MAX_ATTENDANCE_ROWS, validate_max=True
)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("minutes"), widget=forms.Textarea(attrs={"rows": 10}), **field_limits(JointMeeting, "minutes")
    )
    decisions = forms.CharField(
        label=_("decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One decision per line, in order."),
    )

    def clean_decisions(self):
        return lines_at_most(
            self.cleaned_data["decisions"], MAX_DECISIONS, length=Decision._meta.get_field("text").max_length
        )


class ProblemForm(forms.Form):
    title = forms.CharField(label=_("problem"), max_length=200)
    description = forms.CharField(
        label=_("description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        **field_limits(TrackedProblem, "description"),
    )
    category = forms.ChoiceField(label=_("category"), choices=TrackedProblem.Category.choices)
    responsible_unit = UnitChoiceField(label=_("responsible unit"), queryset=MemberUnit.objects.none())
    deadline = forms.DateField(label=_("deadline"), widget=DATE)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units


class ProblemProgressForm(forms.Form):
    note = forms.CharField(
        label=_("progress note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        **field_limits(ProblemUpdate, "note"),
    )
    status = forms.ChoiceField(label=_("change the status to"), required=False)
    resolution = forms.CharField(
        label=_("resolution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How it was solved, or why it cannot be (needed to close the problem)."),
        **field_limits(TrackedProblem, "resolution"),
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        # only the statuses the problem may move to (``PROBLEM_TRANSITIONS``); none: notes only
        if allowed:
            self.fields["status"].choices = [
                ("", _("(no change)")),
                *[(s, TrackedProblem.Status(s).label) for s in allowed],
            ]
        else:
            del self.fields["status"], self.fields["resolution"]
