"""Writes about accounts: roles, API tokens and calendar tokens."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from accounts import scopes
from accounts.models import NODE_ROLES, PERSONAL_ROLES, ROLE_NODE_KINDS, UNIT_ROLES, Role, RoleAssignment, User
from grids.models import Node
from units.models import MemberUnit


def role_assign(*, user: User, role: str, node: Node | None = None, unit: MemberUnit | None = None) -> RoleAssignment:
    """Binds ``user`` to ``role`` at ``node`` or ``unit`` and returns the assignment (existing or new).

    Raises ``ValidationError`` when the binding does not fit the role.
    """
    if role in NODE_ROLES:
        if node is None or node.kind not in ROLE_NODE_KINDS[role]:
            kinds = ", ".join(str(Node.Kind(k).label) for k in sorted(ROLE_NODE_KINDS[role]))
            raise ValidationError(
                {
                    "node": _("A %(role)s is bound to a node of kind: %(kinds)s.")
                    % {"role": Role(role).label, "kinds": kinds}
                }
            )
        unit = None
    elif role in UNIT_ROLES:
        if unit is None:
            raise ValidationError({"unit": _("A member unit admin is bound to a member unit.")})
        node = None
    elif role in PERSONAL_ROLES:
        if user.person_id is None:
            raise ValidationError({"role": _("Link the account to a person before giving it a personal role.")})
        node = unit = None
    with transaction.atomic():
        assignment, _created = RoleAssignment.objects.get_or_create(user=user, role=role, node=node, unit=unit)
    scopes.forget_scope(user)
    return assignment


def api_token_rotate(*, user: User) -> Token:
    """Replaces the user's API token with a new one and returns it."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def calendar_token_rotate(*, user: User) -> str:
    """Gives the user a new secret calendar-feed token (the old feed URL stops working) and returns it."""
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
