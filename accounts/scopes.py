"""The one permission layer: what a user may list, see and change.

Every page, form, API endpoint and admin asks here. A user's scope is the union of their role
assignments: node roles reach a subtree of the territory/grid tree, unit roles reach a member unit,
personal roles reach the user's own person. Each model says how it is reached through its
``scope_rule`` (``liaoyuan.core.scoping.ScopeRule``); outside the scope an object does not exist (404).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.http import Http404

from accounts.models import NODE_ROLES, Role, RoleAssignment
from grids.models import NODE_MANAGER_ROLES, STREET_DEPTH, Node
from liaoyuan.core.scoping import OutOfScope

_CACHE_ATTR = "_liaoyuan_scope"


def minimal_paths(paths: Iterable[str]) -> tuple[str, ...]:
    """Returns the paths with every path that lies under another one dropped, sorted."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return tuple(kept)


@dataclass(frozen=True)
class Scope:
    """What one user's roles reach. Built once per request by ``scope_of``."""

    is_superuser: bool = False
    paths_by_role: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unit_ids: frozenset[int] = frozenset()
    person_id: int | None = None
    roles: frozenset[str] = frozenset()
    # the path of the tree's only root, when one of the roles is bound to it: everything with a node lies under
    # it, so the scope's condition on that path needs no look at the tree at all
    sole_root: str | None = None

    @property
    def read_paths(self) -> tuple[str, ...]:
        return minimal_paths(p for paths in self.paths_by_role.values() for p in paths)

    def write_paths(self, roles: Iterable[str]) -> tuple[str, ...]:
        return minimal_paths(p for role in roles for p in self.paths_by_role.get(role, ()))

    @property
    def is_empty(self) -> bool:
        return not (self.is_superuser or self.paths_by_role or self.unit_ids or self.person_id)


def scope_of(user) -> Scope:
    """Returns the user's scope, computed with one query and cached on the user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        scope = Scope()
    elif user.is_superuser:
        scope = Scope(is_superuser=True)
    else:
        paths: dict[str, list[str]] = {}
        unit_ids: set[int] = set()
        roles: set[str] = set()
        sole_root = None
        rows = (
            RoleAssignment.objects.filter(user=user)
            .annotate(
                at_sole_root=ExpressionWrapper(
                    Q(node__depth=1) & ~Exists(Node.objects.filter(depth=1).exclude(pk=OuterRef("node_id"))),
                    output_field=models.BooleanField(),
                )
            )
            .values_list("role", "unit_id", "node__path", "at_sole_root")
        )
        for role, unit_id, path, at_sole_root in rows:
            if at_sole_root:
                sole_root = path
            roles.add(role)
            if role in NODE_ROLES:
                paths.setdefault(role, []).append(path)
            elif role == Role.UNIT_ADMIN:
                unit_ids.add(unit_id)
        scope = Scope(
            paths_by_role={role: minimal_paths(p) for role, p in paths.items()},
            unit_ids=frozenset(unit_ids),
            person_id=user.person_id,  # everyone with a linked person sees their own record
            roles=frozenset(roles),
            sole_root=sole_root,
        )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user) -> None:
    """Drops the cached scope, after the user's roles changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _rule(model):
    try:
        return model.scope_rule
    except AttributeError:
        raise TypeError(f"{model.__name__} declares no scope_rule") from None


def _crosses_many(model, lookup: str) -> bool:
    """Whether ``lookup`` (from ``model``) goes through a many-valued relation (reverse foreign key or
    many-to-many), so that a plain join could repeat rows."""
    for part in lookup.split("__"):
        try:
            field = model._meta.get_field(part)
        except Exception:  # noqa: BLE001 - a lookup or transform name ("in", "path", "startswith"): the walk ends
            return False
        if field.one_to_many or field.many_to_many:
            return True
        if field.related_model is None:
            return False
        model = field.related_model
    return False


def _under(paths: Iterable[str]) -> Q:
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def _path_terms(node_lookup: str, paths: Iterable[str], sole_root: str | None) -> list[tuple[str, Q]]:
    """The condition "the node at ``node_lookup`` lies under one of ``paths``". Under the tree's only root it
    is "has a node". Otherwise, through a foreign key, it is ``node_id IN (SELECT id FROM grids_node WHERE path
    LIKE …)``, not a join: the subquery is an index range scan over the subtree, hashed once, where a join ORed
    with another condition (a unit's community or its alliances) makes the planner join every row with every
    node of the city."""
    if sole_root is not None and sole_root in paths:
        return [(node_lookup or "pk", Q(**{f"{node_lookup or 'pk'}__isnull": False}))]
    if not node_lookup:
        return [("path__startswith", _under(paths))]
    return [(node_lookup, Q(**{f"{node_lookup}__in": Node.objects.filter(_under(paths)).values("pk")}))]


def _strict_ancestors(paths: Iterable[str]) -> list[str]:
    """Returns the paths of the nodes strictly above the nodes at ``paths`` (materialised paths: every
    prefix of ``Node.steplen`` characters), sorted."""
    step = Node.steplen
    return sorted({path[:end] for path in paths for end in range(step, len(path), step)})


def _scope_terms(scope: Scope, rule, *, write: bool) -> list[tuple[str, Q]]:
    """Returns the conditions (any one suffices) for objects in scope, each with the lookup it follows."""
    terms: list[tuple[str, Q]] = []
    if rule.node is not None:
        if write:
            paths = scope.write_paths(rule.write_roles if rule.write_roles is not None else NODE_MANAGER_ROLES)
        else:
            paths = scope.read_paths
        if paths:
            terms += _path_terms(rule.node, paths, scope.sole_root)
            if not write:
                for lookup in rule.also_visible_through:
                    terms += _path_terms(lookup, paths, scope.sole_root)
        if rule.visible_below is not None and not write:
            above = _strict_ancestors(scope.write_paths(NODE_MANAGER_ROLES))
            if above:  # a subquery on the few nodes above, as ``_path_terms`` does (no join of units with nodes)
                nodes = Node.objects.filter(path__in=above).values("pk")
                terms.append((rule.visible_below, Q(**{f"{rule.visible_below}__in": nodes})))
    if scope.unit_ids:
        if write and rule.unit_write:
            terms.append((rule.unit_write, Q(**{f"{rule.unit_write}__in": scope.unit_ids})))
        elif not write and rule.unit:
            terms.append((rule.unit, Q(**{f"{rule.unit}__in": scope.unit_ids}, **dict(rule.unit_current))))
    if rule.person and scope.person_id and (rule.person_writes or not write):
        terms.append((rule.person, Q(**{rule.person: scope.person_id})))
    return terms


def _always_has_node(model, node_lookup: str) -> bool:
    """Whether every row of ``model`` has a node at ``node_lookup``: the model is the node itself, or the lookup
    follows only required foreign keys."""
    if not node_lookup:
        return True
    for part in node_lookup.split("__"):
        field = model._meta.get_field(part)
        if not (field.many_to_one and not field.null):
            return False
        model = field.related_model
    return True


def _everything_in_scope(scope: Scope, model, *, write: bool) -> bool:
    """Whether the scope reaches every row: a superuser, or a role at the tree's only root over rows that always
    have a node."""
    if scope.is_superuser:
        return True
    rule = _rule(model)
    if scope.sole_root is None or rule.node is None or not _always_has_node(model, rule.node):
        return False
    if write:
        paths = scope.write_paths(rule.write_roles if rule.write_roles is not None else NODE_MANAGER_ROLES)
    else:
        paths = scope.read_paths
    return scope.sole_root in paths


def _narrow(scope: Scope) -> bool:
    """Whether the scope is a small part of the city: no role above a street (a community's or a street's
    staff, a unit's admin, a member, a resident)."""
    return scope.sole_root is None and all(len(path) >= STREET_DEPTH * Node.steplen for path in scope.read_paths)


def _apply(user, qs: models.QuerySet, *, write: bool) -> models.QuerySet:
    """Filters ``qs`` to the scope. A condition across a many-valued relation (an alliance's memberships, a
    household's members) becomes ``EXISTS (…)`` correlated on the row: no duplicates, no ``pk IN`` over the
    whole table, and ORed behind the plain conditions the database only evaluates it for rows they leave out.
    A narrow scope (nothing above a street) with several conditions is ``pk IN (keys of the first UNION keys
    of the second …)`` instead: each part is read from its own index, and the rows reached are few."""
    scope = scope_of(user)
    model = qs.model
    if _everything_in_scope(scope, model, write=write):
        return qs
    terms = _scope_terms(scope, _rule(model), write=write)
    if not terms:
        return qs.none()
    if len(terms) > 1 and _narrow(scope):
        # a small scope over a city-wide table: the keys each condition reaches, from its own index, united;
        # ORed, the conditions would be tested on every row of the city (none of them alone can drive the scan)
        keys = [model._default_manager.filter(term).order_by().values("pk") for _lookup, term in terms]
        return qs.filter(pk__in=keys[0].union(*keys[1:]))
    q = Q()
    for lookup, term in sorted(terms, key=lambda t: _crosses_many(model, t[0])):  # plain conditions first
        if _crosses_many(model, lookup):
            q |= Q(Exists(model._default_manager.filter(term, pk=OuterRef("pk"))))
        else:
            q |= term
    return qs.filter(q)


def sees_every(user, model) -> bool:
    """Whether the user may see every row of ``model``: a superuser, or a role at the tree's only root over rows
    that always have a node. A selector that adds rows of its own to the scope (``… OR pk IN (visible)``) then
    needs no condition at all, where the OR would make the database test every row of the city."""
    return _everything_in_scope(scope_of(user), model, write=False)


def visible(user, qs: models.QuerySet) -> models.QuerySet:
    """Returns the objects of ``qs`` the user may see."""
    return _apply(user, qs, write=False)


def editable(user, qs: models.QuerySet) -> models.QuerySet:
    """Returns the objects of ``qs`` the user may change."""
    return _apply(user, qs, write=True)


def can_view(user, obj: models.Model) -> bool:
    return visible(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def can_change(user, obj: models.Model) -> bool:
    return editable(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def visible_or_404(user, qs: models.QuerySet, **lookups):
    """Returns the one visible object matching ``lookups``; 404 when there is none in scope
    (``OutOfScope``, a 404 the security log records, when the object exists outside the scope)."""
    try:
        return visible(user, qs).get(**lookups)
    except qs.model.DoesNotExist:
        if qs.filter(**lookups).exists():
            raise OutOfScope from None
        raise Http404 from None


def editable_or_404(user, qs: models.QuerySet, **lookups):
    """Returns the object when the user may change it; 404 when out of sight, 403 when only visible."""
    obj = visible_or_404(user, qs, **lookups)
    if not can_change(user, obj):
        raise PermissionDenied
    return obj


def can_create_under(user, node: Node, *, roles: Iterable[str] | None = None) -> bool:
    """Whether the user may create something attached to ``node`` (no query)."""
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    paths = scope.write_paths(roles if roles is not None else NODE_MANAGER_ROLES)
    return any(node.path.startswith(p) for p in paths)


def top_nodes(user) -> models.QuerySet:
    """Returns the highest nodes the user's node roles reach (the city for a superuser)."""
    scope = scope_of(user)
    if scope.is_superuser:
        return Node.objects.get_root_nodes()
    return Node.objects.filter(path__in=scope.read_paths).order_by("path")
