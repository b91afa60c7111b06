"""Search-as-you-type pickers: a choice among more things than a page should list (areas, alliances, units…).

A picker is a ``<select>`` that holds only the chosen option (so a form re-shown with errors keeps it) and,
beside it, a search box that asks ``/pickers/<name>/?q=…`` (htmx) for the first matches in the user's scope;
choosing one sets the select (``static/js/liaoyuan.js``). The server validates the submitted id against the
field's own (scoped) queryset exactly as for a plain select, so a picker never widens what is accepted.

When the field's queryset holds at most ``PICKER_THRESHOLD`` rows, the widget renders a plain select with
every option (one ``LIMIT threshold + 1`` query either way): pages stay simple where the list is short.

Use::

    # <app>/apps.py, in ready(): what the endpoint searches, for a user
    pickers.register("alliance", lambda user: scopes.visible(user, Alliance.objects.all()), search=("name",))

    # a form field or a filter
    alliance = forms.ModelChoiceField(queryset=..., widget=PickerSelect("alliance"))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

RESULTS = 20  # matches shown under the search box
SEARCH_MAX_LENGTH = 100


@dataclass(frozen=True)
class Picker:
    name: str
    queryset: Callable[..., QuerySet]  # user → the rows the user may pick, ordered
    search: Sequence[str]  # fields matched with icontains
    label: Callable[[Model], str] = str


_registry: dict[str, Picker] = {}


def register(
    name: str, queryset: Callable[..., QuerySet], *, search: Sequence[str], label: Callable[[Model], str] = str
) -> None:
    """Declares the picker ``name``: ``queryset(user)`` gives what the user may pick (already scoped)."""
    _registry[name] = Picker(name, queryset, tuple(search), label)


def get(name: str) -> Picker:
    return _registry[name]


def matches(*, user, name: str, term: str) -> list[tuple[int, str]]:
    """Returns (pk, label) of the first ``RESULTS`` rows of picker ``name`` the user may pick that match ``term``."""
    picker = _registry[name]
    qs = picker.queryset(user)
    term = term.replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]
    if term:
        condition = Q()
        for field in picker.search:
            condition |= Q(**{f"{field}__icontains": term})
        if term.isdigit():
            condition |= Q(pk=int(term))
        qs = qs.filter(condition)
    return [(obj.pk, picker.label(obj)) for obj in qs[:RESULTS]]


@login_required
def search(request, name: str):
    """``GET /pickers/<name>/?q=``: the matching choices, as buttons the picker script turns into a choice."""
    if name not in _registry:
        raise Http404
    results = matches(user=request.user, name=name, term=request.GET.get("q", ""))
    return render(request, "pickers/results.html", {"results": results, "term": request.GET.get("q", "")})


def _pk_values(value) -> list[int]:
    values = value if isinstance(value, list | tuple) else [value]
    result = []
    for item in values:
        try:
            result.append(int(str(item)))
        except (TypeError, ValueError):
            continue
    return result


class PickerSelect(forms.Select):
    """A select of one model choice that becomes a search-as-you-type picker over ``threshold`` choices."""

    def __init__(self, picker: str, attrs=None, threshold: int | None = None):
        super().__init__(attrs)
        self.picker = picker
        self.threshold = threshold

    def _limit(self) -> int:
        return self.threshold if self.threshold is not None else settings.PICKER_THRESHOLD

    def optgroups(self, name, value, attrs=None):
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None:  # not a model choice: a plain select
            self.searching = False
            return super().optgroups(name, value, attrs)
        limit = self._limit()
        head = list(queryset[: limit + 1])
        self.searching = len(head) > limit
        if self.searching:
            chosen = _pk_values(value)
            head = list(queryset.filter(pk__in=chosen)) if chosen else []
        choices = []
        if iterator.field.empty_label is not None:
            choices.append(("", iterator.field.empty_label))
        choices += [iterator.choice(obj) for obj in head]
        original = self.choices
        self.choices = choices
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = original

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["searching"] = getattr(self, "searching", False)
        context["widget"]["picker_url"] = reverse("picker", args=[self.picker])
        return context

    def _render(self, template_name, context, renderer=None):
        select = super()._render(template_name, context, renderer)
        if not context["widget"]["searching"]:
            return select
        return render_to_string("pickers/widget.html", {"select": select, "widget": context["widget"]})


class PickerSelectMultiple(PickerSelect):
    """A select of several model choices (``ModelMultipleChoiceField``) that becomes a search-as-you-type picker
    over ``threshold`` choices: each match clicked is added to the chosen ones."""

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        return forms.SelectMultiple.value_from_datadict(self, data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty multiple select submits nothing: nothing chosen, not "left out"
