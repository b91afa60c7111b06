"""Forms of the ledger pages. They only shape input; the rules live in ``ledgers.services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ledgers.models import (
    Category,
    ContactLog,
    Milestone,
    Need,
    Project,
    Resource,
    Responsibility,
    SecretaryProject,
    Urgency,
)
from liaoyuan.core.limits import field_limits
from liaoyuan.core.pickers import PickerSelect
from units.forms import UnitChoiceField
from units.models import MemberUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(model, field, label, *, required=False, rows=3):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **field_limits(model, field)
    )


def _unit(label):
    return UnitChoiceField(label=label, queryset=MemberUnit.objects.none(), required=False, widget=PickerSelect("unit"))


class NodeChoiceMixin:
    """A form whose ``node`` lists the streets and communities the user keeps lists for, and whose unit
    fields list the units the user sees."""

    unit_fields: tuple[str, ...] = ()

    def __init__(self, *args, nodes=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "node" in self.fields:
            if nodes is None:
                del self.fields["node"]
            else:
                self.fields["node"].queryset = nodes
        for name in self.unit_fields:
            self.fields[name].queryset = units if units is not None else MemberUnit.objects.none()


class NeedForm(NodeChoiceMixin, forms.Form):
    node = forms.ModelChoiceField(label=_("street or community"), queryset=None, widget=PickerSelect("ledger_node"))
    title = forms.CharField(label=_("need"), max_length=200)
    description = _text(Need, "description", _("description"))
    source = forms.ChoiceField(label=_("source"), choices=Need.Source.choices, initial=Need.Source.OTHER)
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    people_affected = forms.IntegerField(label=_("people affected"), min_value=1, max_value=1_000_000, initial=1)
    urgency = forms.ChoiceField(label=_("urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    needed_by = forms.DateField(label=_("needed by"), required=False, widget=DATE)


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("change the status to"))
    reason = _text(Need, "unmet_reason", _("reason it cannot be met"))

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, Need.Status(s).label) for s in allowed]


class MatchForm(forms.Form):
    resource = forms.ModelChoiceField(label=_("resource"), queryset=Resource.objects.none())
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, max_value=10_000_000, initial=1)

    def __init__(self, *args, resources=None, **kwargs):
        super().__init__(*args, **kwargs)
        if resources is not None:
            self.fields["resource"].queryset = resources


class ResourceForm(NodeChoiceMixin, forms.Form):
    unit_fields = ("provider_unit",)

    node = forms.ModelChoiceField(label=_("street or community"), queryset=None, widget=PickerSelect("ledger_node"))
    title = forms.CharField(label=_("resource"), max_length=200)
    description = _text(Resource, "description", _("description"))
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    provider_unit = _unit(_("provider unit"))
    provider_name = forms.CharField(
        label=_("or provider"),
        max_length=100,
        required=False,
        help_text=_("A person or body that is not a member unit."),
    )
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, max_value=10_000_000)
    measure = forms.CharField(
        label=_("measured in"), max_length=20, required=False, help_text=_("e.g. m², people, yuan, hours")
    )
    available_from = forms.DateField(label=_("available from"), required=False, widget=DATE)
    available_until = forms.DateField(label=_("available until"), required=False, widget=DATE)


class ProjectForm(NodeChoiceMixin, forms.Form):
    unit_fields = ("owner_unit",)

    node = forms.ModelChoiceField(label=_("street or community"), queryset=None, widget=PickerSelect("ledger_node"))
    title = forms.CharField(label=_("project"), max_length=200)
    description = _text(Project, "description", _("description"))
    owner_unit = _unit(_("owner unit"))
    owner_name = forms.CharField(label=_("or owner"), max_length=100, required=False)
    budget = forms.DecimalField(label=_("budget (yuan)"), min_value=0, max_digits=12, decimal_places=2, initial=0)
    starts_on = forms.DateField(label=_("starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("ends on"), required=False, widget=DATE)
    needs = forms.ModelMultipleChoiceField(label=_("needs answered"), queryset=Need.objects.none(), required=False)
    resources = forms.ModelMultipleChoiceField(
        label=_("resources used"), queryset=Resource.objects.none(), required=False
    )

    def __init__(self, *args, needs=None, resources=None, **kwargs):
        super().__init__(*args, **kwargs)
        if needs is not None:
            self.fields["needs"].queryset = needs
        if resources is not None:
            self.fields["resources"].queryset = resources


class ProjectStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("change the status to"))
    results = _text(Project, "results", _("results"))

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, Project.Status(s).label) for s in allowed]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("milestone"), max_length=200)
    due_on = forms.DateField(label=_("due on"), widget=DATE)


class ResponsibilityForm(NodeChoiceMixin, forms.Form):
    unit_fields = ("unit",)

    task = forms.CharField(label=_("task"), max_length=200)
    milestone = forms.ModelChoiceField(label=_("milestone"), queryset=Milestone.objects.none(), required=False)
    unit = _unit(_("responsible unit"))
    person_name = forms.CharField(label=_("or responsible person"), max_length=100, required=False)
    deadline = forms.DateField(label=_("deadline"), widget=DATE)

    def __init__(self, *args, milestones=None, **kwargs):
        super().__init__(*args, **kwargs)
        if milestones is not None:
            self.fields["milestone"].queryset = milestones


class CompletionForm(forms.Form):
    note = _text(Responsibility, "completion_note", _("what was done"), required=True)
    day = forms.DateField(label=_("completed on"), required=False, widget=DATE)


class SecretaryProjectForm(forms.Form):
    node = forms.ModelChoiceField(label=_("party organisation of"), queryset=None, widget=PickerSelect("area"))
    secretary = forms.CharField(label=_("secretary"), max_length=50)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("project"), max_length=200)
    plan = _text(SecretaryProject, "plan", _("yearly plan"), required=True)

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nodes is None:
            del self.fields["node"]
        else:
            self.fields["node"].queryset = nodes


class SecretaryStepForm(forms.Form):
    status = forms.ChoiceField(label=_("record"))
    text = _text(SecretaryProject, "result", _("what was found"), required=True)

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, SecretaryProject.Status(s).label) for s in allowed]


class ContactPointForm(forms.Form):
    node = forms.ModelChoiceField(label=_("secretary of"), queryset=None, widget=PickerSelect("area"))
    secretary = forms.CharField(label=_("secretary"), max_length=50)
    organisation = forms.ModelChoiceField(label=_("party branch"), queryset=None)
    established_on = forms.DateField(label=_("linked on"), widget=DATE)

    def __init__(self, *args, nodes=None, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes
        self.fields["organisation"].queryset = branches


class ContactLogForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ContactLog.Kind.choices)
    on = forms.DateField(label=_("date"), widget=DATE)
    title = forms.CharField(label=_("subject"), max_length=200)
    people = forms.IntegerField(label=_("people"), min_value=1, max_value=10_000, initial=1)
    note = _text(ContactLog, "note", _("note"))
