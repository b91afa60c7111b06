"""Calendar feeds reached by a secret link (no session), and the buttons that make and revoke links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import scopes
from alliances.models import Alliance
from alliances.services import calendar as services


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # reached by a secret: never kept by a proxy
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def feed(request, token: str):
    """The feed of the link ``token``: everything its user may see, or one alliance as that user sees it.
    404 for an unknown or revoked link, or an alliance no longer in the user's scope. The session is
    ignored: the secret alone authenticates."""
    link = services.feed_lookup(token)
    if link is None:
        raise Http404
    alliance = None
    if link.alliance_id is not None:
        alliance = scopes.visible_or_404(link.user, Alliance.objects.all(), pk=link.alliance_id)
    body = services.calendar_feed(user=link.user, alliance=alliance, base_url=request.build_absolute_uri("/"))
    return _ics_response(body, f"alliance-{alliance.pk}.ics" if alliance else "liaoyuan.ics")


@login_required
@require_POST
def link_create(request):
    """Makes a calendar link (``alliance``: for one alliance) and shows it, once: only its digest is kept."""
    alliance = None
    if request.POST.get("alliance"):
        try:
            alliance_pk = int(request.POST["alliance"])
        except ValueError:
            raise Http404 from None
        alliance = scopes.visible_or_404(request.user, Alliance.objects.all(), pk=alliance_pk)
    secret = services.calendar_feed_create(user=request.user, alliance=alliance)
    path = reverse("calendar_feed", args=[secret])
    return render(
        request,
        "alliances/calendar_link_created.html",
        {
            "alliance": alliance,
            "feed_url": request.build_absolute_uri(path),
            "webcal_url": f"webcal://{request.get_host()}{path}",
            "back": _safe_next(request),
        },
    )


@login_required
@require_POST
def link_revoke(request, pk: int):
    """Deletes one of the user's calendar links; its URL stops working."""
    services.calendar_feed_revoke(user=request.user, feed_id=pk)
    messages.success(request, _("The calendar link was deleted; it no longer works."))
    return redirect(_safe_next(request))


def _safe_next(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("accounts:profile") + "#calendar"
