from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import scopes
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from units import selectors, services
from units.filters import MemberUnitFilter
from units.forms import UnitForm


@login_required
def unit_list(request):
    filterset = MemberUnitFilter(request.GET, queryset=selectors.unit_list(user=request.user), request=request)
    page = page_of(request, filterset.qs, 50)
    return render(request, "units/unit_list.html", {"filter": filterset, "page": page})


@login_required
def unit_detail(request, pk: int):
    unit = scopes.visible_or_404(request.user, selectors.unit_list(user=request.user), pk=pk)
    return render(
        request, "units/unit_detail.html", {"unit": unit, "can_change": scopes.can_change(request.user, unit)}
    )


@login_required
def unit_edit(request, pk: int):
    unit = scopes.editable_or_404(request.user, selectors.unit_list(user=request.user), pk=pk)
    editable = services.unit_editable_fields(user=request.user, unit=unit)
    if not editable:
        raise PermissionDenied
    form = UnitForm(request.POST or None, instance=unit, editable=editable)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(user=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(unit)
    return render(request, "units/unit_form.html", {"form": form, "unit": unit})
