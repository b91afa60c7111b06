"""Pages of the notification layer: the inbox, opening and marking notifications, channel choices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from notifications import messages as texts
from notifications import selectors, services
from notifications.forms import PoliciesForm, PreferencesForm

PAGE_SIZE = 30


@login_required
def notification_list(request):
    unread = request.GET.get("unread") == "1"
    qs = selectors.inbox(user=request.user, unread=True if unread else None)
    page = page_of(request, qs, PAGE_SIZE)
    rows = [(n, texts.title(n.reminder)) for n in page]
    return render(request, "notifications/list.html", {"page": page, "rows": rows, "unread_only": unread})


def _own(request, pk: int):
    return get_object_or_404(selectors.inbox(user=request.user), pk=pk)


@login_required
def notification_open(request, pk: int):
    """Marks the notification read and opens the page where its duty is done."""
    notification = services.notification_mark_read(user=request.user, notification=_own(request, pk))
    url = notification.reminder.url
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        url = "notifications:list"
    return redirect(url)


@login_required
@require_POST
def notification_read(request, pk: int):
    services.notification_mark_read(user=request.user, notification=_own(request, pk))
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("notifications:list")


@login_required
def preferences(request):
    """The user's channels per kind of duty, within what the city office requires."""
    form = PreferencesForm(request.POST or None, rows=selectors.channel_rows(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for choice in form.choices():
                    services.preference_set(user=request.user, **choice)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your notification channels were saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
def policies(request):
    """The city office: which channels each kind of duty requires, and which are on by default."""
    if not services.may_set_policy(request.user):
        raise PermissionDenied
    form = PoliciesForm(request.POST or None, policies=selectors.policies())
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for choice in form.choices():
                services.policy_set(user=request.user, **choice)
        messages.success(request, _("The channel requirements were saved."))
        return redirect("notifications:policies")
    return render(request, "notifications/policies.html", {"form": form})
