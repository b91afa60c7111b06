"""Pages of resource sharing (mounted at /sharing/, namespace sharing): the venue browser with a week of
free slots, booking, the bookings list with the owner's approval, open days."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from exports.views import export_list
from liaoyuan.core.forms import add_service_errors
from sharing import exports, filters
from sharing.forms import BookingForm, DecisionForm, OpenDayForm
from sharing.models import Booking, Venue
from sharing.selectors import venues as selectors
from sharing.services import bookings as services

PAGE_SIZE = 50
FORM_FIELD = {"starts_at": "starts", "ends_at": "ends"}  # the service's fields on the booking form


def _venue_or_404(user, pk: int) -> Venue:
    venue = get_object_or_404(Venue.objects.select_related("community", "owner_unit"), pk=pk)
    if not selectors.may_see_venue(user, venue):
        raise Http404
    return venue


@login_required
def venue_list(request):
    filterset = filters.VenueFilter(
        request.GET or None, queryset=selectors.venue_list(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sharing/venue_list.html", {"filter": filterset, "page": page})


def _render_venue(request, venue: Venue, *, form=None, status: int = 200):
    monday = selectors.week_start(request.GET.get("week"))
    can_change = scopes.can_change(request.user, venue)
    context = {
        "venue": venue,
        "days": selectors.week(venue, monday),
        "monday": monday,
        "previous_week": monday - datetime.timedelta(days=7),
        "next_week": monday + datetime.timedelta(days=7),
        "form": form or BookingForm(initial={"day": request.GET.get("day"), "starts": request.GET.get("at")}),
        "can_change": can_change,
        "open_day_form": OpenDayForm() if can_change else None,
        "open_days": venue.open_days.filter(day__gte=timezone.localdate())[:10],
    }
    return render(request, "sharing/venue_detail.html", context, status=status)


@login_required
def venue_detail(request, pk: int):
    """The venue, a week of its slots (free ones lead to the booking form) and the booking form."""
    return _render_venue(request, _venue_or_404(request.user, pk))


@login_required
def venue_book(request, pk: int):
    venue = _venue_or_404(request.user, pk)
    if not venue.is_active:
        raise PermissionDenied
    if request.method != "POST":
        return _render_venue(request, venue)
    form = BookingForm(request.POST)
    if form.is_valid():
        try:
            booking = services.booking_create(user=request.user, venue=venue, **form.service_arguments())
        except ValidationError as exc:
            renamed = {FORM_FIELD.get(k, k): v for k, v in exc.message_dict.items()}
            add_service_errors(form, ValidationError(renamed))
        else:
            if booking.status == Booking.Status.PENDING:
                messages.success(request, _("Booked: the venue's owner will approve or decline it."))
            else:
                messages.success(request, _("Booked and confirmed."))
            return redirect("sharing:bookings")
    return _render_venue(request, venue, form=form, status=400)


@login_required
@require_POST
def open_day_add(request, pk: int):
    venue = _venue_or_404(request.user, pk)
    if not scopes.can_change(request.user, venue):
        raise PermissionDenied
    form = OpenDayForm(request.POST)
    if form.is_valid():
        try:
            services.open_day_add(user=request.user, venue=venue, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The open day is published."))
            return redirect(reverse("sharing:venue", args=[venue.pk]))
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("sharing:venue", args=[venue.pk]))


@login_required
def booking_list(request):
    filterset = filters.BookingFilter(
        request.GET or None, queryset=selectors.booking_list(user=request.user), request=request
    )
    filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    decidable = set(
        scopes.editable(request.user, Venue.objects.filter(pk__in={b.venue_id for b in page})).values_list(
            "pk", flat=True
        )
    )
    rows = [(b, b.venue_id in decidable and b.status == Booking.Status.PENDING) for b in page]
    return render(
        request,
        "sharing/booking_list.html",
        {"filter": filterset, "page": page, "rows": rows, "decision_form": DecisionForm()},
    )


def _booking(request, pk: int) -> Booking:
    booking = get_object_or_404(Booking.objects.select_related("venue"), pk=pk)
    if booking.booker_id != request.user.pk and not scopes.can_view(request.user, booking):
        raise Http404
    return booking


@login_required
@require_POST
def booking_decide(request, pk: int):
    """The venue's owner approves or declines a booking awaiting approval."""
    booking = _booking(request, pk)
    if not services.may_decide(request.user, booking):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == Booking.Status.APPROVED:
                services.booking_approve(user=request.user, booking=booking)
                messages.success(request, _("The booking is approved."))
            else:
                services.booking_decline(user=request.user, booking=booking, reason=form.cleaned_data["reason"])
                messages.success(request, _("The booking is declined."))
        except ValidationError as exc:
            messages.error(request, " ".join(e for errors in exc.message_dict.values() for e in errors))
            return redirect("sharing:bookings")
        return redirect("sharing:bookings")
    messages.error(request, _("Choose to approve or decline."))
    return redirect("sharing:bookings")


@login_required
@require_POST
def booking_cancel(request, pk: int):
    booking = _booking(request, pk)
    try:
        services.booking_cancel(user=request.user, booking=booking)
    except ValidationError as exc:
        messages.error(request, " ".join(e for errors in exc.message_dict.values() for e in errors))
    else:
        messages.success(request, _("The booking is cancelled; the slot is free again."))
    return redirect("sharing:bookings")


@login_required
def venue_export(request, fmt: str):
    return export_list(request, exports.VENUES, fmt, back="sharing:venues")


@login_required
def booking_export(request, fmt: str):
    return export_list(request, exports.BOOKINGS, fmt, back="sharing:bookings")
