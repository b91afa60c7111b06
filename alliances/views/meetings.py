"""Pages of joint meetings: list, detail, create/edit, confirm/cancel, attendance, minutes and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from alliances.filters import MeetingFilter
from alliances.forms import AttendanceFormSet, HostChoiceField, MeetingForm, MinutesForm
from alliances.models import Alliance, JointMeeting
from alliances.selectors import alliances as alliance_selectors
from alliances.selectors import meetings as selectors
from alliances.services import meetings as services
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of


@login_required
def meeting_list(request):
    filterset = MeetingFilter(
        request.GET or None, queryset=selectors.meeting_list(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()  # shows a period that ends before it starts as a field error
    page = page_of(request, filterset.qs, 50)
    return render(request, "alliances/meeting_list.html", {"filter": filterset, "page": page})


@login_required
def meeting_detail(request, pk: int):
    meeting = scopes.visible_or_404(request.user, JointMeeting.objects.all(), pk=pk)
    page = selectors.meeting_page(user=request.user, meeting=meeting)
    return render(request, "alliances/meeting_detail.html", {"page": page, "meeting": page.meeting})


@login_required
def meeting_create(request, pk: int):
    alliance = scopes.visible_or_404(request.user, Alliance.objects.select_related("node"), pk=pk)
    if not services.can_create_meeting(request.user, alliance):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        initial={"title": _("Joint meeting"), "place": alliance.node.address},
        **_host_choices(request.user, alliance),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=request.user, alliance=alliance, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if meeting.status == JointMeeting.Status.HELD:
                messages.success(request, _("The meeting was recorded as held; add its attendance and minutes."))
            elif meeting.status == JointMeeting.Status.DRAFT:
                messages.success(request, _("The draft meeting was put on the calendar; confirm it to schedule it."))
            else:
                messages.success(request, _("The meeting was put on the calendar."))
            return redirect(meeting)
    return render(request, "alliances/meeting_form.html", {"form": form, "alliance": alliance})


def _host_choices(user, alliance: Alliance) -> dict:
    """Returns the host choices of the meeting form: for the alliance's managers every current member (and the
    chair of the term, the party organisation); for a member unit's admin its own units only, which is all
    the service accepts from them."""
    members = alliance_selectors.current_members(alliance)
    if scopes.can_change(user, alliance):
        return {"units": members}
    return {"units": members.filter(pk__in=scopes.scope_of(user).unit_ids), "units_only": True}


def _editable_meeting(request, pk: int) -> JointMeeting:
    return scopes.editable_or_404(request.user, JointMeeting.objects.select_related("alliance__node"), pk=pk)


@login_required
def meeting_edit(request, pk: int):
    meeting = _editable_meeting(request, pk)
    values = services.meeting_values(meeting)
    initial = {
        **values,
        "starts_at": timezone.localtime(values["starts_at"]),
        "ends_at": timezone.localtime(values["ends_at"]) if values["ends_at"] else None,
        "host_unit": HostChoiceField.initial_for(meeting),
        "agenda": "\n".join(values["agenda"]),
    }
    form = MeetingForm(
        request.POST or None, initial=initial, editing=True, **_host_choices(request.user, meeting.alliance)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(meeting)
    return render(
        request, "alliances/meeting_form.html", {"form": form, "alliance": meeting.alliance, "meeting": meeting}
    )


def _status_change(request, pk: int, service, done: str):
    meeting = _editable_meeting(request, pk)
    try:
        service(user=request.user, meeting=meeting)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(meeting)


@login_required
@require_POST
def meeting_confirm(request, pk: int):
    return _status_change(request, pk, services.meeting_confirm, _("The meeting is confirmed and scheduled."))


@login_required
@require_POST
def meeting_cancel(request, pk: int):
    return _status_change(request, pk, services.meeting_cancel, _("The meeting was cancelled."))


@login_required
def meeting_attendance(request, pk: int):
    meeting = _editable_meeting(request, pk)
    # the units that were members on the meeting's day: those the service accepts
    units = list(alliance_selectors.current_members(meeting.alliance, on=timezone.localtime(meeting.starts_at).date()))
    initial = None if request.method == "POST" else selectors.attendance_initial(meeting)
    formset = AttendanceFormSet(request.POST or None, units=units, initial=initial)
    service_errors = []
    if request.method == "POST" and formset.is_valid():
        rows = [services.AttendanceRow(**row) for row in formset.rows()]
        try:
            services.meeting_attendance_record(user=request.user, meeting=meeting, rows=rows)
        except ValidationError as exc:
            service_errors = exc.messages
        else:
            messages.success(request, _("Attendance was recorded."))
            return redirect(meeting)
    return render(
        request,
        "alliances/meeting_attendance.html",
        {"formset": formset, "meeting": meeting, "service_errors": service_errors},
    )


@login_required
def meeting_minutes(request, pk: int):
    meeting = _editable_meeting(request, pk)
    initial = {
        "minutes": meeting.minutes,
        "decisions": "\n".join(meeting.decisions.values_list("text", flat=True)),
    }
    form = MinutesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_minutes_record(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The minutes were recorded."))
            return redirect(meeting)
    return render(request, "alliances/meeting_minutes.html", {"form": form, "meeting": meeting})
