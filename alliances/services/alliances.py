"""Writes to an alliance's structure: the alliance itself, its members and its specialised committees."""

import datetime
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from alliances.models import MAX_CHAIR_POSITION, Alliance, Committee, MembersFrom, Membership
from alliances.services import rotation
from alliances.services.common import check_dates, check_units_in_sight, units_in_sight
from grids.models import NODE_MANAGER_ROLES, Node
from liaoyuan.core.integrity import unique_errors
from units.models import MemberUnit

ALLIANCE_NODE_KINDS = frozenset({Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY})
RULES_FILE_MAX_BYTES = 10 * 1024 * 1024
# Accepted rules-of-procedure files: extension → how such a file begins (PDF; old Word; zip for docx/odt).
RULES_FILE_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
}


def validate_rules_file(upload: UploadedFile) -> None:
    """Raises ``ValidationError`` on ``rules_file`` unless the upload is a PDF, Word or ODT document of at
    most ``RULES_FILE_MAX_BYTES``."""
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in RULES_FILE_SIGNATURES:
        raise ValidationError(
            {"rules_file": _("Upload the rules of procedure as a PDF, Word (.doc, .docx) or OpenDocument (.odt) file.")}
        )
    if upload.size > RULES_FILE_MAX_BYTES:
        raise ValidationError(
            {
                "rules_file": _("The file is %(size).1f MB; the rules of procedure may be at most %(max)d MB.")
                % {"size": upload.size / 1024 / 1024, "max": RULES_FILE_MAX_BYTES // 1024 // 1024}
            }
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in RULES_FILE_SIGNATURES[extension]):
        raise ValidationError({"rules_file": _("This file is not a real %(kind)s document.") % {"kind": extension}})


def can_create_alliance(user) -> bool:
    """Returns whether the user may set up alliances at all: a superuser, or a manager of some node (which
    nodes: ``selectors.alliances.creatable_nodes``). No query once the scope is known."""
    scope = scopes.scope_of(user)
    return scope.is_superuser or bool(scope.write_paths(NODE_MANAGER_ROLES))


def _place_in_range(field: str, place: int | None) -> None:
    if place is not None and not 0 <= place <= MAX_CHAIR_POSITION:
        raise ValidationError(
            {field: _("A place in the rotation is a number from 0 to %(max)d.") % {"max": MAX_CHAIR_POSITION}}
        )


def _check_settings(
    *, term_months: int, four_ones_period_months: int, secretary_chair_position: int, members_from: str
) -> None:
    _place_in_range("secretary_chair_position", secretary_chair_position)
    if not 1 <= term_months <= 12:
        raise ValidationError({"term_months": _("A chair term lasts from 1 to 12 months.")})
    if four_ones_period_months not in (1, 3, 6, 12):
        raise ValidationError({"four_ones_period_months": _("The “four ones” period is 1, 3, 6 or 12 months.")})
    if members_from not in MembersFrom.values:
        raise ValidationError({"members_from": _("Choose which units may join.")})


def alliance_create(
    *,
    user,
    node: Node,
    name: str,
    founded_on: datetime.date,
    rotation_starts_on: datetime.date,
    term_months: int = 3,
    secretary_chair_position: int = 0,
    four_ones_period_months: int = 3,
    members_from: str = MembersFrom.DISTRICT,
    brand: str = "",
    brand_description: str = "",
    rules_text: str = "",
    rules_file: UploadedFile | None = None,
) -> Alliance:
    """Sets up the alliance of a street, town or community and returns it.

    Raises ``PermissionDenied`` unless the user manages that node, ``ValidationError`` when the node is of
    another kind, already has an alliance (checked with the node locked, so two concurrent requests make one
    alliance and the other gets the field error), a date is outside the window, or the settings or the rules
    file are not acceptable.
    """
    if node.kind not in ALLIANCE_NODE_KINDS:
        raise ValidationError({"node": _("An alliance belongs to a street, a town or a community.")})
    if not scopes.can_create_under(user, node):
        raise PermissionDenied
    check_dates(founded_on=founded_on, rotation_starts_on=rotation_starts_on)
    _check_settings(
        term_months=term_months,
        four_ones_period_months=four_ones_period_months,
        secretary_chair_position=secretary_chair_position,
        members_from=members_from,
    )
    if rules_file:
        validate_rules_file(rules_file)
    if not name.strip():
        raise ValidationError({"name": _("Give the alliance a name.")})
    taken = {"node": _("%(node)s already has an alliance.") % {"node": node}}
    with transaction.atomic():
        # the node's row is the lock: a second request waits here, then finds the first one's alliance
        Node.objects.select_for_update().filter(pk=node.pk).exists()
        if Alliance.objects.filter(node=node).exists():
            raise ValidationError(taken)
        alliance = Alliance(
            node=node,
            name=name.strip(),
            founded_on=founded_on,
            rotation_starts_on=rotation_starts_on,
            term_months=term_months,
            secretary_chair_position=secretary_chair_position,
            four_ones_period_months=four_ones_period_months,
            members_from=members_from,
            brand=brand.strip(),
            brand_description=brand_description,
            rules_text=rules_text,
        )
        if rules_file:
            alliance.rules_file = rules_file
        with unique_errors(Alliance, {"node": taken}):
            alliance.save()
    return alliance


ALLIANCE_EDITABLE_FIELDS = (
    "name",
    "brand",
    "brand_description",
    "rules_text",
    "founded_on",
    "term_months",
    "rotation_starts_on",
    "secretary_chair_position",
    "four_ones_period_months",
    "members_from",
)


def alliance_update(*, user, alliance: Alliance, rules_file: UploadedFile | None = None, **fields) -> Alliance:
    """Changes the alliance's settings, brand and rules of procedure and returns it.

    ``fields`` may hold any of ``ALLIANCE_EDITABLE_FIELDS``; ``rules_file=False`` removes the file. Changes to
    the rotation apply to the terms not stored yet (and re-chain stored terms that have not started).
    """
    if not scopes.can_change(user, alliance):
        raise PermissionDenied
    unknown = set(fields) - set(ALLIANCE_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"alliance_update() got unexpected fields {sorted(unknown)}")
    check_dates(**{f: fields[f] for f in ("founded_on", "rotation_starts_on") if f in fields})
    for field, value in fields.items():
        setattr(alliance, field, value.strip() if field in ("name", "brand") else value)
    _check_settings(
        term_months=alliance.term_months,
        four_ones_period_months=alliance.four_ones_period_months,
        secretary_chair_position=alliance.secretary_chair_position,
        members_from=alliance.members_from,
    )
    if not alliance.name:
        raise ValidationError({"name": _("Give the alliance a name.")})
    if rules_file:
        validate_rules_file(rules_file)
    if "secretary_chair_position" in fields:
        _check_place_free(alliance, fields["secretary_chair_position"], exclude=None, secretary=True)
    with transaction.atomic():
        replaced = alliance.rules_file.name if (rules_file or rules_file is False) and alliance.rules_file else ""
        if rules_file:
            alliance.rules_file = rules_file
        elif rules_file is False:
            alliance.rules_file = ""
        alliance.save()
        rotation.rechain(alliance=alliance, after=timezone.localdate())
        if replaced:  # the file replaced or removed goes once the change is committed
            storage = alliance.rules_file.storage
            transaction.on_commit(lambda: storage.delete(replaced))
    return alliance


def accepted_locations(alliance: Alliance) -> Q:
    """Returns the condition on member units that the alliance's rule (``members_from``) accepts: units located
    above its node (the city's, the district's or county's, the street's for a community) always; besides them
    the units of its district or county, or of its own street or community."""
    node = alliance.node
    above = [node.path[:end] for end in range(node.steplen, len(node.path), node.steplen)]
    area = node.path if alliance.members_from == Alliance.MembersFrom.AREA else node.path[: node.steplen * 2]
    return Q(location__path__in=above) | Q(location__path__startswith=area)


def join_candidates(*, alliance: Alliance, user) -> QuerySet[MemberUnit]:
    """Returns the active member units that the user may add to the alliance: those its rule accepts
    (``accepted_locations``) that the user may see (the alliance's current members excluded), by name."""
    return (
        units_in_sight(user=user)
        .filter(accepted_locations(alliance), is_active=True)
        .exclude(pk__in=Membership.objects.filter(alliance=alliance, left_on__isnull=True).values("unit_id"))
        .select_related("location")
        .order_by("name")
    )


def _check_place_free(alliance: Alliance, place: int | None, *, exclude: Membership | None, secretary=False) -> None:
    if place is None:
        return
    _place_in_range("secretary_chair_position" if secretary else "chair_position", place)
    taken = alliance.memberships.filter(left_on__isnull=True, chair_position=place)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(
            {
                ("secretary_chair_position" if secretary else "chair_position"): _(
                    "Place %(place)s in the rotation is already taken by %(unit)s."
                )
                % {"place": place, "unit": taken.select_related("unit").first().unit}
            }
        )
    if not secretary and place == alliance.secretary_chair_position:
        raise ValidationError(
            {
                "chair_position": _("Place %(place)s in the rotation is the street or community party organisation's.")
                % {"place": place}
            }
        )


def membership_join(
    *,
    user,
    alliance: Alliance,
    unit: MemberUnit,
    joined_on: datetime.date,
    committee_member: str = "",
    chair_position: int | None = None,
) -> Membership:
    """Makes ``unit`` a member of the alliance from ``joined_on`` and returns the membership.

    ``committee_member`` is the unit's party leader, who sits on the big party committee (defaults to the
    unit's party secretary). A unit that left may join again from the day it left. Whether the unit is
    already a member and whether its place is free are checked with the alliance locked, so two concurrent
    requests make one membership and the other gets the field error.
    """
    if not scopes.can_change(user, alliance):
        raise PermissionDenied
    check_units_in_sight(user=user, field="unit", units=[unit])
    check_dates(joined_on=joined_on)
    already = {"unit": _("%(unit)s is already a member of this alliance.") % {"unit": unit}}
    with transaction.atomic():
        Alliance.objects.select_for_update().filter(pk=alliance.pk).exists()
        if alliance.memberships.filter(unit=unit, left_on__isnull=True).exists():
            raise ValidationError(already)
        if not join_candidates(alliance=alliance, user=user).filter(pk=unit.pk).exists():
            raise ValidationError(
                {
                    "unit": _("%(unit)s is not an active unit that this alliance accepts (%(rule)s).")
                    % {"unit": unit, "rule": alliance.get_members_from_display()}
                }
            )
        if joined_on < alliance.founded_on:
            raise ValidationError({"joined_on": _("A unit cannot join before the alliance was founded.")})
        last_left = (
            alliance.memberships.filter(unit=unit, left_on__isnull=False)
            .order_by("-left_on")
            .values_list("left_on", flat=True)
        ).first()
        if last_left and joined_on < last_left:
            raise ValidationError(
                {"joined_on": _("The unit left on %(day)s; it can join again from that day.") % {"day": last_left}}
            )
        committee_member = committee_member.strip() or unit.party_secretary
        if not committee_member:
            raise ValidationError(
                {"committee_member": _("Name the unit's party leader, who sits on the big party committee.")}
            )
        _check_place_free(alliance, chair_position, exclude=None)
        with unique_errors(
            Membership, {**_place_taken(chair_position), "alliances_membership_one_open_per_unit": already}
        ):
            membership = Membership.objects.create(
                alliance=alliance,
                unit=unit,
                joined_on=joined_on,
                committee_member=committee_member,
                chair_position=chair_position,
            )
        rotation.rechain(alliance=alliance, after=joined_on - rotation.ONE_DAY)
    return membership


def _place_taken(place: int | None) -> dict[str, dict[str, str]]:
    """Returns the field error for a concurrent write that took rotation place ``place``, by constraint."""
    return {
        "alliances_membership_unique_chair_position": {
            "chair_position": _("Place %(place)s in the rotation was just taken; choose another.") % {"place": place}
        }
    }


def membership_values(membership: Membership) -> dict:
    """Returns the membership's current values as the keyword arguments of ``membership_update`` (for
    partial updates)."""
    return {"committee_member": membership.committee_member, "chair_position": membership.chair_position}


def membership_update(*, user, membership: Membership, committee_member: str, chair_position: int | None) -> Membership:
    """Changes who sits on the big party committee for the unit and its place in the rotation; returns it."""
    alliance = membership.alliance
    if not scopes.can_change(user, alliance):
        raise PermissionDenied
    if not membership.is_current:
        raise ValidationError({"chair_position": _("This unit has left the alliance; its membership is history.")})
    if not committee_member.strip():
        raise ValidationError(
            {"committee_member": _("Name the unit's party leader, who sits on the big party committee.")}
        )
    with transaction.atomic():
        Alliance.objects.select_for_update().filter(pk=alliance.pk).exists()
        _check_place_free(alliance, chair_position, exclude=membership)
        membership.committee_member = committee_member.strip()
        membership.chair_position = chair_position
        with unique_errors(Membership, _place_taken(chair_position)):
            membership.save(update_fields=["committee_member", "chair_position", "updated_at"])
        rotation.rechain(alliance=alliance, after=timezone.localdate())
    return membership


def membership_leave(*, user, membership: Membership, left_on: datetime.date, reason: str) -> Membership:
    """Records that the unit left the alliance on ``left_on`` (the row is kept as history) and returns it.

    The unit leaves the alliance's committees, and terms it would have chaired after leaving pass to the
    next in the rotation.
    """
    alliance = membership.alliance
    if not scopes.can_change(user, alliance):
        raise PermissionDenied
    if not membership.is_current:
        raise ValidationError({"left_on": _("This unit has already left the alliance.")})
    check_dates(left_on=left_on)
    if left_on < membership.joined_on:
        raise ValidationError(
            {"left_on": _("The unit joined on %(day)s; it cannot leave before.") % {"day": membership.joined_on}}
        )
    if not reason.strip():
        raise ValidationError({"leave_reason": _("Give the reason why the unit leaves.")})
    with transaction.atomic():
        membership.left_on = left_on
        membership.leave_reason = reason.strip()
        membership.save(update_fields=["left_on", "leave_reason", "updated_at"])
        Committee.units.through.objects.filter(committee__alliance=alliance, memberunit=membership.unit).delete()
        rotation.rechain(alliance=alliance, after=left_on - rotation.ONE_DAY)
    return membership


def _committee_units(alliance: Alliance, units: Iterable[MemberUnit]) -> list[MemberUnit]:
    units = list(units)
    current = set(alliance.memberships.filter(left_on__isnull=True).values_list("unit_id", flat=True))
    outsiders = [u for u in units if u.pk not in current]
    if outsiders:
        raise ValidationError(
            {
                "units": _("%(units)s are not current members of the alliance.")
                % {"units": "、".join(str(u) for u in outsiders)}
            }
        )
    return units


def _save_committee(committee: Committee, units: list[MemberUnit]) -> Committee:
    """Saves the committee and its units with the alliance locked, its name checked free inside the lock (and
    the unique constraint's error turned into the same field error); returns it."""
    name_taken = {"name": _("The alliance already has a committee of this name.")}
    committee.full_clean(exclude=["alliance", "units"], validate_unique=False)
    with transaction.atomic():
        Alliance.objects.select_for_update().filter(pk=committee.alliance_id).exists()
        same_name = Committee.objects.filter(alliance_id=committee.alliance_id, name=committee.name)
        if committee.pk is not None:
            same_name = same_name.exclude(pk=committee.pk)
        if same_name.exists():
            raise ValidationError(name_taken)
        with unique_errors(Committee, {"alliances_committee_unique_name": name_taken}):
            committee.save()
        committee.units.set(units)
    return committee


def committee_create(*, user, alliance: Alliance, kind: str, name: str, units: Iterable[MemberUnit]) -> Committee:
    """Adds a specialised committee with its member units and returns it. Raises ``ValidationError`` when a
    unit is not a current member or the alliance already has a committee of that name."""
    if not scopes.can_change(user, alliance):
        raise PermissionDenied
    units = list(units)
    check_units_in_sight(user=user, field="units", units=units)
    units = _committee_units(alliance, units)
    return _save_committee(Committee(alliance=alliance, kind=kind, name=name.strip()), units)


def committee_values(committee: Committee) -> dict:
    """Returns the committee's current kind, name and units as the keyword arguments of ``committee_update``
    (for partial updates)."""
    return {"kind": committee.kind, "name": committee.name, "units": list(committee.units.all())}


def committee_update(*, user, committee: Committee, kind: str, name: str, units: Iterable[MemberUnit]) -> Committee:
    """Changes a committee's kind, name and member units (never its alliance) and returns it."""
    alliance = committee.alliance
    if not scopes.can_change(user, committee):
        raise PermissionDenied
    units = list(units)
    check_units_in_sight(user=user, field="units", units=units)
    units = _committee_units(alliance, units)
    committee.kind, committee.name = kind, name.strip()
    return _save_committee(committee, units)


def committee_delete(*, user, committee: Committee) -> None:
    """Removes a specialised committee."""
    if not scopes.can_change(user, committee):
        raise PermissionDenied
    committee.delete()
