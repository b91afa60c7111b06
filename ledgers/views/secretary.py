"""Pages of the secretaries' yearly projects: list with the completion rate by level, detail with the
half-year check and the year-end result, create and edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from ledgers.filters import SecretaryProjectFilter
from ledgers.forms import SecretaryProjectForm, SecretaryStepForm
from ledgers.models import SecretaryProject
from ledgers.selectors import secretary as selectors
from ledgers.selectors.secretary import secretary_nodes
from ledgers.services import secretary as services
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of


@login_required
def secretary_project_list(request):
    filterset = SecretaryProjectFilter(
        request.GET or None,
        queryset=selectors.secretary_project_list(user=request.user),
        request=request,
        area_choices=True,
    )
    filterset.is_valid()
    year = filterset.form.cleaned_data.get("year") if filterset.is_bound and filterset.form.is_valid() else None
    page = page_of(request, filterset.qs, 50)
    context = {
        "filter": filterset,
        "page": page,
        "levels": selectors.completion_by_level(user=request.user, year=year),
        "can_create": secretary_nodes(request.user).exists(),
    }
    return render(request, "ledgers/secretary_project_list.html", context)


def _render(request, project: SecretaryProject, *, form=None, status: int = 200):
    allowed = services.allowed_steps(project)
    if form is None and allowed and scopes.can_change(request.user, project):
        form = SecretaryStepForm(allowed=allowed)
    return render(
        request,
        "ledgers/secretary_project_detail.html",
        {"project": project, "form": form, "can_change": scopes.can_change(request.user, project)},
        status=status,
    )


@login_required
def secretary_project_detail(request, pk: int):
    project = scopes.visible_or_404(request.user, SecretaryProject.objects.select_related("node"), pk=pk)
    return _render(request, project)


@login_required
def secretary_project_create(request):
    nodes = secretary_nodes(request.user)
    if not nodes.exists():
        raise PermissionDenied
    form = SecretaryProjectForm(request.POST or None, nodes=nodes)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.secretary_project_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The project is in the ledger."))
            return redirect(project)
    return render(
        request,
        "ledgers/form.html",
        {"form": form, "title": _("Add a secretary project"), "cancel": reverse("ledgers:secretary_projects")},
    )


@login_required
def secretary_project_edit(request, pk: int):
    project = scopes.editable_or_404(request.user, SecretaryProject.objects.select_related("node"), pk=pk)
    form = SecretaryProjectForm(request.POST or None, initial=services.project_values(project))
    if request.method == "POST" and form.is_valid():
        try:
            services.secretary_project_update(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(project)
    return render(
        request,
        "ledgers/form.html",
        {"form": form, "title": _("Edit the secretary project"), "cancel": project.get_absolute_url()},
    )


@login_required
@require_POST
def secretary_project_step(request, pk: int):
    project = scopes.editable_or_404(request.user, SecretaryProject.objects.select_related("node"), pk=pk)
    form = SecretaryStepForm(request.POST, allowed=services.allowed_steps(project))
    if form.is_valid():
        try:
            services.secretary_project_step(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded."))
            return redirect(project)
    return _render(request, project, form=form, status=400)
