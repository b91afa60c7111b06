"""One middleware for the account policy of signed-in sessions (``accounts.sessions``)."""

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import selectors, sessions

# pages a session may reach while it owes a second factor or a new password
_OPEN_URL_NAMES = [
    "logout",
    "set_language",
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:two_factor_qr",
    "accounts:password_change",
]
_OPEN_PREFIXES = ("/static/", "/media/", "/healthz", "/calendar/", "/i18n/")


class AccountPolicyMiddleware:
    """For a signed-in session: ends it when idle too long (shorter for office accounts) or older than
    ``SESSION_MAX_HOURS``; until the second factor is given (or set up, when it is required) and, after a
    one-time password, until a new password is chosen, every page leads there and the API answers 403.
    The admin always needs a verified second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        policy = sessions.policy_of(request)
        now = int(time.time())
        if sessions.has_expired(request, policy, now):
            logout(request)
            return self._expired(request)
        sessions.touch(request, now)
        blocked = self._blocked(request, user, policy)
        return blocked or self.get_response(request)

    def _expired(self, request):
        message = _("Your session ended after a period without activity; please sign in again.")
        if request.path.startswith("/api/"):
            body = {"error": {"status": 401, "code": "session_expired", "message": message}}
            return JsonResponse(body, status=401)
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())

    def _blocked(self, request, user, policy):
        path = request.path
        if path.startswith(_OPEN_PREFIXES) or path in {reverse(name) for name in _OPEN_URL_NAMES}:
            return None
        verified = user.is_verified()
        if policy["two_factor"] == sessions.TWO_FACTOR_ENROLLED and not verified:
            target, code = "accounts:two_factor_verify", "two_factor_required"
            message = _("Enter the code from your authenticator app to continue.")
        elif policy["two_factor"] == sessions.TWO_FACTOR_REQUIRED:
            target, code = "accounts:two_factor_setup", "two_factor_setup_required"
            message = _("Your account needs two-factor sign-in: set it up to continue.")
        elif path.startswith(reverse("admin:index")) and not verified:
            enrolled = selectors.has_two_factor(user=user)
            target = "accounts:two_factor_verify" if enrolled else "accounts:two_factor_setup"
            code = "two_factor_required"
            message = _("The administration needs two-factor sign-in.")
        elif user.password_must_change:
            target, code = "accounts:password_change", "password_change_required"
            message = _("You signed in with a one-time password: choose your own password to continue.")
        else:
            return None
        if path.startswith("/api/"):
            return JsonResponse({"error": {"status": 403, "code": code, "message": message}}, status=403)
        if request.method == "GET":
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return redirect(target)
