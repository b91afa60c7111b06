"""What a signed-in session must satisfy: idle and absolute time-outs, the second factor, a new password.

The facts that need queries (office account? authenticator set up?) are read once at sign-in and kept in
the session, so that each request checks them without touching the database.
"""

import time

from django.conf import settings

from accounts import selectors

POLICY_KEY = "account_policy"
SEEN_KEY = "account_seen"
TOUCH_SECONDS = 60  # the last-seen time is written at most once a minute

TWO_FACTOR_OFF = "off"  # no authenticator, none required
TWO_FACTOR_REQUIRED = "required"  # none set up yet, but the account needs one
TWO_FACTOR_ENROLLED = "enrolled"  # set up: each sign-in asks for a code


def policy_start(request, user) -> dict:
    """Records in the session, at sign-in, what the account's policy depends on, and returns it."""
    office = selectors.is_office(user=user)
    if selectors.has_two_factor(user=user):
        two_factor = TWO_FACTOR_ENROLLED
    elif selectors.two_factor_required(user=user, office=office):
        two_factor = TWO_FACTOR_REQUIRED
    else:
        two_factor = TWO_FACTOR_OFF
    now = int(time.time())
    policy = {"office": office, "two_factor": two_factor, "since": now}
    request.session[POLICY_KEY] = policy
    request.session[SEEN_KEY] = now
    return policy


def policy_of(request) -> dict:
    """Returns the session's policy (recorded now for a session that began before it existed)."""
    return request.session.get(POLICY_KEY) or policy_start(request, request.user)


def two_factor_changed(request) -> None:
    """Updates the session's policy after the user set up or removed their second factor."""
    policy_start(request, request.user)


def idle_limit_seconds(policy: dict) -> int:
    minutes = settings.SESSION_IDLE_MINUTES_OFFICE if policy.get("office") else settings.SESSION_IDLE_MINUTES
    return minutes * 60


def has_expired(request, policy: dict, now: int) -> bool:
    """Whether the session has been idle too long, or has lasted longer than ``SESSION_MAX_HOURS``."""
    seen = request.session.get(SEEN_KEY, now)
    return now - seen > idle_limit_seconds(policy) or now - policy.get("since", now) > settings.SESSION_MAX_HOURS * 3600


def touch(request, now: int) -> None:
    """Records activity (at most once a minute, to spare the session store a write on every request)."""
    if now - request.session.get(SEEN_KEY, 0) >= TOUCH_SECONDS:
        request.session[SEEN_KEY] = now
