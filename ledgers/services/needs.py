"""Writes about needs and resources, and the matching that commits a resource's quantity to a need.

A match is committed with a conditional ``UPDATE … SET remaining = remaining - q WHERE remaining >= q``:
two secretaries committing the last units of a resource at the same moment cannot both succeed, and the
remaining quantity never goes below zero (the check constraint ``ledgers_resource_remaining_bounds`` is the
database's backstop).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import Node
from ledgers.models import MATCHABLE, MAX_QUANTITY, Category, Match, Need, Resource, Urgency
from ledgers.services import history
from ledgers.services.common import (
    check_ledger_node,
    check_one_owner,
    check_required_text,
    check_under_street,
    check_unit,
)
from liaoyuan.core.masking import mask_phones_in
from units.models import MemberUnit

Status = Need.Status

# The one table of allowed status changes of a need. Matching moves an open need to "matched", joining a
# project to "in a project", a project done to "met"; a need that cannot be met may be opened again.
NEED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.OPEN: frozenset({Status.MATCHED, Status.IN_PROJECT, Status.MET, Status.UNMEETABLE}),
    Status.MATCHED: frozenset({Status.IN_PROJECT, Status.MET, Status.UNMEETABLE}),
    Status.IN_PROJECT: frozenset({Status.MET, Status.UNMEETABLE}),
    Status.MET: frozenset(),
    Status.UNMEETABLE: frozenset({Status.OPEN}),
}
NEED_FIELDS = ("title", "description", "source", "category", "people_affected", "urgency", "needed_by")
RESOURCE_FIELDS = (
    "title",
    "description",
    "category",
    "provider_unit",
    "provider_name",
    "quantity",
    "measure",
    "available_from",
    "available_until",
)


def allowed_transitions(need: Need) -> list[str]:
    """Returns the statuses the need may be moved to by hand, in the order of ``Need.Status``."""
    allowed = NEED_TRANSITIONS[need.status]
    return [s for s in Status.values if s in allowed]


def _check_need(*, title: str, source: str, category: str, urgency: str, people_affected: int) -> None:
    check_required_text(title=title)
    errors = {}
    if source not in Need.Source.values:
        errors["source"] = _("Choose a source.")
    if category not in Category.values:
        errors["category"] = _("Choose a category.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose an urgency.")
    if not 1 <= people_affected <= 1_000_000:
        errors["people_affected"] = _("Give a number from 1 to 1,000,000.")
    if errors:
        raise ValidationError(errors)


def need_create(
    *,
    user,
    node: Node,
    title: str,
    category: str,
    source: str = Need.Source.OTHER,
    description: str = "",
    people_affected: int = 1,
    urgency: str = Urgency.NORMAL,
    needed_by: datetime.date | None = None,
    decision=None,
) -> Need:
    """Adds a need to the list of ``node`` and returns it. A need may come from a joint meeting's decision
    (``decision``; its alliance must be of the same street) and, once residents' wishes exist, from a wish
    (``source="resident_wish"``)."""
    check_ledger_node(user=user, node=node)
    _check_need(title=title, source=source, category=category, urgency=urgency, people_affected=people_affected)
    if decision is not None:
        if not scopes.can_view(user, decision.meeting):
            raise ValidationError({"decision": _("No such decision.")})
        check_under_street(field="decision", node=node, items=[decision], node_of=lambda d: d.meeting.alliance.node)
        source = Need.Source.MEETING_DECISION
    need = Need(
        node=node,
        title=title.strip(),
        description=description.strip(),
        source=source,
        category=category,
        people_affected=people_affected,
        urgency=urgency,
        needed_by=needed_by,
        decision=decision,
    )
    need.full_clean(exclude=["node", "decision"])
    with transaction.atomic():
        need.save()
        history.record(user=user, obj=need, action="created", changes=history.snapshot(need, NEED_FIELDS))
    return need


def need_values(need: Need) -> dict:
    """Returns the need's editable values as keyword arguments of ``need_update``."""
    return {field: getattr(need, field) for field in NEED_FIELDS}


def need_update(*, user, need: Need, **values) -> Need:
    """Changes what the need is (not its status) and returns it; the history keeps the old values."""
    if not scopes.can_change(user, need):
        raise PermissionDenied
    values = {**need_values(need), **{k: v for k, v in values.items() if k in NEED_FIELDS}}
    _check_need(
        title=values["title"],
        source=values["source"],
        category=values["category"],
        urgency=values["urgency"],
        people_affected=values["people_affected"],
    )
    before = history.snapshot(need, NEED_FIELDS)
    for field, value in values.items():
        setattr(need, field, value.strip() if isinstance(value, str) else value)
    need.full_clean(exclude=["node", "decision"])
    changes = history.differences(before, history.snapshot(need, NEED_FIELDS))
    if changes:
        with transaction.atomic():
            need.save()
            history.record(user=user, obj=need, action="updated", changes=changes)
    return need


def _status_error(need: Need, status: str) -> ValidationError:
    allowed = "、".join(str(Status(s).label) for s in allowed_transitions(need)) or _("none")
    return ValidationError(
        {
            "status": _("A need that is “%(from)s” cannot be marked “%(to)s” (allowed: %(allowed)s).")
            % {
                "from": Status(need.status).label,
                "to": Status(status).label if status in Status.values else status,
                "allowed": allowed,
            }
        }
    )


def _move(*, user, need: Need, status: str, reason: str = "", day: datetime.date | None = None) -> Need:
    """Moves a locked need to ``status`` (checked against ``NEED_TRANSITIONS``) and records it."""
    if status not in Status.values or status not in NEED_TRANSITIONS[need.status]:
        raise _status_error(need, status)
    previous = need.status
    need.status = status
    need.met_on = (day or timezone.localdate()) if status == Status.MET else None
    need.unmet_reason = reason if status == Status.UNMEETABLE else ""
    need.save(update_fields=["status", "met_on", "unmet_reason", "updated_at"])
    changes = {"status": [previous, status]}
    if reason:
        changes["unmet_reason"] = ["", reason]
    history.record(user=user, obj=need, action="status", changes=changes)
    return need


def need_set_status(*, user, need: Need, status: str, reason: str = "") -> Need:
    """Changes the need's status by hand (``NEED_TRANSITIONS``) and returns it; "cannot be met" needs a
    reason."""
    if not scopes.can_change(user, need):
        raise PermissionDenied
    reason = reason.strip()
    if status == Status.UNMEETABLE and not reason:
        raise ValidationError({"reason": _("Give the reason why the need cannot be met.")})
    with transaction.atomic():
        need = Need.objects.select_for_update().get(pk=need.pk)
        return _move(user=user, need=need, status=status, reason=reason)


def _check_resource(*, user, values: dict) -> None:
    check_required_text(title=values["title"])
    check_unit(user=user, field="provider_unit", unit=values["provider_unit"])
    check_one_owner(
        unit_field="provider_unit",
        name_field="provider_name",
        unit=values["provider_unit"],
        name=values["provider_name"],
    )
    errors = {}
    if values["category"] not in Category.values:
        errors["category"] = _("Choose a category.")
    if not 1 <= values["quantity"] <= MAX_QUANTITY:
        errors["quantity"] = _("Give a number from 1 to %(max)s.") % {"max": f"{MAX_QUANTITY:,}"}
    start, end = values["available_from"], values["available_until"]
    if start and end and end < start:
        errors["available_until"] = _("The window ends before it starts.")
    if errors:
        raise ValidationError(errors)


def resource_create(
    *,
    user,
    node: Node,
    title: str,
    category: str,
    quantity: int,
    provider_unit: MemberUnit | None = None,
    provider_name: str = "",
    description: str = "",
    measure: str = "",
    available_from: datetime.date | None = None,
    available_until: datetime.date | None = None,
) -> Resource:
    """Adds a resource to the list of ``node`` with all of its quantity remaining, and returns it."""
    check_ledger_node(user=user, node=node)
    values = {
        "title": title,
        "description": description,
        "category": category,
        "provider_unit": provider_unit,
        "provider_name": provider_name,
        "quantity": quantity,
        "measure": measure,
        "available_from": available_from,
        "available_until": available_until,
    }
    _check_resource(user=user, values=values)
    resource = Resource(
        node=node, remaining=quantity, **{k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    )
    resource.full_clean(exclude=["node", "provider_unit"])
    with transaction.atomic():
        resource.save()
        history.record(user=user, obj=resource, action="created", changes=history.snapshot(resource, RESOURCE_FIELDS))
    return resource


def resource_values(resource: Resource) -> dict:
    return {field: getattr(resource, field) for field in RESOURCE_FIELDS}


def resource_update(*, user, resource: Resource, **values) -> Resource:
    """Changes the resource and returns it. A new quantity keeps what is already committed: the remaining
    quantity moves by the same amount, and the quantity cannot fall below what is committed."""
    if not scopes.can_change(user, resource):
        raise PermissionDenied
    values = {**resource_values(resource), **{k: v for k, v in values.items() if k in RESOURCE_FIELDS}}
    _check_resource(user=user, values=values)
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        committed = resource.quantity - resource.remaining
        if values["quantity"] < committed:
            raise ValidationError(
                {"quantity": _("%(committed)s are already committed to needs.") % {"committed": committed}}
            )
        before = history.snapshot(resource, RESOURCE_FIELDS)
        for field, value in values.items():
            setattr(resource, field, value.strip() if isinstance(value, str) else value)
        resource.remaining = resource.quantity - committed
        resource.full_clean(exclude=["node", "provider_unit"])
        changes = history.differences(before, history.snapshot(resource, RESOURCE_FIELDS))
        if changes:
            resource.save()
            history.record(user=user, obj=resource, action="updated", changes=changes)
    return resource


def match_confirm(*, user, need: Need, resource: Resource, quantity: int = 1) -> Match:
    """Commits ``quantity`` of ``resource`` to ``need`` and returns the match; an open need becomes
    "matched".

    The resource's remaining quantity falls in one conditional ``UPDATE``; when less than ``quantity`` is
    left (another secretary committed it meanwhile) nothing is written and ``ValidationError`` on
    ``quantity`` says how much is left.
    """
    if not scopes.can_change(user, need):
        raise PermissionDenied
    if not scopes.can_view(user, resource):
        raise ValidationError({"resource": _("No such resource.")})
    if resource.category != need.category:
        raise ValidationError({"resource": _("This resource offers something else than the need asks for.")})
    check_under_street(field="resource", node=need.node, items=[resource])
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError({"quantity": _("Give a number from 1 to %(max)s.") % {"max": f"{MAX_QUANTITY:,}"}})
    with transaction.atomic():
        need = Need.objects.select_for_update().select_related("node").get(pk=need.pk)
        if need.status not in MATCHABLE:
            raise ValidationError({"need": _("Only an open or matched need can be matched.")})
        taken = Resource.objects.filter(pk=resource.pk, remaining__gte=quantity).update(
            remaining=F("remaining") - quantity, updated_at=timezone.now()
        )
        if taken != 1:
            left = Resource.objects.values_list("remaining", flat=True).get(pk=resource.pk)
            raise ValidationError({"quantity": _("Only %(left)s of this resource are left.") % {"left": left}})
        resource.refresh_from_db(fields=["remaining", "updated_at"])
        match = Match.objects.create(need=need, resource=resource, quantity=quantity, confirmed_by=user)
        history.record(
            user=user,
            obj=resource,
            action="committed",
            changes={"remaining": [resource.remaining + quantity, resource.remaining], "need": need.title},
        )
        if need.status == Status.OPEN:
            _move(user=user, need=need, status=Status.MATCHED)
        history.record(
            user=user, obj=need, action="matched", changes={"resource": resource.title, "quantity": quantity}
        )
    return match


def need_from_wish(*, wish) -> Need:
    """Lists an accepted resident's wish as a need of its community (called by ``wishes.hooks`` inside the
    acceptance's transaction) and returns it; a wish already listed returns its need. Only what is needed is
    copied, never the resident's contact details."""
    need = Need.objects.filter(source=Need.Source.RESIDENT_WISH, source_ref=wish.tracking_code).first()
    if need is not None:
        return need
    need = Need(
        node_id=wish.community_id,
        title=mask_phones_in(wish.title)[:200],  # a phone typed into the wish stays with the wish
        source=Need.Source.RESIDENT_WISH,
        source_ref=wish.tracking_code,
        category=Category.PEOPLE,
    )
    need.full_clean(exclude=["node", "decision"], validate_constraints=False)
    with transaction.atomic():
        need.save()
        history.record(user=None, obj=need, action="from_wish", changes={"wish": wish.tracking_code})
    return need
