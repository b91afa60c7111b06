"""Rate limits of the public pages and Open311, counted in the shared cache (Redis in production): the same
limit holds across web processes. A refused request is answered 429 and changes nothing."""

from django.conf import settings
from django.core.cache import cache

# (requests, seconds) per key kind; settings.WISHES_RATE_LIMITS may override any of them.
DEFAULT_LIMITS = {
    "submit_ip": (10, 3600),  # wishes from one address per hour
    "submit_phone": (5, 86400),  # wishes for one phone per day
    "track_ip": (20, 600),  # tracking look-ups from one address per 10 minutes
    "track_code": (8, 3600),  # look-ups of one tracking code per hour (10,000 last-four guesses need 52 days)
    "open311_post": (60, 3600),  # Open311 posts per API key per hour
}


def limit_of(kind: str) -> tuple[int, int]:
    return getattr(settings, "WISHES_RATE_LIMITS", {}).get(kind, DEFAULT_LIMITS[kind])


def hit(kind: str, ident: str) -> bool:
    """Counts one request of ``kind`` from ``ident``; returns False when the limit is exceeded (refuse it)."""
    count, seconds = limit_of(kind)
    key = f"wishes:rate:{kind}:{ident}"
    if cache.add(key, 1, seconds):
        return True
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, seconds)
        return True
    return used <= count


def exceeded(kind: str, ident: str) -> bool:
    """Returns whether ``ident`` is already over the limit of ``kind`` (without counting a request)."""
    count, _seconds = limit_of(kind)
    used = cache.get(f"wishes:rate:{kind}:{ident}") or 0
    return used >= count
