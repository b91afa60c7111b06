"""Pages of the four lists: needs (with matching), resources, projects (with milestones) and
responsibilities; each item's page shows its history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from ledgers import filters
from ledgers.forms import (
    CompletionForm,
    MatchForm,
    MilestoneForm,
    NeedForm,
    NeedStatusForm,
    ProjectForm,
    ProjectStatusForm,
    ResourceForm,
    ResponsibilityForm,
)
from ledgers.models import Milestone, Need, Project, Resource, Responsibility
from ledgers.selectors import lists as selectors
from ledgers.services import history
from ledgers.services import needs as need_services
from ledgers.services import projects as project_services
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of

PAGE_SIZE = 50


def _list(request, *, filterset_class, queryset, template: str):
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request, area_choices=True)
    filterset.is_valid()  # shows a period that ends before it starts as a field error
    page = page_of(request, filterset.qs, PAGE_SIZE)
    context = {"filter": filterset, "page": page, "can_create": selectors.can_keep_lists(request.user)}
    return render(request, template, context)


def _form_page(request, form, *, title: str, cancel: str, status: int = 200):
    return render(request, "ledgers/form.html", {"form": form, "title": title, "cancel": cancel}, status=status)


def _require_keeper(user) -> None:
    if not selectors.can_keep_lists(user):
        raise PermissionDenied


@login_required
def index(request):
    """The four lists at a glance: how many items each holds, needs met, projects done."""
    return render(request, "ledgers/index.html", {"counts": selectors.ledger_counts(user=request.user)})


# ---- needs ---------------------------------------------------------------------------------------------


@login_required
def need_list(request):
    return _list(
        request,
        filterset_class=filters.NeedFilter,
        queryset=selectors.need_list(user=request.user),
        template="ledgers/need_list.html",
    )


def _render_need(request, need: Need, *, match_form=None, status_form=None, status: int = 200):
    page = selectors.need_page(user=request.user, need=need)
    if page.can_change:
        match_form = match_form or MatchForm()
        if page.allowed_statuses:
            status_form = status_form or NeedStatusForm(allowed=page.allowed_statuses)
    context = {"page": page, "need": need, "match_form": match_form, "status_form": status_form}
    return render(request, "ledgers/need_detail.html", context, status=status)


@login_required
def need_detail(request, pk: int):
    need = scopes.visible_or_404(request.user, Need.objects.select_related("node", "decision__meeting"), pk=pk)
    return _render_need(request, need)


@login_required
def need_create(request):
    _require_keeper(request.user)
    form = NeedForm(request.POST or None, nodes=selectors.ledger_nodes(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            need = need_services.need_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The need is on the list."))
            return redirect(need)
    return _form_page(request, form, title=_("Add a need"), cancel=reverse("ledgers:needs"))


@login_required
def need_edit(request, pk: int):
    need = scopes.editable_or_404(request.user, Need.objects.select_related("node"), pk=pk)
    form = NeedForm(request.POST or None, initial=need_services.need_values(need))
    if request.method == "POST" and form.is_valid():
        try:
            need_services.need_update(user=request.user, need=need, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(need)
    return _form_page(request, form, title=_("Edit the need"), cancel=need.get_absolute_url())


@login_required
@require_POST
def need_status(request, pk: int):
    need = scopes.editable_or_404(request.user, Need.objects.select_related("node"), pk=pk)
    form = NeedStatusForm(request.POST, allowed=need_services.allowed_transitions(need))
    if form.is_valid():
        try:
            need_services.need_set_status(user=request.user, need=need, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Status changed."))
            return redirect(need)
    return _render_need(request, need, status_form=form, status=400)


@login_required
@require_POST
def need_match(request, pk: int):
    """Confirms a match of the need with a proposed resource (one click on the need's page)."""
    need = scopes.editable_or_404(request.user, Need.objects.select_related("node"), pk=pk)
    form = MatchForm(request.POST, resources=scopes.visible(request.user, Resource.objects.all()))
    if form.is_valid():
        try:
            need_services.match_confirm(user=request.user, need=need, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Matched: the resource is committed to the need."))
            return redirect(need)
    return _render_need(request, need, match_form=form, status=400)


# ---- resources -----------------------------------------------------------------------------------------


@login_required
def resource_list(request):
    return _list(
        request,
        filterset_class=filters.ResourceFilter,
        queryset=selectors.resource_list(user=request.user),
        template="ledgers/resource_list.html",
    )


@login_required
def resource_detail(request, pk: int):
    resource = scopes.visible_or_404(request.user, Resource.objects.select_related("node", "provider_unit"), pk=pk)
    context = {
        "resource": resource,
        "matches": list(
            scopes.visible(request.user, resource.matches.select_related("need", "confirmed_by").order_by("-pk"))
        ),
        "changes": list(history.history_of(resource)),
        "can_change": scopes.can_change(request.user, resource),
    }
    return render(request, "ledgers/resource_detail.html", context)


@login_required
def resource_create(request):
    _require_keeper(request.user)
    form = ResourceForm(
        request.POST or None,
        nodes=selectors.ledger_nodes(user=request.user),
        units=selectors.units_for(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            resource = need_services.resource_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The resource is on the list."))
            return redirect(resource)
    return _form_page(request, form, title=_("Add a resource"), cancel=reverse("ledgers:resources"))


@login_required
def resource_edit(request, pk: int):
    resource = scopes.editable_or_404(request.user, Resource.objects.select_related("node"), pk=pk)
    form = ResourceForm(
        request.POST or None,
        initial=need_services.resource_values(resource),
        units=selectors.units_for(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            need_services.resource_update(user=request.user, resource=resource, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(resource)
    return _form_page(request, form, title=_("Edit the resource"), cancel=resource.get_absolute_url())


# ---- projects ------------------------------------------------------------------------------------------


@login_required
def project_list(request):
    return _list(
        request,
        filterset_class=filters.ProjectFilter,
        queryset=selectors.project_list(user=request.user),
        template="ledgers/project_list.html",
    )


def _render_project(request, project: Project, *, status_form=None, milestone_form=None, status: int = 200):
    page = selectors.project_page(user=request.user, project=project)
    if page.can_change:
        if page.allowed_statuses:
            status_form = status_form or ProjectStatusForm(allowed=page.allowed_statuses)
        milestone_form = milestone_form or MilestoneForm()
    context = {"page": page, "project": project, "status_form": status_form, "milestone_form": milestone_form}
    return render(request, "ledgers/project_detail.html", context, status=status)


@login_required
def project_detail(request, pk: int):
    project = scopes.visible_or_404(request.user, Project.objects.select_related("node", "owner_unit"), pk=pk)
    return _render_project(request, project)


def _project_choices(user):
    return {
        "needs": scopes.editable(user, Need.objects.exclude(status__in=[Need.Status.MET, Need.Status.UNMEETABLE])),
        "resources": scopes.visible(user, Resource.objects.all()),
    }


@login_required
def project_create(request):
    _require_keeper(request.user)
    form = ProjectForm(
        request.POST or None,
        nodes=selectors.ledger_nodes(user=request.user),
        units=selectors.units_for(user=request.user),
        **_project_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = project_services.project_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The project is on the list."))
            return redirect(project)
    return _form_page(request, form, title=_("Add a project"), cancel=reverse("ledgers:projects"))


@login_required
def project_edit(request, pk: int):
    project = scopes.editable_or_404(request.user, Project.objects.select_related("node"), pk=pk)
    initial = {
        **project_services.project_values(project),
        "needs": list(project.needs.all()),
        "resources": list(project.resources.all()),
    }
    choices = _project_choices(request.user)
    choices["needs"] = choices["needs"] | project.needs.all()
    form = ProjectForm(request.POST or None, initial=initial, units=selectors.units_for(user=request.user), **choices)
    if request.method == "POST" and form.is_valid():
        try:
            project_services.project_update(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(project)
    return _form_page(request, form, title=_("Edit the project"), cancel=project.get_absolute_url())


@login_required
@require_POST
def project_status(request, pk: int):
    project = scopes.editable_or_404(request.user, Project.objects.select_related("node"), pk=pk)
    form = ProjectStatusForm(request.POST, allowed=project_services.allowed_transitions(project))
    if form.is_valid():
        try:
            project_services.project_set_status(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Status changed."))
            return redirect(project)
    return _render_project(request, project, status_form=form, status=400)


@login_required
@require_POST
def milestone_add(request, pk: int):
    project = scopes.editable_or_404(request.user, Project.objects.select_related("node"), pk=pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            project_services.milestone_add(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Milestone added."))
            return redirect(project)
    return _render_project(request, project, milestone_form=form, status=400)


@login_required
@require_POST
def milestone_reach(request, pk: int):
    milestone = scopes.editable_or_404(request.user, Milestone.objects.select_related("project"), pk=pk)
    try:
        project_services.milestone_reach(user=request.user, milestone=milestone)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Milestone reached."))
    return redirect(milestone.project)


# ---- responsibilities ----------------------------------------------------------------------------------


@login_required
def responsibility_list(request):
    return _list(
        request,
        filterset_class=filters.ResponsibilityFilter,
        queryset=selectors.responsibility_list(user=request.user),
        template="ledgers/responsibility_list.html",
    )


def _render_responsibility(request, item: Responsibility, *, form=None, status: int = 200):
    item = selectors.annotate_overdue(Responsibility.objects.select_related("project", "unit", "milestone")).get(
        pk=item.pk
    )
    can_complete = item.completed_on is None and scopes.can_change(request.user, item)
    context = {
        "item": item,
        "changes": list(history.history_of(item)),
        "form": (form or CompletionForm()) if can_complete else None,
        "can_edit": project_services.can_edit_responsibility(request.user, item),
    }
    return render(request, "ledgers/responsibility_detail.html", context, status=status)


@login_required
def responsibility_detail(request, pk: int):
    item = scopes.visible_or_404(request.user, Responsibility.objects.select_related("project"), pk=pk)
    return _render_responsibility(request, item)


def _responsibility_form(request, project: Project, **kwargs):
    return ResponsibilityForm(
        request.POST or None,
        milestones=project.milestones.all(),
        units=selectors.units_for(user=request.user),
        **kwargs,
    )


@login_required
def responsibility_create(request, pk: int):
    project = scopes.editable_or_404(request.user, Project.objects.select_related("node"), pk=pk)
    form = _responsibility_form(request, project)
    if request.method == "POST" and form.is_valid():
        try:
            project_services.responsibility_create(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The responsibility is assigned."))
            return redirect(project)
    return _form_page(request, form, title=_("Assign a responsibility"), cancel=project.get_absolute_url())


@login_required
def responsibility_edit(request, pk: int):
    item = scopes.visible_or_404(request.user, Responsibility.objects.select_related("project__node"), pk=pk)
    if not project_services.can_edit_responsibility(request.user, item):
        raise PermissionDenied
    form = _responsibility_form(request, item.project, initial=project_services.responsibility_values(item))
    if request.method == "POST" and form.is_valid():
        try:
            project_services.responsibility_update(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(item)
    return _form_page(request, form, title=_("Edit the responsibility"), cancel=item.get_absolute_url())


@login_required
@require_POST
def responsibility_complete(request, pk: int):
    item = scopes.editable_or_404(request.user, Responsibility.objects.select_related("project__node"), pk=pk)
    form = CompletionForm(request.POST)
    if form.is_valid():
        try:
            project_services.responsibility_complete(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Completion recorded."))
            return redirect(item)
    return _render_responsibility(request, item, form=form, status=400)
