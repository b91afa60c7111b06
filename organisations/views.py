from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from exports.views import export_list
from grids.models import Node
from liaoyuan.core import masking
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from organisations import exports, selectors, services
from organisations.filters import OrganisationFilter
from organisations.forms import MembershipEndForm, MembershipForm, OrganisationForm, TransferForm
from organisations.models import OrganisationMembership, PartyOrganisation
from people.selectors import person_list, seen_whole
from units.models import MemberUnit


def _names(user, memberships) -> dict[int, str]:
    """Returns person id → the name as the user may read it: whole where the user sees the record whole
    (one query), masked elsewhere."""
    ids = {m.person_id for m in memberships}
    whole = set(seen_whole(user=user, people=person_list(user=user).filter(pk__in=ids)).values_list("pk", flat=True))
    return {
        m.person_id: m.person.name if m.person_id in whole else masking.mask_name(m.person.name) for m in memberships
    }


@login_required
def organisation_list(request):
    filterset = OrganisationFilter(
        request.GET, queryset=selectors.organisation_list(user=request.user), request=request, area_choices=True
    )
    page = page_of(request, filterset.qs, 50)
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "filter": filterset,
            "page": page,
            "can_create": services.can_create_organisation(request.user),
            "counts": selectors.counts_by_kind(user=request.user),
            "kinds": PartyOrganisation.Kind.choices,
        },
    )


@login_required
def organisation_export(request, fmt: str):
    """The organisations of the list (with its filters) as a workbook or CSV; large ones as a background job."""
    return export_list(request, exports.ORGANISATIONS, fmt, back="organisations:list")


@login_required
def members_export(request, fmt: str):
    """Memberships (``?organisation=`` one organisation's) as a workbook or CSV, members' names masked."""
    return export_list(request, exports.MEMBERS, fmt, back="organisations:list")


@login_required
def organisation_detail(request, pk: int):
    org = scopes.visible_or_404(request.user, selectors.organisation_list(user=request.user), pk=pk)
    memberships = list(selectors.membership_list(user=request.user, organisation=org))
    names = _names(request.user, memberships)
    for membership in memberships:
        membership.shown_name = names[membership.person_id]
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "org": org,
            "current": [m for m in memberships if m.is_current],
            "former": [m for m in memberships if not m.is_current],
            "can_change": scopes.can_change(request.user, org),
        },
    )


@login_required
def organisation_create(request):
    node = unit = None
    if request.GET.get("node", "").isdigit():
        node = get_object_or_404(scopes.visible(request.user, Node.objects.all()), pk=request.GET["node"])
    if request.GET.get("unit", "").isdigit():
        unit = get_object_or_404(scopes.visible(request.user, MemberUnit.objects.all()), pk=request.GET["unit"])
    if not services.can_create_organisation(request.user, node=node, unit=unit):
        raise PermissionDenied
    initial = {"node": node, "unit": unit, "kind": request.GET.get("kind", "")}
    form = OrganisationForm(request.POST or None, initial=initial, user=request.user, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Party organisation set up."))
            return redirect(org)
    return render(request, "organisations/organisation_form.html", {"form": form})


@login_required
def organisation_edit(request, pk: int):
    org = scopes.editable_or_404(request.user, selectors.organisation_list(user=request.user), pk=pk)
    form = OrganisationForm(request.POST or None, instance=org, user=request.user, creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(user=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(org)
    return render(request, "organisations/organisation_form.html", {"form": form, "org": org})


@login_required
def membership_add(request, pk: int):
    org = scopes.editable_or_404(request.user, selectors.organisation_list(user=request.user), pk=pk)
    form = MembershipForm(request.POST or None, user=request.user, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(user=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Member added."))
            return redirect(org)
    return render(request, "organisations/membership_form.html", {"form": form, "org": org})


@login_required
@require_POST
def membership_end(request, pk: int):
    membership = scopes.editable_or_404(
        request.user, OrganisationMembership.objects.select_related("organisation", "person"), pk=pk
    )
    form = MembershipEndForm(request.POST)
    if form.is_valid():
        try:
            services.membership_end(user=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("Membership ended."))
    return redirect(membership.organisation)


@login_required
def person_relation(request, pk: int):
    person = scopes.visible_or_404(request.user, person_list(user=request.user), pk=pk)
    history = selectors.person_relations(person=person)
    whole = seen_whole(user=request.user, people=person_list(user=request.user).filter(pk=person.pk)).exists()
    can_transfer = whole and selectors.relation_choices(user=request.user).exists()
    form = TransferForm(request.POST or None, user=request.user) if can_transfer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.relation_transfer(user=request.user, person=person, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Organisational relation transferred."))
                return redirect("organisations:person", pk=person.pk)
    return render(
        request,
        "organisations/person_relation.html",
        {
            "person": person,
            "name": person.name if whole else masking.mask_name(person.name),
            "history": history,
            "form": form,
        },
    )
