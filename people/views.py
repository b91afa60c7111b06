from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts import scopes
from people import selectors, services
from people.filters import PersonFilter


@login_required
def person_list(request):
    filterset = PersonFilter(request.GET, queryset=selectors.person_list(user=request.user), request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "people/person_list.html", {"filter": filterset, "page": page})


@login_required
def person_detail(request, pk: int):
    person = scopes.visible_or_404(request.user, selectors.person_list(user=request.user), pk=pk)
    data = services.person_personal_data(user=request.user, person=person, channel="web")
    duties = person.duties.select_related("node").order_by("-started_on")
    return render(request, "people/person_detail.html", {"person": person, "data": data, "duties": duties})
