"""The staff's pages: the queue, one wish with the actions its status allows (accept, merge, decline,
dispatch; claim; progress, complete), the whole contact (logged), entering a wish on a resident's behalf, the
wishes open to claims, and the service menu."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from grids.models import NODE_MANAGER_ROLES, Node
from liaoyuan.core.files import protected_file_response
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from liaoyuan.core.scoping import OutOfScope
from units.models import MemberUnit
from wishes import selectors
from wishes.filters import WishFilter
from wishes.forms import (
    ClaimForm,
    CompleteForm,
    DeclineForm,
    DispatchForm,
    ItemCreateForm,
    ItemForm,
    MergeForm,
    NoteForm,
    ProgressForm,
    QuestionForm,
    ReplyTemplateForm,
    WishForm,
    _ReplyForm,
)
from wishes.models import ReplyTemplate, ServiceItem, Wish, WishEvent
from wishes.services import menu as menu_services
from wishes.services import wishes as services

WISHES = Wish.objects.select_related("community", "building", "item", "provider_unit", "provider_person")


@login_required
def wish_list(request):
    filterset = WishFilter(request.GET or None, queryset=selectors.wish_list(user=request.user), request=request)
    filterset.is_valid()
    page = page_of(request, filterset.qs, 50)
    return render(request, "wishes/staff/list.html", {"filter": filterset, "page": page})


def _forms(request, page, bound: dict | None = None) -> dict:
    wish = page.wish
    units = scopes.visible(request.user, MemberUnit.objects.filter(location_id=wish.community_id)).order_by("name")
    replies = _replies(wish)
    forms = {
        "accept": NoteForm(prefix="accept", replies=replies),
        "decline": DeclineForm(prefix="decline", replies=replies),
        "merge": MergeForm(prefix="merge", choices=page.duplicates_choices),
        "dispatch": DispatchForm(
            prefix="dispatch",
            units=units,
            posts=selectors.dispatch_posts(user=request.user),
            teams=selectors.dispatch_teams(user=request.user),
        ),
        "claim": ClaimForm(prefix="claim"),
        "progress": ProgressForm(prefix="progress", replies=replies),
        "complete": CompleteForm(prefix="complete", replies=replies),
    }
    forms.update(bound or {})
    return forms


def _replies(wish: Wish):
    return ReplyTemplate.objects.filter(community_id=wish.community_id).order_by("title")


def _render_detail(request, wish: Wish, bound: dict | None = None, status: int = 200):
    page = selectors.wish_page(user=request.user, wish=wish)
    return render(
        request,
        "wishes/staff/detail.html",
        {"page": page, "wish": wish, "forms": _forms(request, page, bound)},
        status=status,
    )


@login_required
def wish_detail(request, pk: int):
    wish = scopes.visible_or_404(request.user, WISHES, pk=pk)
    return _render_detail(request, wish)


@login_required
def wish_contact(request, pk: int):
    """The resident's contact whole, for the community's staff and the provider of an open wish (logged)."""
    wish = scopes.visible_or_404(request.user, WISHES, pk=pk)
    contact = services.wish_contact(user=request.user, wish=wish, channel="web")
    return render(request, "wishes/staff/contact.html", {"wish": wish, "contact": contact})


@login_required
def event_photo(request, pk: int, event_pk: int):
    """The photo a provider took of the result."""
    wish = scopes.visible_or_404(request.user, WISHES, pk=pk)
    event = get_object_or_404(WishEvent, pk=event_pk, wish=wish)
    return protected_file_response(event.photo, download_name=f"wish-{wish.tracking_code}-done", as_attachment=False)


@login_required
def wish_photo(request, pk: int):
    wish = scopes.visible_or_404(request.user, WISHES, pk=pk)
    return protected_file_response(wish.photo, download_name=f"wish-{wish.tracking_code}", as_attachment=False)


def _act(request, pk: int, name: str, form_class, call, allowed, done_message: str, **form_kwargs):
    """One action on a wish: scope lookup → permission → form → one service call → message → redirect."""
    wish = scopes.visible_or_404(request.user, WISHES, pk=pk)
    if not allowed(request.user, wish):
        raise PermissionDenied
    if issubclass(form_class, _ReplyForm):
        form_kwargs = {"replies": _replies, **form_kwargs}
    form = form_class(request.POST, request.FILES, prefix=name, **{k: v(wish) for k, v in form_kwargs.items()})
    if form.is_valid():
        try:
            call(wish, form.service_values() if isinstance(form, _ReplyForm) else form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done_message)
            return redirect(wish)
    return _render_detail(request, wish, {name: form}, status=400)


@login_required
@require_POST
def wish_accept(request, pk: int):
    return _act(
        request,
        pk,
        "accept",
        NoteForm,
        lambda wish, data: services.wish_accept(user=request.user, wish=wish, **data),
        services.can_manage,
        _("The wish is accepted and on the needs list."),
    )


@login_required
@require_POST
def wish_decline(request, pk: int):
    return _act(
        request,
        pk,
        "decline",
        DeclineForm,
        lambda wish, data: services.wish_decline(user=request.user, wish=wish, **data),
        services.can_manage,
        _("The wish is declined; the resident is told why."),
    )


@login_required
@require_POST
def wish_merge(request, pk: int):
    return _act(
        request,
        pk,
        "merge",
        MergeForm,
        lambda wish, data: services.wish_merge(user=request.user, wish=wish, **data),
        services.can_manage,
        _("The wish is merged into the other."),
        choices=lambda wish: selectors.wish_page(user=request.user, wish=wish).duplicates_choices,
    )


@login_required
@require_POST
def wish_dispatch(request, pk: int):
    return _act(
        request,
        pk,
        "dispatch",
        DispatchForm,
        lambda wish, data: services.wish_dispatch(user=request.user, wish=wish, **data),
        services.can_manage,
        _("The wish is dispatched."),
        units=lambda wish: scopes.visible(request.user, MemberUnit.objects.filter(location_id=wish.community_id)),
        posts=lambda wish: selectors.dispatch_posts(user=request.user),
        teams=lambda wish: selectors.dispatch_teams(user=request.user),
    )


def claim_sees(user, wish: Wish) -> bool:
    """Who may look at a wish to claim it: whoever sees it, and the units and party members who may claim it."""
    return scopes.can_view(user, wish) or services.claimant(user, wish) is not None


@login_required
def wish_claim(request, pk: int):
    """A member unit or a party member claims an accepted wish (the page shows it without the contact)."""
    wish = WISHES.filter(pk=pk).first()
    if wish is None or not claim_sees(request.user, wish):
        raise OutOfScope if wish is not None else Http404
    if services.claimant(request.user, wish) is None:
        raise PermissionDenied
    form = ClaimForm(request.POST or None, prefix="claim")
    if request.method == "POST" and form.is_valid():
        try:
            wish = services.wish_claim(user=request.user, wish=wish, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("You claimed the wish. Thank you!"))
            return redirect(wish if scopes.can_view(request.user, wish) else "wishes:claimable")
    return render(request, "wishes/staff/claim.html", {"wish": wish, "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def wish_progress(request, pk: int):
    return _act(
        request,
        pk,
        "progress",
        ProgressForm,
        lambda wish, data: services.wish_progress(user=request.user, wish=wish, **data),
        services.can_progress,
        _("Progress recorded."),
    )


@login_required
@require_POST
def wish_complete(request, pk: int):
    return _act(
        request,
        pk,
        "complete",
        CompleteForm,
        lambda wish, data: services.wish_complete(user=request.user, wish=wish, **data),
        services.can_progress,
        _("The wish is done; the resident is asked to rate it."),
    )


def may_enter(user, obj=None) -> bool:
    scope = scopes.scope_of(user)
    return scope.is_superuser or bool(scope.write_paths(services.ENTRY_ROLES))


@login_required
def wish_create(request):
    """Staff and chiefs enter a wish that came by the mailbox, a home visit, a WeChat group or the telephone."""
    if not may_enter(request.user):
        raise PermissionDenied
    form = WishForm(
        request.POST or None,
        request.FILES or None,
        buildings=selectors.entry_buildings(user=request.user),
        on_behalf=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            wish = services.wish_submit(user=request.user, **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The wish is recorded; tracking code %(code)s.") % {"code": wish.tracking_code})
            return redirect(wish)
    return render(request, "wishes/staff/form.html", {"form": form})


@login_required
def claimable(request):
    """The accepted wishes a member unit or a party member may claim."""
    page = page_of(request, selectors.claimable(user=request.user), 50)
    return render(request, "wishes/staff/claimable.html", {"page": page})


# ---- the service menu ------------------------------------------------------------------------------------


@login_required
def menu_list(request):
    page = page_of(request, selectors.menu_items(user=request.user), 50)
    return render(request, "wishes/staff/menu.html", {"page": page})


def _communities(user):
    return scopes.editable(user, Node.objects.filter(kind=Node.Kind.COMMUNITY)).order_by("path")


def may_create_item(user, obj=None) -> bool:
    scope = scopes.scope_of(user)
    return scope.is_superuser or bool(scope.write_paths(NODE_MANAGER_ROLES))


@login_required
def item_create(request):
    if not may_create_item(request.user):
        raise PermissionDenied
    form = ItemCreateForm(request.POST or None, communities=_communities(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            item = menu_services.item_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The service is on the menu."))
            return redirect(item)
    return render(request, "wishes/staff/item_form.html", {"form": form})


@login_required
def item_detail(request, pk: int):
    item = scopes.visible_or_404(request.user, ServiceItem.objects.select_related("community"), pk=pk)
    return render(
        request,
        "wishes/staff/item.html",
        {
            "item": item,
            "questions": item.questions.order_by("order", "pk"),
            "can_change": scopes.can_change(request.user, item),
            "form": QuestionForm(),
        },
    )


@login_required
def item_edit(request, pk: int):
    item = scopes.editable_or_404(request.user, ServiceItem.objects.select_related("community"), pk=pk)
    initial = {
        "title": item.title,
        "description": item.description,
        "provider": item.provider,
        "is_active": item.is_active,
    }
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            menu_services.item_update(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(item)
    return render(request, "wishes/staff/item_form.html", {"form": form, "item": item})


@login_required
@require_POST
def question_add(request, pk: int):
    item = scopes.editable_or_404(request.user, ServiceItem.objects.select_related("community"), pk=pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            menu_services.question_add(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Question added."))
            return redirect(item)
    return render(
        request,
        "wishes/staff/item.html",
        {"item": item, "questions": item.questions.order_by("order", "pk"), "can_change": True, "form": form},
        status=400,
    )


@login_required
def replies(request):
    """The reply templates of the communities in the user's scope; the community's staff add more."""
    templates = scopes.visible(request.user, ReplyTemplate.objects.select_related("community")).order_by(
        "community__path", "title"
    )
    page = page_of(request, templates, 50)
    form = ReplyTemplateForm(request.POST or None, communities=_communities(request.user))
    if request.method == "POST":
        if not may_create_item(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                menu_services.reply_template_add(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Template added."))
                return redirect("wishes:replies")
    status = 400 if form.errors else 200
    return render(
        request,
        "wishes/staff/replies.html",
        {"page": page, "form": form, "can_add": may_create_item(request.user)},
        status=status,
    )
