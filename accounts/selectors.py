from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from accounts.models import OFFICE_ROLES, PasswordChange, RoleAssignment


def role_assignments(*, user) -> QuerySet[RoleAssignment]:
    """Returns the user's role assignments with the node or unit they are bound to."""
    return RoleAssignment.objects.filter(user=user).select_related("node", "unit").order_by("role", "pk")


def is_office(*, user) -> bool:
    """Whether the user holds a city or district office role (shorter sessions; two-factor by setting)."""
    return RoleAssignment.objects.filter(user=user, role__in=sorted(OFFICE_ROLES)).exists()


def two_factor_required(*, user, office: bool | None = None) -> bool:
    """Whether the user must sign in with a second factor: superusers always, office accounts when
    ``TWO_FACTOR_REQUIRED_FOR_OFFICES`` is set. ``office`` saves the query when the caller knows it."""
    if user.is_superuser:
        return True
    if not settings.TWO_FACTOR_REQUIRED_FOR_OFFICES:
        return False
    return is_office(user=user) if office is None else office


def has_two_factor(*, user) -> bool:
    """Whether the user has a confirmed authenticator app (backup codes alone do not count)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def api_tokens(*, user) -> QuerySet[AuthToken]:
    """Returns the user's API tokens that have not expired, newest first (digests only: no secret)."""
    return AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).order_by("-created")


def password_changes(*, user) -> QuerySet[PasswordChange]:
    """Returns the user's password changes, latest first, with who made them."""
    return PasswordChange.objects.filter(user=user).select_related("changed_by").order_by("-created_at")


def one_time_password_expired(*, user) -> bool:
    """Whether the user holds a one-time password (given by staff or an administrator) older than
    ``ONE_TIME_PASSWORD_HOURS``: such a password no longer signs in, and the person asks for a new one."""
    if not user.password_must_change:
        return False
    latest = PasswordChange.objects.filter(user=user).order_by("-created_at").values_list("created_at", flat=True)
    given_at = latest.first()
    if given_at is None:
        return False
    return timezone.now() - given_at > timezone.timedelta(hours=settings.ONE_TIME_PASSWORD_HOURS)
