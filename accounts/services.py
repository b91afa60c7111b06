"""Writes about accounts: roles, API tokens and calendar tokens."""

import secrets

from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts import scopes
from accounts.models import RoleAssignment, User
from grids.models import Node
from units.models import MemberUnit


def role_assign(*, user: User, role: str, node: Node | None = None, unit: MemberUnit | None = None) -> RoleAssignment:
    """Binds ``user`` to ``role`` at ``node`` or ``unit`` and returns the assignment (the existing one when
    the user already holds it). Raises ``ValidationError`` when the binding does not fit the role."""
    with transaction.atomic():
        existing = RoleAssignment.objects.filter(user=user, role=role, node=node, unit=unit).first()
        if existing is not None:
            return existing
        assignment = RoleAssignment(user=user, role=role, node=node, unit=unit)
        assignment.full_clean()
        assignment.save()
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
