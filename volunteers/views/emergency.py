"""Emergency mobilisation (应急动员): who is on duty where, now, in the user's area (city, district, street or
community): the open emergency posts with the places taken and the people checked in on the shifts running now."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from liaoyuan.core.paging import page_of
from volunteers import selectors
from volunteers.filters import EmergencyFilter
from volunteers.views import shown_names

ON_DUTY_ROWS = 500  # people listed as checked in now (the posts above say how many there are)
RUNNING_ROWS = 200  # posts listed with a shift running now


@login_required
def emergency(request):
    filterset = EmergencyFilter(
        request.GET or None,
        queryset=selectors.emergency_posts_now(user=request.user),
        request=request,
        area_choices=True,
    )
    filterset.is_valid()
    under = filterset.form.cleaned_data.get("under") if filterset.form.is_valid() else None
    posts = page_of(request, filterset.qs)
    running = list(selectors.running_now(filterset.qs)[: RUNNING_ROWS + 1])
    on_duty = list(selectors.on_duty_now(user=request.user, under=under)[:ON_DUTY_ROWS])
    names = shown_names(request.user, on_duty)
    return render(
        request,
        "volunteers/emergency.html",
        {
            "filter": filterset,
            "page": posts,
            "running": running[:RUNNING_ROWS],
            "running_more": len(running) > RUNNING_ROWS,
            "on_duty": [(r, names[r.pk][0]) for r in on_duty],
        },
    )
