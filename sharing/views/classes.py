"""The 8:30 daily class: a community worker's check-in, streak and month; the check-in rate of each community
in the user's area for a month (paged); the staff's record of a check-in; and the figures of resource sharing."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from exports.views import export_list
from liaoyuan.core import recent
from liaoyuan.core.forms import add_service_errors
from sharing import exports
from sharing.forms import CheckInRecordForm
from sharing.selectors import classes as selectors
from sharing.selectors.figures import area_paths, figures
from sharing.services import classes as services

PAGE_SIZE = 50


def _render(request, *, form=None, status: int = 200):
    today = timezone.localdate()
    person = getattr(request.user, "person", None)
    duty = services.worker_duty(person, today)
    first, last = selectors.month_bounds(request.GET.get("month"))
    communities = Paginator(selectors.communities(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    record_form = form
    if record_form is None and selectors.class_workers(user=request.user).exists():
        record_form = CheckInRecordForm(user=request.user, initial={"day": today})
    context = {
        "duty": duty,
        "checked_in_today": duty is not None and person.class_check_ins.filter(day=today).exists(),
        "class_today": services.is_class_day(today),
        "opens": services.OPENS,
        "closes": services.CLOSES,
        "streak": selectors.streak(person, today=today) if duty else 0,
        "month_days": selectors.month_days(person, first, last) if duty else [],
        "first": first,
        "last": last,
        "page": communities,
        "rates": selectors.rates(communities.object_list, first, last),
        "record_form": record_form,
    }
    return render(request, "sharing/class.html", context, status=status)


@login_required
def class_page(request):
    return _render(request)


@login_required
def class_check_in(request):
    """The signed-in community worker checks in on today's class (POST; the page is the class page)."""
    if services.worker_duty(getattr(request.user, "person", None), timezone.localdate()) is None:
        raise PermissionDenied
    if request.method != "POST":
        return redirect("sharing:class")
    try:
        services.check_in(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(e for errors in exc.message_dict.values() for e in errors))
    else:
        messages.success(request, _("Checked in on today's class."))
    return redirect("sharing:class")


@login_required
def class_record(request):
    """The community's staff record a worker's check-in (a day the worker could not check in online)."""
    if not selectors.class_workers(user=request.user).exists():
        raise PermissionDenied
    if request.method != "POST":
        return _render(request)
    form = CheckInRecordForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.check_in_record(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The check-in is recorded."))
            return redirect("sharing:class")
    return _render(request, form=form, status=400)


@login_required
def check_in_export(request, fmt: str):
    return export_list(request, exports.CHECK_INS, fmt, back="sharing:class")


@login_required
def figures_page(request):
    """Resource sharing in figures, counted from the records of the user's area: counted once for everyone
    with the same area and kept ``SHARING_FIGURES_SECONDS`` (the page says when they were counted)."""
    seconds = settings.SHARING_FIGURES_SECONDS
    area = hashlib.sha256("|".join(area_paths(request.user)).encode()).hexdigest()[:32]
    counted, counted_at = recent.kept(f"sharing:figures:{area}", seconds, lambda: figures(user=request.user))
    return render(
        request,
        "sharing/figures.html",
        {"figures": counted, "counted_at": counted_at, "minutes": seconds // 60},
    )
