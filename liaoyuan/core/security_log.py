"""Security events: one logger, ``liaoyuan.security``, one line per event, never a credential.

Each line names the event, the user (username or ``-``), the client address and the path (without its
query string, which may carry a token).
"""

import logging

from liaoyuan.core.net import client_address

logger = logging.getLogger("liaoyuan.security")

LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOCKED_OUT = "locked_out"
FORBIDDEN = "forbidden"
OUT_OF_SCOPE = "out_of_scope"
THROTTLED = "throttled"
TOKEN_REFUSED = "token_refused"  # noqa: S105 - an event's name, not a secret
TWO_FACTOR_FAILED = "two_factor_failed"
PASSWORD_CHANGED = "password_changed"  # noqa: S105 - an event's name, not a secret
PASSWORD_RESET_BY_STAFF = "password_reset_by_staff"  # noqa: S105 - an event's name, not a secret
_ROUTINE = frozenset({LOGIN, PASSWORD_CHANGED})  # logged at INFO; refusals and failures at WARNING


def security_event(event: str, request, *, username: str | None = None, **details) -> None:
    """Logs ``event`` for ``request`` with the user, the address and the path; ``username`` names the
    account tried when nobody is signed in (a failed login). ``details`` are extra ``key=value`` pairs."""
    if username is None:
        user = getattr(request, "user", None)
        username = user.get_username() if user is not None and user.is_authenticated else "-"
    path = getattr(request, "path", "") or ""
    extra = "".join(f" {key}={value}" for key, value in sorted(details.items()))
    level = logging.INFO if event in _ROUTINE else logging.WARNING
    if request is not None:  # Django's own line for the same refusal is left out (core.logs); DRF wraps requests
        getattr(request, "_request", request).security_logged = True
    logger.log(
        level,
        "%s user=%s address=%s path=%s%s",
        event,
        username or "-",
        client_address(request) or "-",
        path,
        extra,
        extra={"security_event": event},
    )
