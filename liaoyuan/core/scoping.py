"""How a model is reached from the scope of a user.

Models declare a ``scope_rule``; ``accounts.scopes`` applies it. Keeping the declaration here (with no
model imports) lets every app declare its rule without depending on ``accounts``.
"""

from dataclasses import dataclass

from django.http import Http404


class OutOfScope(Http404):
    """A 404 for an object that exists but lies outside the user's scope: answered exactly like a missing
    one, and recorded in the security log."""


def current_members(prefix: str) -> dict:
    """Returns the ``ScopeRule`` arguments that let the admins of an alliance's current member units see
    an object reached through ``prefix`` (e.g. ``"alliance__"``)."""
    return {
        "unit": f"{prefix}memberships__unit",
        "unit_current": ((f"{prefix}memberships__left_on__isnull", True),),
        "multi": True,
    }


@dataclass(frozen=True)
class ScopeRule:
    """Lookups from a model to the things a user's roles are bound to.

    ``node``: lookup to a ``grids.Node`` (the object is in scope when that node lies in a role's subtree).
    ``also_visible_through``: more node lookups that make the object visible (never changeable), e.g. a
    member unit is seen by the secretaries of every alliance it belongs to.
    ``visible_below``: a node lookup that makes the object visible (never changeable) to the managers of the
    nodes below that node (a city-level unit is seen by every street and community that may invite it).
    ``unit``: lookup to a ``units.MemberUnit`` (visible to that unit's admins).
    ``unit_current``: extra conditions on the ``unit`` lookup, in the same join (e.g. only current memberships).
    ``unit_write``: lookup to the ``units.MemberUnit`` whose admins may change the object (None: none may).
    ``person``: lookup to a ``people.Person`` (in scope for that person's own account).
    ``person_writes``: whether the person may also change the object.
    ``write_roles``: node-bound roles that may change the object (``None``: every operational role).
    ``multi``: a lookup crosses a many-valued relation (informative: ``accounts.scopes`` finds such lookups
    itself and tests them with ``EXISTS``, so matches are never repeated).
    """

    node: str | None = None
    also_visible_through: tuple[str, ...] = ()
    visible_below: str | None = None
    unit: str | None = None
    unit_current: tuple[tuple[str, object], ...] = ()
    unit_write: str | None = None
    person: str | None = None
    person_writes: bool = False
    write_roles: frozenset[str] | None = None
    multi: bool = False
