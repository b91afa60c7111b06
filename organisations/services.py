"""Writes about party organisations and their members.

Every function is keyword-only and atomic; it raises ``PermissionDenied`` when the user may not make the
change and ``ValidationError`` (field → translated message) for anything the city's rules refuse: a
secretary who is not a party member, a temporary branch ending before it starts, a member in two
organisations at once, a part-time committee member from a unit outside the alliance. Nothing is saved
when one is raised.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import NODE_MANAGER_ROLES, Node
from organisations.models import (
    COMMUNITY_KINDS,
    NODE_KINDS,
    ONE_PER_NODE,
    OPEN_TO_ANYONE_KINDS,
    UNIT_KINDS,
    MembershipRole,
    OrganisationKind,
    OrganisationMembership,
    PartyOrganisation,
)
from people.models import Person
from units.models import MemberUnit

Kind = OrganisationKind
ORGANISATION_FIELDS = ("name", "kind", "node", "unit", "secretary", "founded_on", "ends_on", "purpose")
# What may change once an organisation exists: its kind and place stay (a new place is a new organisation).
ORGANISATION_UPDATE_FIELDS = frozenset({"name", "secretary", "founded_on", "ends_on", "purpose"})

# Default names of the organisations a node's kind calls for, from the node's name.
DEFAULT_NAMES = {
    Kind.STREET_COMMITTEE: "{node}党工委",
    Kind.COMMUNITY_COMMITTEE: "{node}党委",
    Kind.COMMUNITY_GENERAL_BRANCH: "{node}党总支",
    Kind.GRID_BRANCH: "{node}党支部",
    Kind.BUILDING_GROUP: "{node}党小组",
    Kind.BIG_COMMITTEE: "{node}大党委",
    Kind.TEMPORARY_BRANCH: "{node}临时党支部",
    Kind.COMMANDO_TEAM: "{node}党员突击队",
    Kind.SERVICE_TEAM: "{node}党员服务队",
    Kind.VOLUNTEER_TEAM: "{node}志愿者服务队",
}


def can_create_organisation(user, *, node: Node | None = None, unit: MemberUnit | None = None) -> bool:
    """Whether the user may set up an organisation at ``node`` (street and community secretaries and
    workers of the area) or for ``unit`` (also the unit's own admins). No node and no unit: anywhere."""
    if unit is not None:
        return scopes.can_create_under(user, unit.location, roles=NODE_MANAGER_ROLES) or scopes.can_change(user, unit)
    if node is not None:
        return scopes.can_create_under(user, node, roles=NODE_MANAGER_ROLES)
    scope = scopes.scope_of(user)
    return scope.is_superuser or bool(scope.write_paths(NODE_MANAGER_ROLES)) or bool(scope.unit_ids)


def _check_seen(user, **people: Person | None) -> None:
    """Refuses a person the user cannot see (a form or the API offers only those the user sees)."""
    errors = {
        field: _("Choose a person from your area.")
        for field, person in people.items()
        if person is not None and not scopes.can_view(user, person)
    }
    if errors:
        raise ValidationError(errors)


def _check_secretary(errors: dict, secretary: Person | None, kind: str) -> None:
    if secretary is not None and kind not in OPEN_TO_ANYONE_KINDS and not secretary.is_party_member:
        errors["secretary"] = _("The secretary must be a party member.")


def _check_dates(errors: dict, org: PartyOrganisation) -> None:
    if org.kind == Kind.TEMPORARY_BRANCH and org.ends_on is None:
        errors["ends_on"] = _("A temporary branch needs the day it ends.")
    if org.ends_on and org.founded_on and org.ends_on < org.founded_on:
        errors["ends_on"] = _("The organisation cannot end before it is set up.")


def _check_place(errors: dict, org: PartyOrganisation) -> None:
    if org.kind in UNIT_KINDS:
        if org.unit_id is None:
            errors["unit"] = _("A unit's party organisation needs its member unit.")
        else:
            org.node_id = org.unit.location_id  # it stands where its unit is
        return
    org.unit = None
    node = org.node if org.node_id else None
    if node is None:
        errors["node"] = _("Choose where the organisation stands in the tree.")
    elif node.kind not in NODE_KINDS[org.kind]:
        errors["node"] = _("A %(kind)s stands at a %(places)s, not at a %(place)s.") % {
            "kind": Kind(org.kind).label,
            "places": "、".join(str(Node.Kind(k).label) for k in sorted(NODE_KINDS[org.kind])),
            "place": node.get_kind_display(),
        }
    elif org.kind in COMMUNITY_KINDS and org.ends_on is None:
        others = PartyOrganisation.objects.filter(node=node, kind__in=COMMUNITY_KINDS, ends_on__isnull=True)
        if others.exclude(pk=org.pk).exists():
            errors["kind"] = _("This community already has its party committee or general branch.")


def _save(org: PartyOrganisation) -> PartyOrganisation:
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError:  # a standing organisation of this kind took the place meanwhile
        raise ValidationError({"kind": _("This place already has a standing organisation of this kind.")}) from None
    return org


def _validate(org: PartyOrganisation) -> None:
    errors: dict[str, str] = {}
    _check_place(errors, org)
    _check_secretary(errors, org.secretary if org.secretary_id else None, org.kind)
    _check_dates(errors, org)
    if errors:
        raise ValidationError(errors)
    org.full_clean(validate_constraints=False)
    standing = PartyOrganisation.objects.filter(ends_on__isnull=True).exclude(pk=org.pk)
    if org.ends_on is None and org.kind in UNIT_KINDS and standing.filter(unit_id=org.unit_id).exists():
        raise ValidationError({"unit": _("This unit already has a standing party organisation.")})
    one_per_node = org.ends_on is None and org.kind in ONE_PER_NODE
    if one_per_node and standing.filter(node_id=org.node_id, kind=org.kind).exists():
        raise ValidationError({"kind": _("This place already has a standing organisation of this kind.")})


@transaction.atomic
def organisation_create(
    *,
    user,
    kind: str,
    name: str = "",
    node: Node | None = None,
    unit: MemberUnit | None = None,
    secretary: Person | None = None,
    founded_on: datetime.date,
    ends_on: datetime.date | None = None,
    purpose: str = "",
) -> PartyOrganisation:
    """Sets up a party organisation and returns it. A unit's organisation stands where its unit is; an
    empty name becomes the usual one for the kind ("第1网格党支部")."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a kind of party organisation.")})
    if kind in UNIT_KINDS:
        node = None
        if unit is None:
            raise ValidationError({"unit": _("A unit's party organisation needs its member unit.")})
    else:
        unit = None
        if node is None:
            raise ValidationError({"node": _("Choose where the organisation stands in the tree.")})
    if not can_create_organisation(user, node=node, unit=unit):
        raise PermissionDenied
    _check_seen(user, secretary=secretary)
    org = PartyOrganisation(
        kind=kind,
        name=name.strip(),
        node=node,
        unit=unit,
        secretary=secretary,
        founded_on=founded_on,
        ends_on=ends_on,
        purpose=purpose.strip(),
    )
    if not org.name:
        org.name = default_name(kind=kind, node=node, unit=unit)
    _validate(org)
    return _save(org)


def default_name(*, kind: str, node: Node | None, unit: MemberUnit | None = None) -> str:
    """Returns the usual name of an organisation of ``kind`` at ``node`` (or of ``unit``)."""
    if kind in UNIT_KINDS and unit is not None:
        suffix = {Kind.UNIT_COMMITTEE: "党委", Kind.UNIT_GENERAL_BRANCH: "党总支", Kind.UNIT_BRANCH: "党支部"}[kind]
        return f"{unit.name}{suffix}"
    if node is None:
        return ""
    return DEFAULT_NAMES[kind].format(node=node.name)


@transaction.atomic
def organisation_update(*, user, organisation: PartyOrganisation, **fields) -> PartyOrganisation:
    """Changes an organisation's name, secretary, dates or purpose and returns it."""
    if not scopes.can_change(user, organisation):
        raise PermissionDenied
    refused = set(fields) - ORGANISATION_UPDATE_FIELDS
    if refused:
        raise PermissionDenied(_("The kind and place of an organisation do not change; set up a new one."))
    if fields.get("secretary") is not None and fields["secretary"].pk != organisation.secretary_id:
        _check_seen(user, secretary=fields["secretary"])
    for key, value in fields.items():
        setattr(organisation, key, value.strip() if isinstance(value, str) else value)
    _validate(organisation)
    return _save(organisation)


def _check_membership(
    errors: dict, *, organisation: PartyOrganisation, person: Person, role: str, holds_relation: bool, unit, joined_on
) -> None:
    if not person.is_party_member and organisation.kind not in OPEN_TO_ANYONE_KINDS:
        errors["person"] = _("Only party members belong to a party organisation.")
    if organisation.founded_on and joined_on < organisation.founded_on:
        errors["joined_on"] = _("The organisation was set up on %(day)s; nobody joins it before.") % {
            "day": organisation.founded_on.isoformat()
        }
    elif organisation.ends_on and joined_on > organisation.ends_on:
        errors["joined_on"] = _("The organisation ended on %(day)s.") % {"day": organisation.ends_on.isoformat()}
    if role == MembershipRole.PART_TIME_MEMBER:
        if organisation.kind != Kind.BIG_COMMITTEE:
            errors["role"] = _("Only a big party committee has part-time members.")
        elif unit is None:
            errors["unit"] = _("A part-time committee member comes from a member unit.")
        elif not MemberUnit.objects.filter(
            pk=unit.pk, memberships__alliance__node_id=organisation.node_id, memberships__left_on__isnull=True
        ).exists():
            errors["unit"] = _("This unit is not a member of the alliance of %(area)s.") % {
                "area": organisation.node.name
            }
    if holds_relation and not organisation.holds_relations:
        errors["holds_relation"] = _("A %(kind)s does not hold members' organisational relations.") % {
            "kind": organisation.get_kind_display()
        }
    if holds_relation and not errors:
        current = (
            OrganisationMembership.objects.filter(person=person, holds_relation=True, left_on__isnull=True)
            .select_related("organisation")
            .first()
        )
        if current is not None:
            errors["person"] = _(
                "%(person)s's organisational relation is with %(org)s since %(day)s: transfer it instead."
            ) % {"person": person.name, "org": current.organisation.name, "day": current.joined_on.isoformat()}
    if not errors and organisation.memberships.filter(person=person, left_on__isnull=True).exists():
        errors["person"] = _("%(person)s already belongs to this organisation.") % {"person": person.name}


def _membership_save(membership: OrganisationMembership) -> OrganisationMembership:
    membership.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:  # a concurrent change took the relation or the seat meanwhile
        raise ValidationError(
            {"person": _("This person's organisational relation or membership changed meanwhile; try again.")}
        ) from None
    return membership


@transaction.atomic
def membership_add(
    *,
    user,
    organisation: PartyOrganisation,
    person: Person,
    joined_on: datetime.date,
    role: str = MembershipRole.MEMBER,
    holds_relation: bool | None = None,
    unit: MemberUnit | None = None,
) -> OrganisationMembership:
    """Adds ``person`` to ``organisation`` and returns the membership. ``holds_relation`` defaults to
    whether the organisation holds relations (a grid or unit branch does; a building group, a temporary
    branch or a big committee does not) for ordinary members."""
    if not scopes.can_change(user, organisation):
        raise PermissionDenied
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    _check_seen(user, person=person)
    if holds_relation is None:
        holds_relation = organisation.holds_relations and role == MembershipRole.MEMBER
    unit = unit if role == MembershipRole.PART_TIME_MEMBER else None
    errors: dict[str, str] = {}
    _check_membership(
        errors,
        organisation=organisation,
        person=person,
        role=role,
        holds_relation=holds_relation,
        unit=unit,
        joined_on=joined_on,
    )
    if errors:
        raise ValidationError(errors)
    return _membership_save(
        OrganisationMembership(
            organisation=organisation,
            person=person,
            role=role,
            holds_relation=holds_relation,
            unit=unit,
            joined_on=joined_on,
        )
    )


@transaction.atomic
def membership_end(*, user, membership: OrganisationMembership, left_on: datetime.date) -> OrganisationMembership:
    """Ends a membership on ``left_on`` (its first day out) and returns it; the row stays as history."""
    if not scopes.can_change(user, membership.organisation):
        raise PermissionDenied
    if membership.left_on is not None:
        raise ValidationError({"left_on": _("This membership has already ended.")})
    if left_on < membership.joined_on:
        raise ValidationError({"left_on": _("A member cannot leave before joining.")})
    membership.left_on = left_on
    membership.save(update_fields=["left_on", "updated_at"])
    return membership


@transaction.atomic
def relation_transfer(
    *, user, person: Person, organisation: PartyOrganisation, on: datetime.date
) -> OrganisationMembership:
    """Moves ``person``'s organisational relation to ``organisation`` from ``on``: the current relation
    (wherever it is) ends that day and the new one starts. Returns the new membership.

    The receiving organisation's managers make the transfer (转入); the old one's history keeps the row.
    """
    if not scopes.can_change(user, organisation):
        raise PermissionDenied
    if not organisation.holds_relations:
        raise ValidationError(
            {
                "organisation": _("A %(kind)s does not hold members' organisational relations.")
                % {"kind": organisation.get_kind_display()}
            }
        )
    current = (
        OrganisationMembership.objects.select_for_update()
        .filter(person=person, holds_relation=True, left_on__isnull=True)
        .first()
    )
    if current is not None:
        if current.organisation_id == organisation.pk:
            raise ValidationError({"organisation": _("The relation is already with this organisation.")})
        if on < current.joined_on:
            raise ValidationError({"on": _("The transfer cannot come before the current relation began.")})
        current.left_on = on
        current.save(update_fields=["left_on", "updated_at"])
    # an open plain membership of the receiving organisation becomes the relation
    _check_seen(user, person=person)
    organisation.memberships.filter(person=person, left_on__isnull=True, joined_on__lte=on).update(left_on=on)
    errors: dict[str, str] = {}
    _check_membership(
        errors,
        organisation=organisation,
        person=person,
        role=MembershipRole.MEMBER,
        holds_relation=True,
        unit=None,
        joined_on=on,
    )
    if errors:
        raise ValidationError({"on" if key == "joined_on" else key: value for key, value in errors.items()})
    return _membership_save(
        OrganisationMembership(
            organisation=organisation, person=person, role=MembershipRole.MEMBER, holds_relation=True, joined_on=on
        )
    )
