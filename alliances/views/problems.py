"""Pages of tracked problems: list, detail with progress notes and status change, create/edit, and the
inbox of a member unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from alliances.filters import ProblemFilter
from alliances.forms import ProblemForm, ProblemProgressForm
from alliances.models import Alliance, Decision, TrackedProblem
from alliances.selectors import alliances as alliance_selectors
from alliances.selectors import problems as selectors
from alliances.services import problems as services
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of


@login_required
def problem_list(request):
    filterset = ProblemFilter(
        request.GET or None, queryset=selectors.problem_list(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()  # shows a period that ends before it starts as a field error
    page = page_of(request, filterset.qs, 50)
    return render(request, "alliances/problem_list.html", {"filter": filterset, "page": page})


def _render_detail(request, problem: TrackedProblem, form: ProblemProgressForm | None = None, status: int = 200):
    page = selectors.problem_page(user=request.user, problem=problem)
    if form is None and page.can_progress:
        form = ProblemProgressForm(allowed=page.allowed_statuses)
    return render(
        request, "alliances/problem_detail.html", {"page": page, "problem": page.problem, "form": form}, status=status
    )


@login_required
def problem_detail(request, pk: int):
    problem = scopes.visible_or_404(request.user, TrackedProblem.objects.all(), pk=pk)
    return _render_detail(request, problem)


@login_required
@require_POST
def problem_progress(request, pk: int):
    problem = scopes.editable_or_404(request.user, TrackedProblem.objects.all(), pk=pk)
    form = ProblemProgressForm(request.POST, allowed=services.allowed_transitions(problem))
    if form.is_valid():
        try:
            services.problem_progress(user=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect(problem)
    return _render_detail(request, problem, form)


@login_required
def problem_create(request, pk: int):
    """Starts tracking a problem of alliance ``pk``, from the decision named by ``?decision=``, if any."""
    alliance = scopes.visible_or_404(request.user, Alliance.objects.select_related("node"), pk=pk)
    decision = None
    decision_id = request.GET.get("decision") or request.POST.get("decision") or ""
    if decision_id:
        if not decision_id.isdigit():
            raise Http404
        decisions = Decision.objects.filter(meeting__alliance=alliance).select_related("meeting")
        decision = scopes.visible_or_404(request.user, decisions, pk=decision_id)
        if not scopes.can_change(request.user, decision.meeting):
            raise PermissionDenied
        problem = TrackedProblem.objects.filter(decision=decision).first()
        if problem is not None:  # a decision becomes one problem: show the one it became
            messages.info(request, _("This decision is already tracked as a problem."))
            return redirect(problem if scopes.can_view(request.user, problem) else decision.meeting)
    elif not scopes.can_change(request.user, alliance):
        raise PermissionDenied
    initial = {"title": decision.text[:200]} if decision else {}
    form = ProblemForm(request.POST or None, units=alliance_selectors.current_members(alliance), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            problem = services.problem_create(
                user=request.user, alliance=alliance, decision=decision, **form.problem_fields(alliance)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The problem is now tracked."))
            if scopes.can_view(request.user, problem):
                return redirect(problem)
            return redirect(decision.meeting if decision else alliance)
    return render(request, "alliances/problem_form.html", {"form": form, "alliance": alliance, "decision": decision})


@login_required
def problem_edit(request, pk: int):
    problem = scopes.visible_or_404(request.user, TrackedProblem.objects.select_related("alliance"), pk=pk)
    if not services.can_edit_problem(request.user, problem):
        raise PermissionDenied
    initial = services.problem_values(problem) | {"responsible": problem.responsible_kind}
    form = ProblemForm(
        request.POST or None, units=alliance_selectors.current_members(problem.alliance), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_update(user=request.user, problem=problem, **form.problem_fields(problem.alliance))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(problem)
    return render(
        request, "alliances/problem_form.html", {"form": form, "alliance": problem.alliance, "problem": problem}
    )


@login_required
def inbox(request):
    """What needs the user's attention: problems assigned to their units, meetings to confirm or write up,
    and the terms they chair."""
    return render(request, "alliances/inbox.html", {"inbox": alliance_selectors.inbox(user=request.user)})
