"""Pages of contact points: the list with visits and lectures counted, a contact point with its log, linking
a secretary to a branch, logging a visit, research or lecture."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from ledgers.forms import ContactLogForm, ContactPointForm
from ledgers.models import ContactPoint
from ledgers.selectors import contact_points as selectors
from ledgers.selectors.secretary import secretary_nodes
from ledgers.services import contact_points as services
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of


@login_required
def contact_point_list(request):
    page = page_of(request, selectors.contact_point_list(user=request.user), 50)
    context = {
        "page": page,
        "totals": selectors.contact_totals(user=request.user),
        "can_create": secretary_nodes(request.user).exists(),
    }
    return render(request, "ledgers/contact_point_list.html", context)


def _render(request, point: ContactPoint, *, form=None, status: int = 200):
    can_change = scopes.can_change(request.user, point)
    context = {
        "point": point,
        "logs": list(point.logs.select_related("recorded_by")),
        "form": (form or ContactLogForm()) if can_change else None,
    }
    return render(request, "ledgers/contact_point_detail.html", context, status=status)


@login_required
def contact_point_detail(request, pk: int):
    point = scopes.visible_or_404(request.user, ContactPoint.objects.select_related("node", "organisation"), pk=pk)
    return _render(request, point)


@login_required
def contact_point_create(request):
    nodes = secretary_nodes(request.user)
    if not nodes.exists():
        raise PermissionDenied
    form = ContactPointForm(request.POST or None, nodes=nodes, branches=selectors.branches_for(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            point = services.contact_point_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact point is set up."))
            return redirect(point)
    return render(
        request,
        "ledgers/form.html",
        {"form": form, "title": _("Set up a contact point"), "cancel": reverse("ledgers:contact_points")},
    )


@login_required
@require_POST
def contact_log_add(request, pk: int):
    point = scopes.editable_or_404(request.user, ContactPoint.objects.select_related("node", "organisation"), pk=pk)
    form = ContactLogForm(request.POST)
    if form.is_valid():
        try:
            services.contact_log_add(user=request.user, point=point, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded."))
            return redirect(point)
    return _render(request, point, form=form, status=400)
