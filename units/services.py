"""Writes about member units."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import NODE_MANAGER_ROLES
from units.models import MemberUnit

# What a unit's own admin may change; its name, type, community, credit code and whether it is active
# are kept by the street or community that registered it.
UNIT_ADMIN_FIELDS = frozenset(
    {"party_org_kind", "party_org_name", "party_secretary", "party_member_count", "leader", "phone", "address"}
)
MANAGER_FIELDS = UNIT_ADMIN_FIELDS | {"name", "kind", "credit_code", "is_active"}


def unit_editable_fields(*, user, unit: MemberUnit) -> frozenset[str]:
    """Returns the fields of ``unit`` the user may change (empty when none)."""
    if not scopes.can_change(user, unit):
        return frozenset()
    if scopes.can_create_under(user, unit.location, roles=NODE_MANAGER_ROLES):
        return MANAGER_FIELDS
    return UNIT_ADMIN_FIELDS


def unit_update(*, user, unit: MemberUnit, **fields) -> MemberUnit:
    """Changes the unit's record and returns it.

    Raises ``PermissionDenied`` when the user may not change the unit or one of the fields, and
    ``ValidationError`` for bad values (a name already used in the community, a bad phone …).
    """
    allowed = unit_editable_fields(user=user, unit=unit)
    if not allowed:
        raise PermissionDenied
    refused = set(fields) - allowed
    if refused:
        names = "、".join(str(MemberUnit._meta.get_field(name).verbose_name) for name in sorted(refused))
        raise PermissionDenied(_("Your role may not change: %(fields)s.") % {"fields": names})
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError:  # a concurrent change took the name or credit code meanwhile
        raise ValidationError(
            {"name": _("Another unit of this community already has this name or credit code.")}
        ) from None
    return unit
