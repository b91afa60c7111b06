"""Posts: the directory of posts, a post with its shifts and free places, publishing a post with one-off or
recurring shifts, closing it; claiming a place on a shift and withdrawing before it starts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from volunteers import selectors, services
from volunteers.filters import ClaimFilter, PostFilter
from volunteers.forms import ClaimForm, PostForm, ShiftForm
from volunteers.models import Claim, Post, Shift
from volunteers.views import service_errors


def _post_or_404(user, pk: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("node", "team"), pk=pk)
    if not selectors.may_see_post(user, post):
        raise Http404
    return post


def _managed_post_or_404(user, pk: int) -> Post:
    post = _post_or_404(user, pk)
    if not services.may_manage_post(user, post):
        raise PermissionDenied
    return post


@login_required
def post_list(request):
    filterset = PostFilter(request.GET or None, queryset=selectors.post_list(user=request.user), request=request)
    filterset.is_valid()
    page = page_of(request, filterset.qs)
    return render(
        request,
        "volunteers/post_list.html",
        {"filter": filterset, "page": page, "can_create": selectors.post_nodes(user=request.user).exists()},
    )


@login_required
def post_detail(request, pk: int):
    post = _post_or_404(request.user, pk)
    shifts = list(selectors.post_shifts(post))
    mine = selectors.claimed_shift_ids(request.user.person_id, shifts)
    can_manage = services.may_manage_post(request.user, post)
    return render(
        request,
        "volunteers/post_detail.html",
        {
            "post": post,
            "shifts": shifts,
            "mine": mine,
            "can_manage": can_manage,
            "shift_form": ShiftForm() if can_manage and post.is_open else None,
            "now": timezone.now(),
        },
    )


@login_required
def post_create(request):
    if not selectors.post_nodes(user=request.user).exists():
        raise PermissionDenied
    form = PostForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            post = _create_with_shifts(request.user, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The post is published."))
            return redirect("volunteers:post", pk=post.pk)
    status = 400 if form.errors else 200
    return render(request, "volunteers/post_form.html", {"form": form}, status=status)


def _create_with_shifts(user, form: PostForm) -> Post:
    """The post and its first shifts, all or nothing."""
    with transaction.atomic():
        post = services.post_create(user=user, **form.post_arguments())
        services.shifts_add(user=user, post=post, **form.shift_arguments())
    return post


@login_required
def shifts_add(request, pk: int):
    post = _managed_post_or_404(request.user, pk)
    if not post.is_open:
        raise PermissionDenied
    form = ShiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.shifts_add(user=request.user, post=post, **form.shift_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(n)d shifts added.") % {"n": len(added)})
            return redirect("volunteers:post", pk=post.pk)
    status = 400 if form.errors else 200
    return render(request, "volunteers/shift_form.html", {"form": form, "post": post}, status=status)


@login_required
@require_POST
def post_close(request, pk: int):
    post = _managed_post_or_404(request.user, pk)
    services.post_close(user=request.user, post=post)
    messages.success(request, _("The post is closed: no more claims."))
    return redirect("volunteers:post", pk=post.pk)


def _shift_or_404(user, pk: int) -> Shift:
    shift = get_object_or_404(Shift.objects.select_related("post", "post__node"), pk=pk)
    if not selectors.may_see_shift(user, shift):
        raise Http404
    return shift


@login_required
def shift_claim(request, pk: int):
    """Claims a place: for oneself in one tap, or (a unit's admin, a community's staff) for a named person."""
    shift = _shift_or_404(request.user, pk)
    own = request.user.person_id
    form = ClaimForm(request.POST or None, user=request.user, initial={"person": own})
    if request.method == "POST":
        data = request.POST.copy()
        if not data.get("person") and own:
            data["person"] = str(own)
        form = ClaimForm(data, user=request.user)
        if form.is_valid():
            person = form.cleaned_data["person"]
            try:
                services.claim(user=request.user, shift=shift, person=person)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied:
                form.add_error("person", _("You may not claim a place for %(name)s.") % {"name": person.name})
            else:
                messages.success(
                    request,
                    _("%(name)s holds a place on %(post)s, %(when)s.")
                    % {"name": person.name, "post": shift.post.title, "when": _when(shift)},
                )
                return redirect("volunteers:post", pk=shift.post_id)
    status = 400 if form.errors else 200
    return render(
        request,
        "volunteers/claim_form.html",
        {"form": form, "shift": shift, "post": shift.post, "for_others": _acts_for_others(request.user)},
        status=status,
    )


def _acts_for_others(user) -> bool:
    return selectors.acting_for(user=user).exclude(pk=user.person_id or 0)[:1].exists()


def _when(shift: Shift) -> str:
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


@login_required
@require_POST
def claim_withdraw(request, pk: int):
    claim = get_object_or_404(Claim.objects.select_related("person", "shift", "shift__post"), pk=pk)
    if not selectors.may_see_claim(request.user, claim):
        raise Http404
    if not services.may_withdraw(request.user, claim):
        raise PermissionDenied
    try:
        services.withdraw(user=request.user, claim=claim)
    except ValidationError as exc:
        messages.error(request, service_errors(exc))
    else:
        messages.success(request, _("The place is given back."))
    return redirect(request.POST.get("next") if _safe(request) else reverse("volunteers:claims"))


def _safe(request) -> bool:
    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


@login_required
def claim_list(request):
    filterset = ClaimFilter(request.GET or None, queryset=selectors.claim_list(user=request.user), request=request)
    filterset.is_valid()
    page = page_of(request, filterset.qs.order_by("-shift__starts_at", "-pk"))
    return render(request, "volunteers/claim_list.html", {"filter": filterset, "page": page, "now": timezone.now()})
