"""Pages of the vanguard co-cultivation (mounted at /volunteers/, namespace volunteers), built for phones first:
posts and shifts, claims, check-in with the organiser's code, dual reporting, hours, a volunteer's own page and
the emergency mobilisation page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts import scopes
from liaoyuan.core import masking
from volunteers.forms import DecisionForm


def service_errors(exc) -> str:
    """A service's ``ValidationError`` as one line for a message."""
    if hasattr(exc, "message_dict"):
        return " ".join(e for errors in exc.message_dict.values() for e in errors)
    return " ".join(exc.messages)


def decide(request, queryset, pk: int, *, decide_with, done: tuple[str, str], back: str):
    """Approves or declines one waiting row (a dual report, declared hours) through the service
    ``decide_with(row, user=…, approve=…, reason=…)``, says ``done`` (approved, declined) and goes back to the
    list ``back``: 404 out of sight, 403 where the row is only visible, the service's refusal as a message."""
    row = scopes.visible_or_404(request.user, queryset, pk=pk)
    if not scopes.can_change(request.user, row):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or decline."))
        return redirect(back)
    try:
        decide_with(row, user=request.user, approve=form.approve, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, service_errors(exc))
    else:
        messages.success(request, done[0] if form.approve else done[1])
    return redirect(back)


def shown_names(user, rows) -> dict[int, tuple[str, bool]]:
    """Row id → (the person's name as the user may read it, whether whole) for rows with ``person`` and
    ``unit`` (dual reports, service records): whole for those who may change the row (the community), the
    person's unit admins and the person themself; masked for the offices above (one query)."""
    rows = list(rows)
    if not rows:
        return {}
    model = type(rows[0])
    editable = set(
        scopes.editable(user, model.objects.filter(pk__in=[r.pk for r in rows])).values_list("pk", flat=True)
    )
    unit_ids = scopes.scope_of(user).unit_ids
    shown = {}
    for row in rows:
        if row.person_id is None:  # a unit's organisation: not personal data
            shown[row.pk] = (str(row.organisation), True)
            continue
        whole = row.pk in editable or row.unit_id in unit_ids or row.person_id == user.person_id
        shown[row.pk] = (row.person.name if whole else masking.mask_name(row.person.name), whole)
    return shown
