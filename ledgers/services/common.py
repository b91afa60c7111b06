"""Checks shared by the ledger services: where a list item may be kept and who may keep it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import Node
from ledgers.models import LEDGER_NODE_KINDS
from units.models import MemberUnit


def street_path(node: Node) -> str:
    """Returns the path of the street (or town) a ledger node belongs to: itself, or a community's parent."""
    return node.parent_path if node.kind == Node.Kind.COMMUNITY else node.path


def check_ledger_node(*, user, node: Node) -> None:
    """Raises ``ValidationError`` on ``node`` unless it is a street, town or community, ``PermissionDenied``
    unless the user keeps lists there."""
    if node.kind not in LEDGER_NODE_KINDS:
        raise ValidationError({"node": _("Lists are kept by a street, a town or a community.")})
    if not scopes.can_create_under(user, node):
        raise PermissionDenied


def check_unit(*, user, field: str, unit: MemberUnit | None) -> None:
    """Raises ``ValidationError`` on ``field``, naming no unit, when ``unit`` is out of the user's sight."""
    if unit is not None and not scopes.visible(user, MemberUnit.objects.filter(pk=unit.pk)).exists():
        raise ValidationError({field: _("No such unit.")})


def check_one_owner(*, unit_field: str, name_field: str, unit, name: str) -> None:
    """Raises ``ValidationError`` unless exactly one of a unit and a person's name is given."""
    if (unit is None) == (not name.strip()):
        raise ValidationError({unit_field: _("Name either a member unit or a person, not both.")})


def check_required_text(**texts: str) -> None:
    errors = {field: _("This field is required.") for field, text in texts.items() if not (text or "").strip()}
    if errors:
        raise ValidationError(errors)


def check_under_street(*, field: str, node: Node, items: list[models.Model], node_of=lambda obj: obj.node) -> None:
    """Raises ``ValidationError`` on ``field`` when one of ``items`` lies outside the street of ``node``."""
    path = street_path(node)
    if any(not node_of(item).path.startswith(path) for item in items):
        raise ValidationError({field: _("Choose items of the same street or community.")})
