"""Writes about accounts: roles, passwords, API tokens and two-factor devices."""

import secrets

from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from accounts import scopes
from accounts.models import PASSWORD_RESET_ROLES, PERSONAL_ROLES, PasswordChange, RoleAssignment, User
from accounts.signals import credentials_changed
from grids.models import Node
from people.models import Person
from units.models import MemberUnit

# One-time passwords given by staff: read aloud or written down, so no look-alike characters.
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ONE_TIME_LENGTH = 12
BACKUP_CODE_COUNT = 10


def _tell(user: User, change: str, address: str | None = None) -> None:
    """Lets the apps that listen (the notification layer) tell the user of a change to their sign-in."""
    credentials_changed.send(sender=User, user=user, change=change, address=address)


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


# --- passwords -------------------------------------------------------------------------------------------


def credentials_revoke(*, user: User) -> None:
    """Ends what a password change must end besides the sessions (whose hash no longer matches): every API
    token and every calendar link of the user."""
    AuthToken.objects.filter(user=user).delete()
    user.calendar_feeds.all().delete()  # alliances.CalendarFeed, reached without importing a higher app


def password_set(
    *,
    user: User,
    password: str,
    kind: str,
    by: User | None = None,
    address: str | None = None,
    must_change: bool = False,
) -> PasswordChange:
    """Sets the user's password and returns the audit row saying how (``PasswordChange.Kind``) and by whom.

    Every other session of the user ends (Django checks the password hash on each request; the caller keeps
    its own session with ``update_session_auth_hash``), every API token and calendar link is revoked, and a
    lockout of the account is lifted. ``must_change`` makes the user choose a new password at next sign-in.
    """
    with transaction.atomic():
        user.set_password(password)
        user.password_must_change = must_change
        user.save(update_fields=["password", "password_must_change"])
        credentials_revoke(user=user)
        change = PasswordChange.objects.create(user=user, kind=kind, changed_by=by, address=address or None)
        _tell(user, "password", address)
    transaction.on_commit(lambda: axes_reset(username=user.get_username()))
    return change


def can_reset_password_of(by: User, person: Person) -> bool:
    """Whether ``by`` may give ``person``'s account a one-time password: a street or community secretary,
    staff member or worker who may change the person's record, for an account holding only a resident's or
    party member's role (never staff, a superuser or an office account)."""
    account = getattr(person, "account", None)
    if account is None or account.is_staff or account.is_superuser or account == by:
        return False
    if not RoleAssignment.objects.filter(user=by, role__in=sorted(PASSWORD_RESET_ROLES)).exists():
        return False
    if RoleAssignment.objects.filter(user=account).exclude(role__in=sorted(PERSONAL_ROLES)).exists():
        return False
    return scopes.can_change(by, person)


def password_reset_by_staff(*, by: User, person: Person, address: str | None = None) -> tuple[User, str]:
    """Gives the account of ``person`` a one-time password and returns the account and that password.

    For residents and party members who have no e-mail: the person must choose their own password at the
    next sign-in. The reset is recorded (``PasswordChange``, kind ``reset_by_staff``, naming ``by``).
    Raises ``PermissionDenied`` when ``by`` may not (``can_reset_password_of``)."""
    if not can_reset_password_of(by, person):
        raise PermissionDenied(_("You may not reset this person's password."))
    password = "".join(secrets.choice(ONE_TIME_ALPHABET) for _index in range(ONE_TIME_LENGTH))
    account = person.account
    password_set(
        user=account,
        password=password,
        kind=PasswordChange.Kind.RESET_BY_STAFF,
        by=by,
        address=address,
        must_change=True,
    )
    return account, password


# --- API tokens -----------------------------------------------------------------------------------------


def api_token_create(*, user: User) -> tuple[AuthToken, str]:
    """Issues an API token that expires after ``API_TOKEN_DAYS`` and returns it with its secret, which is
    stored only as a digest and cannot be shown again. Refused (``PermissionDenied``) while the user must
    change their password."""
    if user.password_must_change:
        raise PermissionDenied(_("Choose a new password before using the API."))
    with transaction.atomic():
        token, secret = AuthToken.objects.create(user=user)
        _tell(user, "api_token")
    return token, secret


def api_token_revoke(*, user: User, token_key: str) -> None:
    """Revokes the user's API token whose first characters (knox's ``token_key``, shown in lists) are
    ``token_key``; ``ValidationError`` when the user has no such token."""
    deleted, _rows = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    if not deleted:
        raise ValidationError({"token": _("No such token.")})


# --- two-factor login -----------------------------------------------------------------------------------


def totp_device_start(*, user: User) -> TOTPDevice:
    """Returns the user's unconfirmed authenticator-app device, made now if there is none; it counts once
    the user has typed a code from it (``totp_device_confirm``)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirms ``device`` when ``code`` is its current code, replacing any other authenticator of the user,
    and returns a fresh set of backup codes. Raises ``ValidationError`` on a wrong code."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError({"code": _("Start the set-up again.")})
    if not device.verify_token((code or "").replace(" ", "")):
        raise ValidationError({"code": _("The code is not right. Check the time on your phone and try again.")})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _backup_codes_replace(user)
        _tell(user, "two_factor_on")
    return codes


def backup_codes_renew(*, user: User) -> list[str]:
    """Replaces the user's backup codes (each works once, for a lost phone) and returns the new ones."""
    with transaction.atomic():
        codes = _backup_codes_replace(user)
        _tell(user, "backup_codes")
    return codes


def _backup_codes_replace(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name="backup", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def two_factor_disable(*, user: User, required: bool) -> None:
    """Removes the user's authenticator and backup codes; refused (``PermissionDenied``) when two-factor
    login is required of the user."""
    if required:
        raise PermissionDenied(_("Two-factor sign-in is required for your account."))
    with transaction.atomic():
        removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        if removed:
            _tell(user, "two_factor_off")
