"""The "four ones" page: which alliances have not completed their four ones this period, and the rate."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from alliances.activity_forms import FourOnesForm
from alliances.selectors import four_ones as selectors
from grids.models import Node
from grids.selectors import area_nodes
from liaoyuan.core.paging import page_of

PAGE_SIZE = 50  # rows of the list below the rates; the rates count every alliance


@login_required
def four_ones(request):
    """Street, district and city view alike: the scope decides which alliances are counted."""
    areas = area_nodes(user=request.user).exclude(kind=Node.Kind.COMMUNITY)
    form = FourOnesForm(request.GET or None, areas=areas)
    on, under, everything = None, None, False
    if form.is_bound and form.is_valid():
        on, under, everything = form.cleaned_data["on"], form.cleaned_data["under"], form.cleaned_data["everything"]
    report = selectors.four_ones(user=request.user, on=on, under=under)
    today = timezone.localdate()
    page = page_of(request, report.listed(incomplete=not everything), PAGE_SIZE)
    return render(
        request,
        "alliances/four_ones.html",
        {
            "form": form,
            "report": report,
            "rows": report.rows_of(page.object_list),
            "page": page,
            "everything": everything,
            "quarters": selectors.recent_quarters(today),
            "under": under,
            "labels": list(selectors.FOUR_ONES.items()),
        },
    )
