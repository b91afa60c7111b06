"""Pages of the old compounds (mounted at /sharing/compounds/, namespace compounds): the list with the area's
figures, a compound's five-package checklist and red-heart property arrangement, recording and editing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import scopes
from compounds import exports, selectors, services
from compounds.filters import CompoundFilter
from compounds.forms import CompoundForm, PackageForm, PropertyForm
from compounds.models import Compound, Package, PropertyService
from exports.views import export_list
from grids.models import Node
from liaoyuan.core.forms import add_service_errors

PAGE_SIZE = 50


def _may_record(user) -> bool:
    return scopes.editable(user, Node.objects.filter(kind=Node.Kind.COMMUNITY)).exists()


@login_required
def compound_list(request):
    filterset = CompoundFilter(
        request.GET or None, queryset=selectors.compound_list(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "figures": selectors.figures(user=request.user),
        "five": selectors.FIVE,
        "may_record": _may_record(request.user),
    }
    return render(request, "compounds/compound_list.html", context)


@login_required
def compound_export(request, fmt: str):
    return export_list(request, exports.COMPOUNDS, fmt, back="compounds:list")


def _render_detail(request, compound: Compound, *, forms_by_pk=None, property_form=None, status=200):
    may_change = scopes.can_change(request.user, compound)
    forms_by_pk = forms_by_pk or {}
    rows = [
        (
            package,
            forms_by_pk.get(package.pk)
            or (PackageForm(instance=package, prefix=f"p{package.pk}") if may_change else None),
        )
        for package in selectors.packages(compound)
    ]
    try:
        service = compound.property_service
    except PropertyService.DoesNotExist:
        service = None
    if property_form is None and may_change:
        property_form = PropertyForm(instance=service)
    context = {
        "compound": compound,
        "rows": rows,
        "service": service,
        "may_change": may_change,
        "property_form": property_form,
    }
    return render(request, "compounds/compound_detail.html", context, status=status)


@login_required
def compound_detail(request, pk: int):
    compound = scopes.visible_or_404(request.user, Compound.objects.select_related("community", "project"), pk=pk)
    return _render_detail(request, compound)


def _form_page(request, form, compound=None, status=200):
    return render(request, "compounds/compound_form.html", {"form": form, "compound": compound}, status=status)


@login_required
def compound_add(request):
    if not _may_record(request.user):
        raise PermissionDenied
    form = CompoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            compound = services.compound_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The compound is recorded with its five packages."))
            return redirect("compounds:detail", pk=compound.pk)
    return _form_page(request, form, status=400 if request.method == "POST" else 200)


@login_required
def compound_edit(request, pk: int):
    compound = scopes.editable_or_404(request.user, Compound.objects.select_related("community"), pk=pk)
    form = CompoundForm(request.POST or None, instance=compound, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.compound_update(user=request.user, compound=compound, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The compound is saved."))
            return redirect("compounds:detail", pk=compound.pk)
    return _form_page(request, form, compound, status=400 if request.method == "POST" else 200)


@login_required
def package_update(request, pk: int):
    """Marks one of the five packages done or not (POST); the checklist is on the compound's page."""
    package = scopes.visible_or_404(request.user, Package.objects.select_related("compound__community"), pk=pk)
    compound = package.compound
    if request.method != "POST":
        return redirect("compounds:detail", pk=compound.pk)
    if not scopes.can_change(request.user, compound):
        raise PermissionDenied
    form = PackageForm(request.POST, instance=package, prefix=f"p{package.pk}")
    if form.is_valid():
        try:
            services.package_update(user=request.user, package=package, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved: %(package)s.") % {"package": package.get_kind_display()})
            return redirect("compounds:detail", pk=compound.pk)
    package.refresh_from_db()
    return _render_detail(request, compound, forms_by_pk={package.pk: form}, status=400)


@login_required
def property_update(request, pk: int):
    compound = scopes.visible_or_404(request.user, Compound.objects.select_related("community"), pk=pk)
    if request.method != "POST":
        return redirect("compounds:detail", pk=compound.pk)
    if not scopes.can_change(request.user, compound):
        raise PermissionDenied
    form = PropertyForm(request.POST)
    if form.is_valid():
        try:
            services.property_set(user=request.user, compound=compound, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The red-heart property arrangement is saved."))
            return redirect("compounds:detail", pk=compound.pk)
    return _render_detail(request, compound, property_form=form, status=400)
