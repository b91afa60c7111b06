"""Writes about contact points (党支部工作联系点): a secretary linked to a party branch, and the visits,
research and party lectures logged against the link."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import Node
from ledgers.models import MAX_LOG_PEOPLE, SECRETARY_NODE_KINDS, ContactLog, ContactPoint
from ledgers.services.common import check_required_text
from liaoyuan.core.integrity import unique_errors
from organisations.models import PartyOrganisation

LINKED = {"organisation": _("This secretary is already linked to this branch.")}


def contact_point_create(
    *, user, node: Node, secretary: str, organisation: PartyOrganisation, established_on: datetime.date
) -> ContactPoint:
    """Links the secretary of ``node`` to the party branch ``organisation`` (one the user sees) from
    ``established_on``; returns the contact point."""
    if node.kind not in SECRETARY_NODE_KINDS:
        raise ValidationError({"node": _("Choose the party organisation's street, community or district.")})
    if not scopes.can_create_under(user, node):
        raise PermissionDenied
    check_required_text(secretary=secretary)
    if not scopes.can_view(user, organisation):
        raise ValidationError({"organisation": _("No such party organisation.")})
    if organisation.ends_on is not None and organisation.ends_on < established_on:
        raise ValidationError({"organisation": _("This organisation no longer exists on that day.")})
    point = ContactPoint(
        node=node, secretary=secretary.strip(), organisation=organisation, established_on=established_on
    )
    point.full_clean(exclude=["node", "organisation"], validate_constraints=False)
    with unique_errors(ContactPoint, {"ledgers_contactpoint_one_standing": LINKED}):
        point.save()
    return point


def contact_point_end(*, user, point: ContactPoint, ended_on: datetime.date) -> ContactPoint:
    if not scopes.can_change(user, point):
        raise PermissionDenied
    if ended_on < point.established_on:
        raise ValidationError({"ended_on": _("A link cannot end before it starts.")})
    point.ended_on = ended_on
    point.full_clean(exclude=["node", "organisation"])
    point.save(update_fields=["ended_on", "updated_at"])
    return point


def contact_log_add(
    *, user, point: ContactPoint, kind: str, on: datetime.date, title: str, people: int = 1, note: str = ""
) -> ContactLog:
    """Logs a visit, research or party lecture at the contact point and returns it."""
    if not scopes.can_change(user, point):
        raise PermissionDenied
    check_required_text(title=title)
    errors = {}
    if kind not in ContactLog.Kind.values:
        errors["kind"] = _("Choose a visit, research or a party lecture.")
    if not 1 <= people <= MAX_LOG_PEOPLE:
        errors["people"] = _("Give a number from 1 to %(max)s.") % {"max": f"{MAX_LOG_PEOPLE:,}"}
    if on > timezone.localdate():
        errors["on"] = _("Log what took place, not what is planned.")
    elif on < point.established_on:
        errors["on"] = _("The contact point was set up on %(day)s.") % {"day": point.established_on.isoformat()}
    if errors:
        raise ValidationError(errors)
    log = ContactLog(
        contact_point=point, kind=kind, on=on, title=title.strip(), people=people, note=note.strip(), recorded_by=user
    )
    log.full_clean(exclude=["contact_point", "recorded_by"])
    with transaction.atomic():
        log.save()
    return log
