"""The client's address, as the lockout, the rate limits and the security log all see it."""

from django.conf import settings


def client_address(request) -> str:
    """Returns the address the request came from.

    Behind ``TRUSTED_PROXY_COUNT`` proxies (nginx: 1) it is the entry of ``X-Forwarded-For`` that the first
    trusted proxy added; with none it is ``REMOTE_ADDR``. Entries a client wrote itself are never used.
    """
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-min(proxies, len(forwarded))]
    return remote
