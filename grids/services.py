"""Writes to the territory and grid tree."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import scopes
from grids import summaries
from grids.models import DOOR_TAKEN, PARENT_KINDS, Household, Node
from liaoyuan.core.integrity import unique_errors

SIBLING_NAME = "grids_node_unique_name_among_siblings"


def _name_taken(name: str) -> dict[str, str]:
    return {"name": _("%(name)s already exists here; give this one another name.") % {"name": name}}


def _check_name_free(*, parent_path: str, depth: int, name: str, exclude: Node | None = None) -> None:
    """Raises ``ValidationError`` on ``name`` when a sibling (same parent) already has the name."""
    siblings = Node.objects.filter(path__startswith=parent_path, depth=depth, name=name)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    if siblings.exists():
        raise ValidationError(_name_taken(name))


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
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give it a name.")})
    fields = {"kind": kind, "name": name, "code": code, "party_org_name": party_org_name, "address": address}
    with transaction.atomic():
        if parent is None:
            _check_name_free(parent_path="", depth=1, name=name)
            with unique_errors(Node, {SIBLING_NAME: _name_taken(name)}):
                node = Node.objects.add_root(fields)
            summaries.node_added(node)
            return node
        # lock the parent so two concurrent adds do not compute the same child path (nor take the same name)
        parent = Node.objects.select_for_update().get(pk=parent.pk)
        _check_name_free(parent_path=parent.path, depth=parent.depth + 1, name=name)
        with unique_errors(Node, {SIBLING_NAME: _name_taken(name)}):
            node = Node.objects.add_child(parent, fields)
        summaries.node_added(node)
        return node


def node_update(*, user, node: Node, name: str, code: str, party_org_name: str, address: str) -> Node:
    """Changes a node's descriptive fields (never its place in the tree) and returns it."""
    if not scopes.can_change(user, node):
        raise PermissionDenied
    node.name, node.code, node.party_org_name, node.address = name.strip(), code, party_org_name, address
    node.full_clean(exclude=["path", "depth", "numchild"])
    _check_name_free(parent_path=node.parent_path, depth=node.depth, name=node.name, exclude=node)
    with unique_errors(Node, {SIBLING_NAME: _name_taken(node.name)}):
        node.save(update_fields=["name", "code", "party_org_name", "address", "updated_at"])
    return node


HOUSEHOLD_FIELDS = (
    "door_number",
    "address",
    "size",
    "is_party_central",
    "elderly_alone",
    "disabled_member",
    "single_parent",
    "in_difficulty",
)


def household_update(*, user, household: Household, **fields) -> Household:
    """Changes a household's door number, address, size and care flags (never its stairwell unit) and returns
    it. Raises ``PermissionDenied`` unless the user may change it, ``ValidationError`` for bad values or a door
    number taken in the stairwell unit."""
    if not scopes.can_change(user, household):
        raise PermissionDenied
    unknown = set(fields) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise TypeError(f"household_update() got unexpected fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(household, name, value.strip() if name == "door_number" else value)
    taken = Household.objects.filter(node_id=household.node_id, door_number=household.door_number)
    if taken.exclude(pk=household.pk).exists():
        raise ValidationError({"door_number": DOOR_TAKEN})
    household.full_clean()
    with unique_errors(Household, {"grids_household_unique_door": {"door_number": DOOR_TAKEN}}):
        household.save()
    return household


def household_delete(*, user, household: Household) -> int:
    """Removes a household and returns the number of its residents, who stay on record in its stairwell unit
    without a household. Raises ``PermissionDenied`` unless the user may change it."""
    if not scopes.can_change(user, household):
        raise PermissionDenied
    with transaction.atomic():
        residents = household.members.count()
        household.delete()
        summaries.households_added(household.node, -1)
    return residents


def household_create(*, user, stairwell: Node, door_number: str, **fields) -> Household:
    """Adds a household to a stairwell unit and returns it.

    Raises ``ValidationError`` for a door number already taken in the stairwell unit.
    """
    if stairwell.kind != Node.Kind.STAIRWELL:
        raise ValidationError({"node": _("Households live in a stairwell unit.")})
    if not scopes.can_create_under(user, stairwell, roles=Household.scope_rule.write_roles):
        raise PermissionDenied
    household = Household(node=stairwell, door_number=door_number.strip(), **fields)
    if Household.objects.filter(node=stairwell, door_number=household.door_number).exists():
        raise ValidationError({"door_number": DOOR_TAKEN})
    household.full_clean()
    with transaction.atomic():
        with unique_errors(Household, {"grids_household_unique_door": {"door_number": DOOR_TAKEN}}):
            household.save()
        summaries.households_added(stairwell)
    return household
