"""Tree browser pages: city → district → street → community → grid → building → stairwell → households."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import scopes
from grids import selectors, services
from grids.filters import HouseholdFilter
from grids.forms import HouseholdForm, NodeForm
from grids.models import Household, Node
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of


@login_required
def tree_index(request):
    """Sends the user to the top of their part of the tree, or lists their top nodes."""
    tops = list(scopes.top_nodes(request.user))
    if len(tops) == 1:
        return redirect(tops[0])
    return render(request, "grids/tree_index.html", {"tops": tops})


@login_required
def node_detail(request, pk: int):
    node = scopes.visible_or_404(request.user, Node.objects.all(), pk=pk)
    page = selectors.node_page(user=request.user, node=node)
    return render(request, "grids/node_detail.html", {"page": page, "node": page.node, "Kind": Node.Kind})


@login_required
def node_add_child(request, pk: int):
    parent = scopes.visible_or_404(request.user, Node.objects.all(), pk=pk)
    if not scopes.can_create_under(request.user, parent, roles=Node.scope_rule.write_roles):
        raise PermissionDenied
    form = NodeForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.node_create(user=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if child.kind in (Node.Kind.GRID, Node.Kind.BUILDING):  # its page offers to set up its party branch/group
                messages.success(
                    request, _("%(name)s was added. Set up its party organisation here.") % {"name": child.name}
                )
                return redirect(child)
            messages.success(request, _("%(name)s was added.") % {"name": child.name})
            return redirect(parent)
    return render(request, "grids/node_form.html", {"form": form, "parent": parent})


@login_required
def node_edit(request, pk: int):
    node = scopes.editable_or_404(request.user, Node.objects.all(), pk=pk)
    initial = {f: getattr(node, f) for f in ("name", "code", "party_org_name", "address")}
    form = NodeForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.node_update(user=request.user, node=node, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(node)
    return render(request, "grids/node_form.html", {"form": form, "node": node})


@login_required
def household_list(request):
    """The households the user may see, searched with ``q`` (door number, building, resident) and by area."""
    filterset = HouseholdFilter(
        request.GET or None, queryset=selectors.household_list(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()
    page = page_of(request, filterset.qs, 50)
    return render(request, "grids/household_list.html", {"filter": filterset, "page": page})


def _editable_household(request, pk: int) -> Household:
    return scopes.editable_or_404(request.user, Household.objects.select_related("node"), pk=pk)


@login_required
def household_edit(request, pk: int):
    household = _editable_household(request, pk)
    form = HouseholdForm(request.POST or None, instance=household)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_update(user=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(household.node)
    return render(
        request, "grids/household_form.html", {"form": form, "stairwell": household.node, "household": household}
    )


@login_required
def household_delete(request, pk: int):
    household = _editable_household(request, pk)
    if request.method == "POST":
        residents = services.household_delete(user=request.user, household=household)
        message = _("The household %(door)s was removed.") % {"door": household.door_number}
        if residents:
            message += " " + ngettext(
                "Its %(n)d resident stays on record in the stairwell unit, without a household.",
                "Its %(n)d residents stay on record in the stairwell unit, without a household.",
                residents,
            ) % {"n": residents}
        messages.success(request, message)
        return redirect(household.node)
    return render(
        request,
        "grids/household_delete.html",
        {"household": household, "residents": household.members.count()},
    )


@login_required
def household_add(request, pk: int):
    stairwell = scopes.visible_or_404(request.user, Node.objects.filter(kind=Node.Kind.STAIRWELL), pk=pk)
    if not scopes.can_create_under(request.user, stairwell, roles=Household.scope_rule.write_roles):
        raise PermissionDenied
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.household_create(user=request.user, stairwell=stairwell, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Household added."))
            return redirect(stairwell)
    return render(request, "grids/household_form.html", {"form": form, "stairwell": stairwell})
