"""Dual reporting (双报到): a party member reports to the community where they live (or their unit's admin reports
several members), the community approves or declines with a reason, approved members make its roster."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from exports.views import export_list
from grids.models import Node
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from people.models import Person
from units.models import MemberUnit
from volunteers import selectors, services
from volunteers.exports import ROSTER
from volunteers.filters import ReportFilter, RosterFilter
from volunteers.forms import ReportForm, UnitReportForm
from volunteers.models import DualReport, ReportStatus
from volunteers.views import decide, shown_names


def _home_community(person: Person | None):
    if person is None:
        return None
    node = person.household.node if person.household_id else person.node
    return (
        selectors.communities()
        .filter(path__in=[node.path[:i] for i in range(Node.steplen, len(node.path) + 1, Node.steplen)])
        .first()
    )


@login_required
def report_create(request):
    """A party member's own report (one tap on a phone); a unit's admin reports up to five members at once."""
    person = selectors.my_person(request.user)
    unit = MemberUnit.objects.filter(pk__in=scopes.scope_of(request.user).unit_ids).order_by("pk").first()
    as_member = person is not None and person.party_status != Person.PartyStatus.NONE
    if unit is not None and not as_member:
        form = UnitReportForm(request.POST or None, user=request.user)
    elif as_member:
        form = ReportForm(request.POST or None, initial={"community": _home_community(person)})
    else:
        return render(request, "volunteers/report_form.html", {"form": None})
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(form, UnitReportForm):
                made = _report_for_unit(request.user, unit, form)
            else:
                community = form.cleaned_data["community"]
                made = [services.report_member(user=request.user, person=person, community=community)]
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Reported (%(n)d): the community will approve or decline.") % {"n": len(made)},
            )
            return redirect("volunteers:me" if as_member else "volunteers:reports")
    status = 400 if form.errors else 200
    return render(request, "volunteers/report_form.html", {"form": form, "unit": unit}, status=status)


def _report_for_unit(user, unit, form: UnitReportForm) -> list[DualReport]:
    """The unit's organisation and the members chosen, all or none."""
    with transaction.atomic():
        made = []
        if form.cleaned_data.get("organisation"):
            made.append(services.report_organisation(user=user, organisation=form.cleaned_data["organisation"]))
        if form.people():
            made += services.report_members(
                user=user, unit=unit, people=form.people(), community=form.cleaned_data["community"]
            )
    return made


@login_required
def report_list(request):
    """Reports the user sees; waiting ones first, with approve and decline for the community."""
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = ReportStatus.PENDING
    filterset = ReportFilter(
        data, queryset=selectors.report_list(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()
    page = page_of(request, filterset.qs.order_by("-created_at", "-pk"))
    decidable = selectors.decidable_report_ids(request.user, page)
    names = shown_names(request.user, page)
    rows = [(r, names[r.pk][0], r.pk in decidable) for r in page]
    return render(request, "volunteers/report_list.html", {"filter": filterset, "page": page, "rows": rows})


@login_required
@require_POST
def report_decide(request, pk: int):
    return decide(
        request,
        DualReport.objects.select_related("community"),
        pk,
        decide_with=lambda report, **decision: services.report_decide(report=report, **decision),
        done=(_("Approved: the member is in the roster."), _("Declined.")),
        back="volunteers:reports",
    )


@login_required
def roster(request):
    """The approved members (the community's roster, a unit's reported members) with grid and household, claims
    and hours, recorded and declared apart."""
    filterset = RosterFilter(
        request.GET or None, queryset=selectors.roster_page_rows(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()
    page = page_of(request, filterset.qs)
    selectors.roster_figures(page.object_list)
    names = shown_names(request.user, page)
    rows = [(r, *names[r.pk]) for r in page]
    return render(request, "volunteers/roster.html", {"filter": filterset, "page": page, "rows": rows})


@login_required
def roster_export(request, fmt: str):
    return export_list(request, ROSTER, fmt, back="volunteers:roster")
