"""The public pages, phone first, no account needed: choose the community, order from its menu or write a
micro-wish, follow it by tracking code and the phone's last four digits, rate or reopen it.

Abuse: submissions are limited per address and per phone, a honeypot field catches robots, photos are checked
by their content; tracking look-ups are limited per address and per code, and a wrong code and a wrong last
four digits get the same answer, so the page is no oracle for which codes exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grids.models import Node
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.net import client_address
from wishes import limits, selectors
from wishes.forms import RateForm, ReopenForm, TrackForm, WishForm
from wishes.models import ServiceItem, Wish
from wishes.services import wishes as services

SESSION_KEY = "wishes_tracked"  # tracking codes this browser proved it knows (code + last four digits)


def _too_many(request):
    return render(request, "wishes/public/too_many.html", status=429)


def start(request):
    """Choose the community (search by name)."""
    q = request.GET.get("q", "")
    return render(
        request, "wishes/public/start.html", {"q": q, "communities": selectors.communities_search(q) if q else []}
    )


def community(request, pk: int):
    """A community's service menu and the way to write a micro-wish."""
    node = get_object_or_404(Node, pk=pk, kind=Node.Kind.COMMUNITY)
    return render(request, "wishes/public/community.html", {"community": node, "items": selectors.menu(community=node)})


def submit(request, pk: int):
    """The order form (``?item=``) or the micro-wish form of a community."""
    node = get_object_or_404(Node, pk=pk, kind=Node.Kind.COMMUNITY)
    item = None
    item_id = request.GET.get("item") or request.POST.get("item") or ""
    if item_id:
        if not str(item_id).isdigit():
            raise Http404
        item = get_object_or_404(
            ServiceItem.objects.prefetch_related("questions"), pk=item_id, community=node, is_active=True
        )
    form = WishForm(request.POST or None, request.FILES or None, buildings=selectors.buildings_of(node), item=item)
    if request.method == "POST":
        address = client_address(request)
        if limits.exceeded("submit_ip", address):
            return _too_many(request)
        if form.is_valid():
            if form.is_robot:  # answered as if stored, so that the robot learns nothing
                return render(request, "wishes/public/submitted.html", {"wish": None})
            phone = form.cleaned_data["contact_phone"].strip()
            if not limits.hit("submit_ip", address) or not limits.hit("submit_phone", phone):
                return _too_many(request)
            user = request.user if request.user.is_authenticated else None
            try:
                wish = services.wish_submit(user=user, **form.service_values())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                request.session.setdefault(SESSION_KEY, [])
                request.session[SESSION_KEY] = [*request.session[SESSION_KEY][-19:], wish.tracking_code]
                return render(request, "wishes/public/submitted.html", {"wish": wish})
    return render(request, "wishes/public/form.html", {"community": node, "item": item, "form": form})


def track(request):
    """Follow a wish: its tracking code and the last four digits of the phone given with it."""
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request)
        code = form.cleaned_data["code"]
        if not limits.hit("track_ip", address) or not limits.hit("track_code", code):
            return _too_many(request)
        wish = Wish.objects.filter(tracking_code=code).first()
        if services.tracking_match(wish, form.cleaned_data["last_four"]):
            tracked = request.session.get(SESSION_KEY, [])
            request.session[SESSION_KEY] = [*tracked[-19:], code]
            return redirect("wishes:tracked", code=code)
        form.add_error(None, _("No wish matches this code and these digits."))
    return render(request, "wishes/public/track.html", {"form": form})


def _tracked_wish(request, code: str) -> Wish:
    if code not in request.session.get(SESSION_KEY, []):
        raise Http404
    return get_object_or_404(
        Wish.objects.select_related("community", "item", "provider_unit", "provider_person"), tracking_code=code
    )


def _render_tracked(request, wish: Wish, rate_form=None, reopen_form=None, status=200):
    return render(
        request,
        "wishes/public/tracked.html",
        {
            "wish": wish,
            "events": selectors.public_events(wish),
            "rate_form": rate_form or (RateForm() if wish.status == Wish.Status.DONE else None),
            "reopen_form": reopen_form or (ReopenForm() if services.may_reopen(wish) else None),
        },
        status=status,
    )


def tracked(request, code: str):
    """The tracking page of one wish (after the code and digits were given in this browser)."""
    return _render_tracked(request, _tracked_wish(request, code))


@require_POST
def rate(request, code: str):
    wish = _tracked_wish(request, code)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.wish_rate(wish=wish, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("wishes:tracked", code=code)
    return _render_tracked(request, wish, rate_form=form, status=400)


@require_POST
def reopen(request, code: str):
    wish = _tracked_wish(request, code)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.wish_reopen(wish=wish, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The wish is open again; the community will take it up."))
            return redirect("wishes:tracked", code=code)
    return _render_tracked(request, wish, reopen_form=form, status=400)


@login_required
def mine(request):
    """A signed-in resident's own wishes; each opens its tracking page."""
    wishes = list(selectors.resident_wishes(user=request.user)[:100])
    codes = [w.tracking_code for w in wishes[:20]]
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-19:], *codes][-40:]
    return render(request, "wishes/public/mine.html", {"wishes": wishes})
