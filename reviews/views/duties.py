"""Pages of duties: the calendar of the user's scope, the list of duties, opening a duty's form, and the
cycles and checklist the city office configures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from reviews.forms import CalendarForm, ChecklistItemForm, CycleForm, DutyFilterForm
from reviews.models import EVALUATION_WRITE_ROLES, ChecklistItem, Evaluation, ReviewCycle, ReviewKind, ReviewTask
from reviews.selectors import duties as selectors
from reviews.services import cycles as cycle_services
from reviews.services import records as record_services


@login_required
def calendar(request):
    """The calendar of duties in the user's scope: per cycle and period, due, done, overdue and the completion
    rate; and the duties the user is responsible for."""
    form = CalendarForm(request.GET or None)
    today = timezone.localdate()
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or today.year
    return render(
        request,
        "reviews/calendar.html",
        {
            "form": form,
            "calendar": selectors.calendar(user=request.user, year=year, today=today),
            "mine": selectors.my_duties(user=request.user, today=today),
            "year": year,
            "years": [today.year - 1, today.year],
            "can_configure": cycle_services.may_configure(request.user),
        },
    )


@login_required
def duty_list(request):
    form = DutyFilterForm(request.GET or None)
    qs = selectors.task_list(user=request.user)
    today = timezone.localdate()
    if form.is_valid():
        data = form.cleaned_data
        if data["cycle"]:
            qs = qs.filter(cycle=data["cycle"])
        if data["period"]:
            qs = qs.filter(period=data["period"])
        qs = selectors.filter_status(qs, data["status"], today)
    page = page_of(request, qs, 50)
    for task in page:
        task.status = selectors.status_of(task, today)
    return render(request, "reviews/duty_list.html", {"form": form, "page": page})


@login_required
def task_open(request, pk: int):
    """Opens the form that fulfils a duty (or, once done, the record that did); someone who cannot do it (an
    office the duty escalated to) sees the period's duties of that review instead."""
    task = scopes.visible_or_404(request.user, ReviewTask.objects.select_related("cycle", "node", "unit"), pk=pk)
    kind = task.cycle.kind
    overview = f"{reverse('reviews:duties')}?{urlencode({'cycle': task.cycle_id, 'period': task.period})}"
    if kind == ReviewKind.ZERO_REPORT:
        report = getattr(task, "zero_report", None)
        if report is not None:
            return redirect(report)
        if not record_services.may_file_zero_report(request.user, task):
            return redirect(overview)
        return redirect("reviews:zero_report_file", pk=task.pk)
    if kind == ReviewKind.ANNUAL_EVALUATION:
        evaluation = Evaluation.objects.filter(node=task.node, year=task.period_start.year).first()
        if evaluation is not None and scopes.can_view(request.user, evaluation):
            return redirect(evaluation)
        if not scopes.can_create_under(request.user, task.node, roles=EVALUATION_WRITE_ROLES):
            return redirect(overview)
        query = urlencode({"node": task.node_id, "year": task.period_start.year})
        return redirect(f"{reverse('reviews:evaluation_create')}?{query}")
    if kind == ReviewKind.MONTHLY_VISIT:
        allowed, name = scopes.can_create_under(request.user, task.node), "reviews:visit_create"
    else:
        allowed, name = record_services.can_inspect(request.user, task.node), "reviews:inspection_create"
    if not allowed:
        return redirect(overview)
    return redirect(f"{reverse(name)}?{urlencode({'node': task.node_id})}")


@login_required
def cycle_list(request):
    cycles = ReviewCycle.objects.select_related("periodic_task__crontab").order_by("kind", "level")
    return render(
        request,
        "reviews/cycle_list.html",
        {"cycles": cycles, "can_configure": cycle_services.may_configure(request.user)},
    )


def _configure_or_403(request):
    if not cycle_services.may_configure(request.user):
        raise PermissionDenied


@login_required
def cycle_create(request):
    _configure_or_403(request)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle_services.cycle_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The review cycle was created, with its schedule."))
            return redirect("reviews:cycles")
    return render(request, "reviews/cycle_form.html", {"form": form})


@login_required
def cycle_detail(request, pk: int):
    cycle = get_object_or_404(ReviewCycle.objects.select_related("periodic_task__crontab"), pk=pk)
    form = None
    if cycle_services.may_configure(request.user):
        form = CycleForm(request.POST or None, initial=cycle_services.cycle_values(cycle))
        if request.method == "POST" and form.is_valid():
            try:
                cycle_services.cycle_update(user=request.user, cycle=cycle, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("reviews:cycles")
    elif request.method == "POST":
        raise PermissionDenied
    return render(request, "reviews/cycle_form.html", {"form": form, "cycle": cycle})


@login_required
def checklist(request):
    """The quarterly inspection checklist; the city office adds and retires items."""
    can_configure = cycle_services.may_configure(request.user)
    form = ChecklistItemForm(request.POST or None) if can_configure else None
    if request.method == "POST":
        if not can_configure:
            raise PermissionDenied
        if form.is_valid():
            try:
                cycle_services.checklist_item_add(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The item was added to the checklist."))
                return redirect("reviews:checklist")
    items = ChecklistItem.objects.order_by("-is_active", "position", "pk")
    return render(request, "reviews/checklist.html", {"items": items, "form": form, "can_configure": can_configure})


@login_required
@require_POST
def checklist_toggle(request, pk: int):
    _configure_or_403(request)
    cycle_services.checklist_item_toggle(user=request.user, item=get_object_or_404(ChecklistItem, pk=pk))
    return redirect("reviews:checklist")
