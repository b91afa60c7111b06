"""Service at the post: the volunteer's check-in and check-out with the organiser's 6-digit code (a form on the
phone, prefilled from the QR code), the organiser's page showing the code big with its QR code, hours entered
afterwards (declared) and their approval."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from volunteers import selectors, services
from volunteers.filters import RecordFilter
from volunteers.forms import CheckInForm, DeclareForm
from volunteers.models import RecordKind, RecordStatus, ServiceRecord, Shift
from volunteers.views import decide, service_errors


@login_required
def check_in(request):
    """The volunteer at the post types the code (or opens the QR code's link): checked in, or out when already
    in. The shift is the one of the volunteer's claims whose code this is."""
    person = selectors.my_person(request.user)
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")[:6]})
    record = None
    if request.method == "POST" and person is not None and form.is_valid():
        try:
            record = services.check_in_or_out(user=request.user, person=person, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if record.checked_out_at:
                messages.success(
                    request,
                    _("Checked out: %(hours)s hours recorded at %(post)s.")
                    % {"hours": record.hours, "post": record.shift.post.title},
                )
            else:
                messages.success(
                    request,
                    _("Checked in at %(post)s, %(time)s.")
                    % {
                        "post": record.shift.post.title,
                        "time": timezone.localtime(record.checked_in_at).strftime("%H:%M"),
                    },
                )
            return redirect("volunteers:check_in")
    today = []
    if person is not None:
        today = list(selectors.todays_records(person_id=person.pk))
    status = 400 if form.errors else 200
    return render(request, "volunteers/check_in.html", {"form": form, "person": person, "today": today}, status=status)


def _managed_shift_or_404(user, pk: int) -> Shift:
    return scopes.editable_or_404(user, Shift.objects.select_related("post", "post__node"), pk=pk)


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG markup (drawn on the server, no script, no image request)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


@login_required
def shift_code(request, pk: int):
    """The organiser's page: the shift's code big, and a QR code of the check-in page with the code filled in.
    POST gives the shift a fresh code."""
    shift = _managed_shift_or_404(request.user, pk)
    if request.method == "POST":
        try:
            services.code_issue(user=request.user, shift=shift)
        except ValidationError as exc:
            messages.error(request, service_errors(exc))
        return redirect("volunteers:shift_code", pk=shift.pk)
    valid = bool(shift.code) and shift.code_expires_at and shift.code_expires_at > timezone.now()
    qr = None
    if valid:
        link = request.build_absolute_uri(reverse("volunteers:check_in") + f"?code={shift.code}")
        qr = mark_safe(qr_svg(link))  # noqa: S308 - markup drawn here from a URL of our own
    return render(
        request,
        "volunteers/shift_code.html",
        {"shift": shift, "post": shift.post, "valid": valid, "qr": qr, "claims": selectors.shift_claims(shift)},
    )


@login_required
def shift_hours(request, pk: int):
    """The organiser enters hours afterwards for the shift's volunteers (declared hours, approved later)."""
    shift = _managed_shift_or_404(request.user, pk)
    claims = selectors.shift_claims(shift)
    form = DeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        held = claims.filter(person_id=form.cleaned_data["person"]).first()
        if held is None:
            form.add_error(None, _("Only a volunteer holding a place on this shift."))
        else:
            try:
                services.declare_hours(
                    user=request.user,
                    person=held.person,
                    shift=shift,
                    hours=form.cleaned_data["hours"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Hours entered: they count once approved."))
                return redirect("volunteers:shift_hours", pk=shift.pk)
    page = page_of(request, claims)
    status = 400 if form.errors else 200
    return render(
        request,
        "volunteers/shift_hours.html",
        {"shift": shift, "post": shift.post, "page": page, "form": form},
        status=status,
    )


@login_required
def record_list(request):
    """Service records the user sees; declared hours waiting first, with approve and decline."""
    data = request.GET.copy()
    if not data:
        data.update({"kind": RecordKind.DECLARED, "status": RecordStatus.PENDING})
    filterset = RecordFilter(
        data, queryset=selectors.record_list(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()
    page = page_of(request, filterset.qs.order_by("-served_on", "-pk"))
    decidable = selectors.decidable_record_ids(request.user, page)
    rows = [(r, r.pk in decidable) for r in page]
    return render(request, "volunteers/record_list.html", {"filter": filterset, "page": page, "rows": rows})


@login_required
@require_POST
def record_decide(request, pk: int):
    return decide(
        request,
        ServiceRecord.objects.select_related("community"),
        pk,
        decide_with=lambda record, **decision: services.declared_decide(record=record, **decision),
        done=(_("The hours are approved."), _("The hours are declined.")),
        back="volunteers:records",
    )
