from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts import scopes
from units import selectors
from units.filters import MemberUnitFilter


@login_required
def unit_list(request):
    filterset = MemberUnitFilter(request.GET, queryset=selectors.unit_list(user=request.user), request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "units/unit_list.html", {"filter": filterset, "page": page})


@login_required
def unit_detail(request, pk: int):
    unit = scopes.visible_or_404(request.user, selectors.unit_list(user=request.user), pk=pk)
    return render(
        request, "units/unit_detail.html", {"unit": unit, "can_change": scopes.can_change(request.user, unit)}
    )
