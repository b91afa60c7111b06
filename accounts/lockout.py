"""The answer to a locked-out sign-in (django-axes ``AXES_LOCKOUT_CALLABLE``): the sign-in page with a
translated message, or the API's error shape, both 429 with ``Retry-After``."""

import math

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_minutes() -> int:
    """Returns how long a lockout lasts, in whole minutes."""
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME * 60))


def lockout_message() -> str:
    return _(
        "Too many failed sign-ins: this account or this address is locked for %(minutes)d minutes. "
        "Try again later, reset your password, or ask an administrator to unlock the account."
    ) % {"minutes": lockout_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """Returns the 429 answer for a locked-out sign-in on the sign-in page, the admin, the second-factor
    step or ``/api/token/``. A session that was half signed in (password given, code refused) ends."""
    retry_after = str(lockout_minutes() * 60)
    if request.path.startswith("/api/"):
        body = {"error": {"status": 429, "code": "locked_out", "message": lockout_message()}}
        response = JsonResponse(body, status=429)
    else:
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            logout(request)
        username = (credentials or {}).get("username", "") or request.POST.get("username", "")
        form = AuthenticationForm(request, initial={"username": username})
        context = {"form": form, "next": "", "lockout_message": lockout_message()}
        response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = retry_after
    return response
