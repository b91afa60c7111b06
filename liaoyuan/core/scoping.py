"""How a model is reached from the scope of a user.

Models declare a ``scope_rule``; ``accounts.scopes`` applies it. Keeping the declaration here (with no
model imports) lets every app declare its rule without depending on ``accounts``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ScopeRule:
    """Lookups from a model to the things a user's roles are bound to.

    ``node``: lookup to a ``grids.Node`` (the object is in scope when that node lies in a role's subtree).
    ``unit``: lookup to a ``units.MemberUnit`` (in scope for that unit's admins).
    ``person``: lookup to a ``people.Person`` (in scope for that person's own account).
    ``unit_writes`` / ``person_writes``: whether the unit admins / the person may also change the object.
    ``write_roles``: node-bound roles that may change the object (``None``: every operational role).
    ``multi``: a lookup crosses a many-valued relation, so matches are de-duplicated.
    """

    node: str | None = None
    unit: str | None = None
    person: str | None = None
    unit_writes: bool = False
    person_writes: bool = False
    write_roles: frozenset[str] | None = None
    multi: bool = False
