"""Calendar feeds reached by a secret token (no session), and the button that issues a new token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import scopes
from accounts.services import calendar_token_rotate
from alliances.models import Alliance
from alliances.services import calendar as services


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


def _owner_or_404(token: str):
    owner = services.feed_owner(token)
    if owner is None:
        raise Http404
    return owner


@require_GET
def user_feed(request, token: str):
    """The feed of everything the token's user may see; 404 for an unknown or revoked token."""
    owner = _owner_or_404(token)
    body = services.calendar_feed(user=owner, base_url=request.build_absolute_uri("/"))
    return _ics_response(body, "liaoyuan.ics")


@require_GET
def alliance_feed(request, pk: int):
    """One alliance's feed, as the user of ``?token=`` sees it; 404 for a bad token or an alliance outside
    that user's scope. The session is ignored: the token alone authenticates."""
    owner = _owner_or_404(request.GET.get("token", ""))
    alliance = scopes.visible_or_404(owner, Alliance.objects.all(), pk=pk)
    body = services.calendar_feed(user=owner, alliance=alliance, base_url=request.build_absolute_uri("/"))
    return _ics_response(body, f"alliance-{alliance.pk}.ics")


@login_required
@require_POST
def token_rotate(request):
    """Issues a new calendar link; every old feed URL of the user stops working."""
    calendar_token_rotate(user=request.user)
    messages.success(request, _("A new calendar link was issued; the old links no longer work."))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("accounts:profile")
