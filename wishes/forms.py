"""Forms of the wishes pages. They only shape input; the rules live in ``wishes.services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grids.models import Node
from liaoyuan.core.limits import field_limits
from liaoyuan.core.pickers import PickerSelect
from organisations.models import PartyOrganisation
from units.models import MemberUnit
from volunteers.models import Post
from wishes.models import CareGroup, Channel, ProviderKind, QuestionKind, ReplyTemplate, ServiceItem, Wish
from wishes.services.menu import MAX_ANSWER

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _NodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class WishForm(forms.Form):
    """The resident's form (public) and the staff's (on behalf, with the channel). An order adds one field per
    question of the menu item, named ``answer_<code>``."""

    building = _NodeChoice(label=_("building"), queryset=Node.objects.none())
    door = forms.CharField(label=_("door number"), max_length=20, required=False)
    title = forms.CharField(label=_("what is needed"), max_length=100)
    description = forms.CharField(
        label=_("details"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        **field_limits(Wish, "description"),
    )
    beneficiary = forms.CharField(label=_("for whom"), max_length=100, required=False)
    contact_name = forms.CharField(label=_("your name (optional)"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("contact phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    care_group = forms.ChoiceField(
        label=_("special care"), choices=[("", _("None"))] + CareGroup.choices, required=False
    )
    photo = forms.ImageField(label=_("photo (optional)"), required=False)
    # a field people never see: a form that fills it is a robot's
    website = forms.CharField(label=_("leave empty"), required=False)

    def __init__(self, *args, buildings, item: ServiceItem | None = None, on_behalf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if on_behalf:  # a street holds thousands of buildings: search them
            self.fields["building"].widget = PickerSelect("building")
        self.fields["building"].queryset = buildings
        self.item = item
        if item is not None:
            self.fields["title"].required = False
            self.fields["title"].initial = item.title
            for question in item.questions.all():
                name = f"answer_{question.code}"
                if question.kind == QuestionKind.CHOICE:
                    field = forms.ChoiceField(choices=[("", "—")] + [(o, o) for o in question.options])
                elif question.kind == QuestionKind.DATE:
                    field = forms.DateField(widget=DATE)
                elif question.kind == QuestionKind.NUMBER:
                    field = forms.DecimalField(max_digits=12, decimal_places=2)
                else:
                    field = forms.CharField(max_length=MAX_ANSWER)
                field.label, field.required = question.label, question.required
                self.fields[name] = field
        if on_behalf:
            self.fields["channel"] = forms.ChoiceField(
                label=_("source channel"),
                choices=[c for c in Channel.choices if c[0] not in (Channel.WEB, Channel.OPEN311)],
            )
            del self.fields["website"]

    def service_values(self) -> dict:
        """Returns the cleaned data as the keyword arguments of ``wish_submit``."""
        data = dict(self.cleaned_data)
        data.pop("website", None)
        answers = {}
        for name in list(data):
            if name.startswith("answer_"):
                value = data.pop(name)
                if value not in (None, ""):
                    answers[name.removeprefix("answer_")] = (
                        value.isoformat() if hasattr(value, "isoformat") else str(value)
                    )
        if self.item is not None:
            data.update(kind=Wish.Kind.ORDER, item=self.item, answers=answers)
        return data

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website")) if hasattr(self, "cleaned_data") else False


class TrackForm(forms.Form):
    code = forms.CharField(label=_("tracking code"), max_length=12)
    last_four = forms.CharField(
        label=_("last four digits of your phone"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How well was it done?"),
        coerce=int,
        choices=[(i, "★" * i) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("What is still not done?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class _ReplyForm(forms.Form):
    """A note the resident sees, typed or taken from one of the community's reply templates (used when the
    text is left empty)."""

    text_field = "note"
    reply = forms.ModelChoiceField(label=_("reply template"), queryset=ReplyTemplate.objects.none(), required=False)

    def __init__(self, *args, replies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if replies is not None:
            self.fields["reply"].queryset = replies
        self.order_fields(["reply"])

    def service_values(self) -> dict:
        """Returns the cleaned data for the service, the template's text standing in for an empty note."""
        data = dict(self.cleaned_data)
        reply = data.pop("reply", None)
        if reply is not None and not data.get(self.text_field):
            data[self.text_field] = reply.text
        return data


class NoteForm(_ReplyForm):
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CompleteForm(NoteForm):
    photo = forms.ImageField(label=_("photo of the result (optional)"), required=False)


class ProgressForm(_ReplyForm):
    note = forms.CharField(
        label=_("what was done"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DeclineForm(_ReplyForm):
    text_field = "reason"
    reason = forms.CharField(
        label=_("reason (the resident sees it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class ReplyTemplateForm(forms.Form):
    community = _NodeChoice(label=_("community"), queryset=Node.objects.none(), widget=PickerSelect("area"))
    title = forms.CharField(label=_("title"), max_length=50)
    text = forms.CharField(label=_("text"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class MergeForm(forms.Form):
    original = forms.ModelChoiceField(label=_("duplicate of"), queryset=Wish.objects.none())
    note = forms.CharField(label=_("note"), required=False, max_length=2000)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = choices


class DispatchForm(forms.Form):
    provider_kind = forms.ChoiceField(label=_("provider"), choices=ProviderKind.choices)
    provider_unit = forms.ModelChoiceField(
        label=_("member unit"), queryset=MemberUnit.objects.none(), required=False, widget=PickerSelect("unit")
    )
    provider_post = forms.ModelChoiceField(
        label=_("vanguard post"), queryset=Post.objects.none(), required=False, widget=PickerSelect("wish_post")
    )
    provider_team = forms.ModelChoiceField(
        label=_("team or temporary party branch"),
        queryset=PartyOrganisation.objects.none(),
        required=False,
        widget=PickerSelect("wish_team"),
    )
    promised_on = forms.DateField(label=_("promised date"), widget=DATE)
    note = forms.CharField(label=_("note"), required=False, max_length=2000)

    def __init__(self, *args, units, posts, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_unit"].queryset = units
        self.fields["provider_post"].queryset = posts
        self.fields["provider_team"].queryset = teams
        self.fields["provider_kind"].choices = [c for c in ProviderKind.choices if c[0] != ProviderKind.VOLUNTEER]


class ClaimForm(forms.Form):
    promised_on = forms.DateField(label=_("we will do it by"), widget=DATE)
    note = forms.CharField(label=_("note"), required=False, max_length=2000)


class ItemForm(forms.Form):
    title = forms.CharField(label=_("service"), max_length=100)
    description = forms.CharField(
        label=_("description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        **field_limits(ServiceItem, "description"),
    )
    provider = forms.CharField(label=_("provided by"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("on the menu"), required=False, initial=True)


class ItemCreateForm(ItemForm):
    community = _NodeChoice(label=_("community"), queryset=Node.objects.none(), widget=PickerSelect("area"))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class QuestionForm(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=40)
    label = forms.CharField(label=_("question"), max_length=200)
    kind = forms.ChoiceField(label=_("kind of answer"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("required"), required=False)
    choices = forms.CharField(
        label=_("choices"), max_length=500, required=False, help_text=_("For a choice: the options, separated by “|”.")
    )
