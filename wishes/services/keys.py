"""Open311 API keys: issued to a channel (a WeChat mini-program, a hotline's system), stored as a digest, shown
once, revocable."""

import secrets

from django.utils import timezone

from wishes.models import ApiKey


def api_key_issue(*, name: str) -> tuple[ApiKey, str]:
    """Issues a key to the channel ``name``; returns it and its secret (shown once, never stored)."""
    secret = secrets.token_urlsafe(30)
    key = ApiKey.objects.create(name=name.strip()[:100], digest=ApiKey.digest_of(secret), prefix=secret[:8])
    return key, secret


def api_key_revoke(*, key: ApiKey) -> ApiKey:
    """Revokes a key: requests with it are refused from now on. Returns it."""
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at", "updated_at"])
    return key


def api_key_check(secret: str) -> ApiKey | None:
    """Returns the valid (not revoked) key whose secret this is, or None."""
    if not secret or len(secret) > 200:
        return None
    return ApiKey.objects.filter(digest=ApiKey.digest_of(secret), revoked_at__isnull=True).first()
