"""Demo accounts: one per role, bound coherently in 龙山区, plus the superuser ``admin``.

district → 龙山区; street and street_staff → its first street; community and worker → that street's first
community; chief → the community's first grid (and its serving grid chief); unit → a member unit of the
community; member → an in-service party member living in the community; resident → a resident there.
The password is ``$DEMO_PASSWORD`` (default ``liaoyuan2020``) and is set again on every run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db.models import PROTECT, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment, User
from accounts.services import role_assign
from grids.demo import DISTRICTS, find_city
from grids.models import Node
from liaoyuan.core.demo import DemoAccount, DemoContext, person_name
from people.models import Duty, Person
from units.models import MemberUnit

PASSWORD_ENV = "DEMO_PASSWORD"  # noqa: S105 -- the name of an environment variable
DEFAULT_PASSWORD = "liaoyuan2020"  # noqa: S105 -- the published password of the demo accounts
ADMIN_USERNAME = "admin"

# username → role, in the order they are printed
ACCOUNTS: tuple[tuple[str, str], ...] = (
    ("city", Role.CITY_OFFICE),
    ("district", Role.DISTRICT_OFFICE),
    ("street", Role.STREET_SECRETARY),
    ("street_staff", Role.STREET_STAFF),
    ("community", Role.COMMUNITY_SECRETARY),
    ("worker", Role.COMMUNITY_WORKER),
    ("unit", Role.UNIT_ADMIN),
    ("chief", Role.CHIEF),
    ("member", Role.PARTY_MEMBER),
    ("resident", Role.RESIDENT),
)


def demo_password() -> str:
    """Returns the demo accounts' password: ``$DEMO_PASSWORD``, or ``liaoyuan2020``."""
    return os.environ.get(PASSWORD_ENV) or DEFAULT_PASSWORD


@dataclass(frozen=True)
class Binding:
    """What one demo account is bound to: a node or a unit (by role), and maybe the person it is."""

    node: Node | None = None
    unit: MemberUnit | None = None
    person: Person | None = None


def _trail(node: Node) -> str:
    """Returns the node's names from its district down (the city alone for the city): 龙山区 › 向阳街道."""
    names = [a.name for a in Node.objects.get_ancestors(node) if a.depth > 1] + [node.name]
    return " › ".join(names)


def _free(people: QuerySet, username: str) -> Person | None:
    """Returns the first of ``people`` already linked to ``username``, else the first linked to no account."""
    people = people.filter(Q(account__isnull=True) | Q(account__username=username)).order_by("pk")
    return people.filter(account__username=username).first() or people.first()


def _bindings(city: Node) -> dict[str, Binding]:
    """Returns the binding of every demo username that can be bound (those that cannot are left out)."""
    bindings: dict[str, Binding] = {"city": Binding(node=city)}
    district = Node.objects.filter(path__startswith=city.path, depth=2, name=DISTRICTS[0].name).first()
    if district is None:
        return bindings
    bindings["district"] = Binding(node=district)
    street = Node.objects.filter(path__startswith=district.path, kind=Node.Kind.STREET).order_by("path").first()
    if street is None:
        return bindings
    bindings["street"] = bindings["street_staff"] = Binding(node=street)
    community = Node.objects.filter(path__startswith=street.path, kind=Node.Kind.COMMUNITY).order_by("path").first()
    if community is None:
        return bindings
    bindings["community"] = Binding(node=community)
    serving = Q(duties__ended_on__isnull=True)
    worker = _free(
        Person.objects.filter(serving, duties__kind=Duty.Kind.COMMUNITY_WORKER, duties__node=community), "worker"
    )
    bindings["worker"] = Binding(node=community, person=worker)
    grid = Node.objects.filter(path__startswith=community.path, kind=Node.Kind.GRID).order_by("path").first()
    if grid is not None:
        chief = _free(Person.objects.filter(serving, duties__kind=Duty.Kind.GRID_CHIEF, duties__node=grid), "chief")
        bindings["chief"] = Binding(node=grid, person=chief)
    unit = MemberUnit.objects.filter(location=community).order_by("pk").first()
    if unit is not None:
        bindings["unit"] = Binding(unit=unit)
    residents = Person.objects.filter(node__path__startswith=community.path, household__isnull=False)
    member = _free(residents.filter(party_status=Person.PartyStatus.IN_SERVICE, work_unit__isnull=False), "member")
    if member is not None:
        bindings["member"] = Binding(person=member)
    resident = _free(residents.filter(party_status=Person.PartyStatus.NONE, duties__isnull=True), "resident")
    if resident is not None:
        bindings["resident"] = Binding(person=resident)
    return bindings


def _where(binding: Binding) -> str:
    """Returns where an account acts, for the printed table."""
    if binding.unit is not None:
        return f"{binding.unit.name}（{_trail(binding.unit.location)}）"
    if binding.node is not None:
        where = _trail(binding.node)
        return f"{where} · {binding.person.name}" if binding.person else where
    if binding.person is not None:
        community = Node.objects.get_ancestors(binding.person.node).get(kind=Node.Kind.COMMUNITY)
        return f"{binding.person.name} · {_trail(community)}"
    return ""


STAFF_ROLES = frozenset(
    {
        Role.CITY_OFFICE,
        Role.DISTRICT_OFFICE,
        Role.STREET_SECRETARY,
        Role.STREET_STAFF,
        Role.COMMUNITY_SECRETARY,
        Role.COMMUNITY_WORKER,
    }
)


def seed(ctx: DemoContext) -> dict[str, int]:
    """Creates (or refreshes) the demo accounts and fills ``ctx.accounts``; returns {label: rows created}."""
    password = demo_password()
    # One hash for all demo accounts: hashing is deliberately slow, and these passwords are published anyway.
    hashed = make_password(password)
    users_created = roles_created = 0

    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        admin = User.objects.create_superuser(
            ADMIN_USERNAME, email="", password=None, first_name=_("System administrator")
        )
        users_created += 1
    admin.password, admin.is_superuser, admin.is_staff, admin.is_active = hashed, True, True, True
    admin.save(update_fields=["password", "is_superuser", "is_staff", "is_active"])
    ctx.accounts.append(DemoAccount(ADMIN_USERNAME, password, _("Superuser"), _("everything")))

    city = ctx.shared.get("city") or find_city()
    if city is None:
        return {_("users"): users_created} if users_created else {}
    bindings = _bindings(city)
    for username, role in ACCOUNTS:
        binding = bindings.get(username)
        if binding is None:
            ctx.stdout.write(_("No place to bind the demo account %(username)s; skipped.") % {"username": username})
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            first_name = binding.person.name if binding.person else person_name(ctx.rng)
            user = User.objects.create_user(username, first_name=first_name)
            users_created += 1
        user.password = hashed
        user.is_active = True
        # offices and secretaries may look around in the (scoped, read-only) admin as well
        user.is_staff = role in STAFF_ROLES
        fields = ["password", "is_active", "is_staff"]
        if binding.person is not None and user.person_id != binding.person.pk:
            user.person, user.first_name = binding.person, binding.person.name
            fields += ["person", "first_name"]
        user.save(update_fields=fields)
        binding_kwargs = {"role": role, "node": binding.node, "unit": binding.unit}
        held = RoleAssignment.objects.filter(user=user, **binding_kwargs).exists()
        role_assign(user=user, **binding_kwargs)
        roles_created += not held
        ctx.accounts.append(DemoAccount(username, password, str(Role(role).label), _where(binding)))

    created = {_("users"): users_created, _("role assignments"): roles_created}
    return {label: n for label, n in created.items() if n}


def reset(ctx: DemoContext) -> dict[str, int]:
    """Deletes every role assignment and every user but superusers; returns rows deleted per label.

    Rows of other models that protect those users from deletion (access logs) are deleted first.
    """
    roles, _by_model = RoleAssignment.objects.all().delete()
    users = User.objects.filter(is_superuser=False)
    for relation in User._meta.related_objects:
        if relation.on_delete is PROTECT:
            relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": users}).delete()
    _total, by_model = users.delete()
    return {
        str(RoleAssignment._meta.verbose_name_plural): roles,
        str(User._meta.verbose_name_plural): by_model.get(User._meta.label, 0),
    }
