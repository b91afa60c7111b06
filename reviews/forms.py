"""Forms of review in the open. Choice lists offer only what the user may name and the services accept."""

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from reviews.models import Award, ChecklistItem, ReviewCycle
from reviews.services.cycles import EDITABLE_FIELDS, OFFICE_ROLES

DATE = forms.DateInput(attrs={"type": "date"})
ROLE_CHOICES = [(r, Role(r).label) for r in Role.values if r in [*OFFICE_ROLES, Role.UNIT_ADMIN]]


class CycleForm(forms.Form):
    """A review cycle's fields, checked by the service (``reviews.services.cycles.check_cycle``), whose
    messages say what cannot work; the database's constraints stand behind it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(ReviewCycle, fields=list(EDITABLE_FIELDS)))
        self.fields["responsible_role"] = forms.ChoiceField(label=_("responsible"), choices=ROLE_CHOICES)
        self.fields["escalation_role"] = forms.ChoiceField(
            label=_("escalate to"), choices=[c for c in ROLE_CHOICES if c[0] != Role.UNIT_ADMIN]
        )
        self.order_fields(EDITABLE_FIELDS)


class VisitForm(forms.Form):
    node = forms.ModelChoiceField(label=_("organisation"), queryset=None)
    visited_on = forms.DateField(label=_("visited on"), widget=DATE)
    places = forms.CharField(label=_("places visited"), max_length=300)
    people_met = forms.CharField(label=_("people met"), max_length=300)
    findings = forms.CharField(label=_("findings"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes
        self.fields["visited_on"].initial = timezone.localdate()


class InspectionForm(forms.Form):
    node = forms.ModelChoiceField(label=_("street"), queryset=None)
    inspected_on = forms.DateField(label=_("inspected on"), widget=DATE)
    summary = forms.CharField(
        label=_("summary"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, nodes, items: list[ChecklistItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes
        self.fields["inspected_on"].initial = timezone.localdate()
        self.items = items
        for item in items:
            self.fields[f"score_{item.pk}"] = forms.IntegerField(
                label=f"{item.title} (0–{item.max_score})", min_value=0, max_value=item.max_score
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(label=_("comment"), max_length=300, required=False)
        for i in range(1, 4):
            self.fields[f"rectification_{i}"] = forms.CharField(
                label=_("Rectification task %(n)d") % {"n": i}, max_length=300, required=False
            )
            self.fields[f"deadline_{i}"] = forms.DateField(label=_("deadline"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        for i in range(1, 4):
            if data.get(f"rectification_{i}") and not data.get(f"deadline_{i}"):
                self.add_error(f"deadline_{i}", _("Give the task a deadline."))
        return data

    def score_rows(self):
        return [(item, self[f"score_{item.pk}"], self[f"comment_{item.pk}"]) for item in self.items]

    def rectification_rows(self):
        return [(self[f"rectification_{i}"], self[f"deadline_{i}"]) for i in range(1, 4)]


class RectificationDoneForm(forms.Form):
    done_on = forms.DateField(label=_("rectified on"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("how it was rectified"), max_length=500)


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["title", "max_score", "position"]


class ZeroReportForm(forms.Form):
    nothing_to_report = forms.BooleanField(label=_("Nothing to report this period"), required=False)
    disputes = forms.IntegerField(label=_("disputes"), min_value=0, max_value=999, initial=0)
    public_order = forms.IntegerField(label=_("public-order problems"), min_value=0, max_value=999, initial=0)
    safety = forms.IntegerField(label=_("safety hazards"), min_value=0, max_value=999, initial=0)
    details = forms.CharField(
        label=_("details"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvaluationForm(forms.Form):
    node = forms.ModelChoiceField(label=_("street"), queryset=None)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes
        self.fields["year"].initial = timezone.localdate().year


class ItemForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("member unit"),
        queryset=None,
        required=False,
        help_text=_("Empty: part of the street committee's report."),
    )
    title = forms.CharField(label=_("item"), max_length=200)
    report = forms.CharField(label=_("report"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, units, street_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].required = not street_allowed


class RepresentativeForm(forms.Form):
    person = forms.ModelChoiceField(label=_("person"), queryset=None)
    unit = forms.ModelChoiceField(
        label=_("represents"), queryset=None, required=False, help_text=_("Empty: a representative of the residents.")
    )

    def __init__(self, *args, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["unit"].queryset = units


STARS = [(n, "★" * n) for n in range(1, 6)]


class RatingForm(forms.Form):
    """One star rating (1–5) and a comment per item; an item left without stars is not rated."""

    def __init__(self, *args, items, mine: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            rating = mine.get(item.pk)
            self.fields[f"score_{item.pk}"] = forms.TypedChoiceField(
                label=item.title,
                choices=STARS,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                initial=rating.score if rating else None,
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("comment"), max_length=500, required=False, initial=rating.comment if rating else ""
            )

    def rows(self):
        return [(item, self[f"score_{item.pk}"], self[f"comment_{item.pk}"]) for item in self.items]

    def ratings(self) -> list[tuple[object, int, str]]:
        return [
            (item, self.cleaned_data[f"score_{item.pk}"], self.cleaned_data[f"comment_{item.pk}"])
            for item in self.items
            if self.cleaned_data.get(f"score_{item.pk}")
        ]


class PublishForm(forms.Form):
    """Up to three awards given with the result."""

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, 4):
            self.fields[f"award_{i}"] = forms.ChoiceField(
                label=_("Award %(n)d") % {"n": i}, choices=[("", "—"), *Award.Kind.choices], required=False
            )
            self.fields[f"unit_{i}"] = forms.ModelChoiceField(
                label=_("awarded to"),
                queryset=units,
                required=False,
                empty_label=_("the street's party organisation"),
            )
            self.fields[f"citation_{i}"] = forms.CharField(label=_("citation"), max_length=300, required=False)

    def awards(self):
        return [
            (self.cleaned_data[f"award_{i}"], self.cleaned_data[f"unit_{i}"], self.cleaned_data[f"citation_{i}"])
            for i in range(1, 4)
            if self.cleaned_data.get(f"award_{i}")
        ]


class CalendarForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)


class DutyFilterForm(forms.Form):
    cycle = forms.ModelChoiceField(label=_("review"), queryset=ReviewCycle.objects.all(), required=False)
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[("", _("any")), ("due", _("Due")), ("overdue", _("Overdue")), ("done", _("Done"))],
    )
    period = forms.RegexField(label=_("period"), regex=r"^\d{4}(-W\d{2}|-Q[1-4]|-\d{2})?$", required=False)
