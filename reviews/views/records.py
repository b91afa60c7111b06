"""Pages of the records that fulfil duties: monthly visits, quarterly inspections with their rectification
tasks, and zero reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from grids.models import Node
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from reviews.forms import InspectionForm, RectificationDoneForm, VisitForm, ZeroReportForm
from reviews.models import INSPECTOR_ROLES, ChecklistItem, Inspection, Rectification, ReviewKind, ReviewTask, Visit
from reviews.models import ZeroReport as ZeroReportModel
from reviews.selectors import records as selectors
from reviews.services import records as services


def _initial_node(request, nodes: QuerySet[Node]) -> dict:
    node_id = request.GET.get("node", "")
    return {"node": node_id} if node_id.isdigit() and nodes.filter(pk=node_id).exists() else {}


# ---- visits -------------------------------------------------------------------------------------------


def visit_nodes(user) -> QuerySet[Node]:
    """Returns the streets and communities the user may record a visit for."""
    return scopes.editable(user, Node.objects.filter(kind__in=services.VISIT_KINDS)).order_by("path")


@login_required
def visit_list(request):
    page = page_of(request, selectors.visit_list(user=request.user), 50)
    return render(request, "reviews/visit_list.html", {"page": page, "can_record": visit_nodes(request.user).exists()})


@login_required
def visit_detail(request, pk: int):
    visit = scopes.visible_or_404(request.user, Visit.objects.select_related("node", "recorded_by"), pk=pk)
    return render(request, "reviews/visit_detail.html", {"visit": visit})


@login_required
def visit_create(request):
    nodes = visit_nodes(request.user)
    if not nodes.exists():
        raise PermissionDenied
    form = VisitForm(request.POST or None, nodes=nodes, initial=_initial_node(request, nodes))
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_record(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The visit was recorded; this month's visit is done."))
            return redirect(visit)
    return render(request, "reviews/visit_form.html", {"form": form})


# ---- inspections ----------------------------------------------------------------------------------------


def inspection_nodes(user) -> QuerySet[Node]:
    """Returns the streets and towns the user inspects (a district office: those of its district)."""
    scope = scopes.scope_of(user)
    streets = Node.objects.filter(kind__in=services.STREET_KINDS).order_by("path")
    if scope.is_superuser:
        return streets
    paths = scope.write_paths(INSPECTOR_ROLES)
    if not paths:
        return streets.none()
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return streets.filter(q)


@login_required
def inspection_list(request):
    page = page_of(request, selectors.inspection_list(user=request.user), 50)
    can_record = inspection_nodes(request.user).exists()
    return render(request, "reviews/inspection_list.html", {"page": page, "can_record": can_record})


def _render_inspection(request, inspection: Inspection, done_form=None, done_for=None, status=200):
    inspection = selectors.inspection_page(user=request.user, inspection=inspection)
    return render(
        request,
        "reviews/inspection_detail.html",
        {"inspection": inspection, "done_form": done_form or RectificationDoneForm(), "done_for": done_for},
        status=status,
    )


@login_required
def inspection_detail(request, pk: int):
    inspection = scopes.visible_or_404(request.user, Inspection.objects.all(), pk=pk)
    return _render_inspection(request, inspection)


@login_required
def inspection_create(request):
    nodes = inspection_nodes(request.user)
    if not nodes.exists():
        raise PermissionDenied
    items = list(ChecklistItem.objects.filter(is_active=True).order_by("position", "pk"))
    form = InspectionForm(request.POST or None, nodes=nodes, items=items, initial=_initial_node(request, nodes))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scores = [
            services.ScoreInput(item=item, score=data[f"score_{item.pk}"], comment=data[f"comment_{item.pk}"])
            for item in items
        ]
        rectifications = [
            services.RectificationInput(description=data[f"rectification_{i}"], deadline=data[f"deadline_{i}"])
            for i in range(1, 4)
            if data.get(f"rectification_{i}")
        ]
        try:
            inspection = services.inspection_record(
                user=request.user,
                node=data["node"],
                inspected_on=data["inspected_on"],
                summary=data["summary"],
                scores=scores,
                rectifications=rectifications,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The inspection was recorded; this quarter's inspection is done."))
            return redirect(inspection)
    return render(request, "reviews/inspection_form.html", {"form": form})


@login_required
@require_POST
def rectification_done(request, pk: int):
    rectification = scopes.editable_or_404(request.user, Rectification.objects.select_related("inspection"), pk=pk)
    form = RectificationDoneForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_done(user=request.user, rectification=rectification, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The task is marked rectified."))
            return redirect(rectification.inspection)
    return _render_inspection(request, rectification.inspection, form, rectification.pk, status=400)


# ---- zero reports -----------------------------------------------------------------------------------------


@login_required
def zero_report_list(request):
    page = page_of(request, selectors.zero_report_list(user=request.user), 50)
    return render(request, "reviews/zero_report_list.html", {"page": page})


@login_required
def zero_report_detail(request, pk: int):
    report = scopes.visible_or_404(
        request.user, ZeroReportModel.objects.select_related("node", "unit", "reported_by", "task"), pk=pk
    )
    return render(request, "reviews/zero_report_detail.html", {"report": report})


@login_required
def zero_report_file(request, pk: int):
    """Files the zero report of one duty (a unit and a period)."""
    task = scopes.visible_or_404(
        request.user,
        ReviewTask.objects.select_related("cycle", "node", "unit").filter(cycle__kind=ReviewKind.ZERO_REPORT),
        pk=pk,
    )
    if hasattr(task, "zero_report"):
        return redirect(task.zero_report)
    if not services.may_file_zero_report(request.user, task):
        raise PermissionDenied
    form = ZeroReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.zero_report_file(user=request.user, task=task, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The zero report was filed."))
            return redirect(report)
    return render(request, "reviews/zero_report_form.html", {"form": form, "task": task})
