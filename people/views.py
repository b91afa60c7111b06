from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import Household
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from people import selectors, services
from people.filters import PersonFilter
from people.forms import PersonForm
from people.models import Person
from units.selectors import unit_list


@login_required
def person_list(request):
    filterset = PersonFilter(request.GET, queryset=selectors.person_list(user=request.user), request=request)
    page = page_of(request, filterset.qs, 50)
    return render(request, "people/person_list.html", {"filter": filterset, "page": page})


@login_required
def person_detail(request, pk: int):
    person = scopes.visible_or_404(request.user, selectors.person_list(user=request.user), pk=pk)
    data = services.person_personal_data(user=request.user, person=person, channel="web")
    duties = person.duties.select_related("node").order_by("-started_on")
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "data": data,
            "duties": duties,
            "can_change": data.whole and scopes.can_change(request.user, person),
        },
    )


@login_required
def person_add(request, household_pk: int):
    household = scopes.editable_or_404(request.user, Household.objects.select_related("node"), pk=household_pk)
    form = PersonForm(request.POST or None, units=unit_list(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_add_to_household(user=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.name})
            return redirect(household.node)
    return render(request, "people/person_form.html", {"form": form, "household": household})


@login_required
def person_edit(request, pk: int):
    person = scopes.editable_or_404(request.user, Person.objects.all(), pk=pk)
    form = PersonForm(request.POST or None, instance=person, units=unit_list(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(user=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(person)
    return render(request, "people/person_form.html", {"form": form, "person": person})
