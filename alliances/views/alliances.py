"""Pages of the alliance structure: list, detail, create/edit, members, committees and the chair rotation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from alliances.filters import AllianceFilter
from alliances.forms import (
    AllianceForm,
    CommitteeForm,
    MembershipEditForm,
    MembershipJoinForm,
    MembershipLeaveForm,
    TermAdjustForm,
)
from alliances.models import Alliance, Committee, Membership
from alliances.selectors import alliances as selectors
from alliances.selectors.four_ones import period_containing
from alliances.services import alliances as services
from alliances.services import rotation
from liaoyuan.core.files import protected_file_response
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from organisations.selectors import part_time_members

TERMS_PAGE_UPCOMING = 8


@login_required
def alliance_list(request):
    filterset = AllianceFilter(
        request.GET, queryset=selectors.alliance_list(user=request.user), request=request, area_choices=True
    )
    page = page_of(request, filterset.qs, 50)
    selectors.attach_chairs(page.object_list)
    return render(
        request,
        "alliances/alliance_list.html",
        {"filter": filterset, "page": page, "can_create": services.can_create_alliance(request.user)},
    )


@login_required
def alliance_detail(request, pk: int):
    alliance = scopes.visible_or_404(request.user, Alliance.objects.select_related("node"), pk=pk)
    page = selectors.alliance_page(user=request.user, alliance=alliance)
    seats: dict[int, list[str]] = {}  # unit → its part-time members of the big party committee, from the records
    for seat in part_time_members(node_id=alliance.node_id):
        seats.setdefault(seat.unit_id, []).append(seat.person.name)
    return render(
        request,
        "alliances/alliance_detail.html",
        {"page": page, "alliance": page.alliance, "seats": {unit: "、".join(names) for unit, names in seats.items()}},
    )


@login_required
def rules_file(request, pk: int):
    """The alliance's rules of procedure (file), to those who may see the alliance; 404 for others."""
    alliance = scopes.visible_or_404(request.user, Alliance.objects.all(), pk=pk)
    if not alliance.rules_file:
        raise Http404
    name = _("%(alliance)s rules of procedure") % {"alliance": alliance.name}
    return protected_file_response(alliance.rules_file, download_name=name, as_attachment=True)


@login_required
def alliance_create(request):
    if not services.can_create_alliance(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = AllianceForm(
        request.POST or None,
        request.FILES or None,
        nodes=selectors.creatable_nodes(user=request.user),
        initial={"founded_on": today, "rotation_starts_on": period_containing(today, 3).starts_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            alliance = services.alliance_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The alliance %(name)s was set up.") % {"name": alliance.name})
            return redirect(alliance)
    return render(request, "alliances/alliance_form.html", {"form": form})


@login_required
def alliance_edit(request, pk: int):
    alliance = scopes.editable_or_404(request.user, Alliance.objects.select_related("node"), pk=pk)
    initial = {f: getattr(alliance, f) for f in services.ALLIANCE_EDITABLE_FIELDS}
    initial["rules_file"] = alliance.rules_file
    form = AllianceForm(request.POST or None, request.FILES or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        rules_file = data.pop("rules_file")
        if rules_file == alliance.rules_file:
            rules_file = None  # unchanged
        try:
            services.alliance_update(user=request.user, alliance=alliance, rules_file=rules_file, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(alliance)
    return render(request, "alliances/alliance_form.html", {"form": form, "alliance": alliance})


@login_required
def member_join(request, pk: int):
    alliance = scopes.editable_or_404(request.user, Alliance.objects.select_related("node"), pk=pk)
    form = MembershipJoinForm(
        request.POST or None,
        units=services.join_candidates(alliance=alliance, user=request.user),
        initial={"joined_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_join(user=request.user, alliance=alliance, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(unit)s joined the alliance.") % {"unit": membership.unit})
            return redirect(alliance)
    return render(
        request,
        "alliances/alliance_simple_form.html",
        {"form": form, "alliance": alliance, "title": _("A unit joins %(name)s") % {"name": alliance.name}},
    )


def _editable_membership(request, pk: int) -> Membership:
    return scopes.editable_or_404(request.user, Membership.objects.select_related("alliance__node", "unit"), pk=pk)


@login_required
def member_edit(request, pk: int):
    membership = _editable_membership(request, pk)
    form = MembershipEditForm(
        request.POST or None,
        initial=services.membership_values(membership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(user=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(membership.alliance)
    return render(
        request,
        "alliances/alliance_simple_form.html",
        {"form": form, "alliance": membership.alliance, "title": str(membership.unit)},
    )


@login_required
def member_leave(request, pk: int):
    membership = _editable_membership(request, pk)
    form = MembershipLeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_leave(
                user=request.user,
                membership=membership,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["leave_reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(unit)s left the alliance.") % {"unit": membership.unit})
            return redirect(membership.alliance)
    return render(
        request,
        "alliances/alliance_simple_form.html",
        {
            "form": form,
            "alliance": membership.alliance,
            "title": _("%(unit)s leaves the alliance") % {"unit": membership.unit},
        },
    )


@login_required
def committee_create(request, pk: int):
    alliance = scopes.editable_or_404(request.user, Alliance.objects.select_related("node"), pk=pk)
    form = CommitteeForm(request.POST or None, units=selectors.current_members(alliance))
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_create(user=request.user, alliance=alliance, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The committee was added."))
            return redirect(alliance)
    return render(
        request,
        "alliances/alliance_simple_form.html",
        {"form": form, "alliance": alliance, "title": _("New specialised committee")},
    )


@login_required
def committee_edit(request, pk: int):
    committee = scopes.editable_or_404(request.user, Committee.objects.select_related("alliance__node"), pk=pk)
    form = CommitteeForm(
        request.POST or None,
        units=selectors.current_members(committee.alliance),
        initial=services.committee_values(committee),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_update(user=request.user, committee=committee, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(committee.alliance)
    return render(
        request,
        "alliances/alliance_simple_form.html",
        {"form": form, "alliance": committee.alliance, "title": committee.name, "committee": committee},
    )


@login_required
@require_POST
def committee_delete(request, pk: int):
    committee = scopes.editable_or_404(request.user, Committee.objects.select_related("alliance"), pk=pk)
    services.committee_delete(user=request.user, committee=committee)
    messages.success(request, _("The committee %(name)s was removed.") % {"name": committee.name})
    return redirect(committee.alliance)


@login_required
def alliance_terms(request, pk: int):
    """The rotation of an alliance: past and coming terms, and (for its managers) swap, skip, reschedule."""
    alliance = scopes.visible_or_404(request.user, Alliance.objects.select_related("node"), pk=pk)
    today = timezone.localdate()
    until = rotation.add_months(today, alliance.term_months * TERMS_PAGE_UPCOMING)
    terms = selectors.rotation_terms(alliance, until=until)
    open_terms = [t for t in terms if t.ends_on >= today]
    can_change = scopes.can_change(request.user, alliance)
    form = TermAdjustForm(request.POST or None, terms=open_terms) if can_change else None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                _adjust_terms(request.user, alliance, data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The rotation was changed."))
                return redirect("alliances:terms", alliance.pk)
    return render(
        request,
        "alliances/alliance_terms.html",
        {
            "alliance": alliance,
            "terms": terms[-(len(open_terms) + 8) :],
            "current_term": rotation.term_on(terms, today),
            "today": today,
            "form": form,
        },
    )


def _adjust_terms(user, alliance: Alliance, data: dict) -> None:
    common = {"user": user, "alliance": alliance, "starts_on": data["starts_on"], "reason": data["reason"]}
    if data["action"] == TermAdjustForm.SWAP:
        rotation.chair_term_swap(**common, other_starts_on=data["other_starts_on"])
    elif data["action"] == TermAdjustForm.SKIP:
        rotation.chair_term_skip(**common)
    else:
        rotation.chair_term_reschedule(**common, new_starts_on=data["new_starts_on"], new_ends_on=data["new_ends_on"])
