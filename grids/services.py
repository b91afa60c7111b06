"""Writes to the territory and grid tree."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import PARENT_KINDS, Household, Node


def node_create(
    *, user, parent: Node | None, kind: str, name: str, code: str = "", party_org_name: str = "", address: str = ""
) -> Node:
    """Adds a node under ``parent`` (the city root when ``parent`` is None) and returns it.

    Raises ``ValidationError`` when the kind may not stand under the parent, ``PermissionDenied`` when
    the user may not change the parent's subtree.
    """
    parent_kind = parent.kind if parent else None
    if parent_kind not in PARENT_KINDS[kind]:
        raise ValidationError(
            {
                "kind": _("A %(kind)s cannot stand under a %(parent)s.")
                % {
                    "kind": Node.Kind(kind).label,
                    "parent": Node.Kind(parent_kind).label if parent_kind else _("(root)"),
                }
            }
        )
    if parent is None and not scopes.scope_of(user).is_superuser:
        raise PermissionDenied
    if parent is not None and not scopes.can_create_under(user, parent, roles=Node.scope_rule.write_roles):
        raise PermissionDenied
    fields = {"kind": kind, "name": name.strip(), "code": code, "party_org_name": party_org_name, "address": address}
    with transaction.atomic():
        if parent is None:
            return Node.objects.add_root(fields)
        # lock the parent so two concurrent adds do not compute the same child path
        parent = Node.objects.select_for_update().get(pk=parent.pk)
        return Node.objects.add_child(parent, fields)


def node_update(*, user, node: Node, name: str, code: str, party_org_name: str, address: str) -> Node:
    """Changes a node's descriptive fields (never its place in the tree) and returns it."""
    if not scopes.can_change(user, node):
        raise PermissionDenied
    node.name, node.code, node.party_org_name, node.address = name.strip(), code, party_org_name, address
    node.full_clean(exclude=["path", "depth", "numchild"])
    node.save(update_fields=["name", "code", "party_org_name", "address", "updated_at"])
    return node


def household_create(*, user, stairwell: Node, door_number: str, **fields) -> Household:
    """Adds a household to a stairwell unit and returns it.

    Raises ``ValidationError`` for a door number already taken in the stairwell unit.
    """
    if stairwell.kind != Node.Kind.STAIRWELL:
        raise ValidationError({"node": _("Households live in a stairwell unit.")})
    if not scopes.can_create_under(user, stairwell, roles=Household.scope_rule.write_roles):
        raise PermissionDenied
    household = Household(node=stairwell, door_number=door_number.strip(), **fields)
    household.full_clean()
    household.save()
    return household
