"""Pages for alliances' activities: list, detail with photos, create, edit, photo upload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import scopes
from alliances.activity_filters import ActivityFilter
from alliances.activity_forms import ActivityForm, ActivityPhotoForm
from alliances.models import Activity, ActivityPhoto
from alliances.selectors import activities as selectors
from alliances.selectors import alliances as alliance_selectors
from alliances.services import activities as services
from liaoyuan.core.files import protected_file_response
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from units.models import MemberUnit

PAGE_SIZE = 50


@login_required
def activity_list(request):
    filterset = ActivityFilter(
        request.GET or None, queryset=selectors.activity_list(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()
    page = page_of(request, filterset.qs, PAGE_SIZE)
    page.object_list = selectors.with_counts(page.object_list)
    can_create = (
        selectors.alliances_for_activities(user=request.user).exists()
        or selectors.organisations_for_activities(user=request.user).exists()
    )
    return render(
        request, "alliances/activity_list.html", {"filter": filterset, "page": page, "can_create": can_create}
    )


def _photo_page(request, activity: Activity, photo_form: ActivityPhotoForm):
    names, doors = selectors.who_took_part(user=request.user, activity=activity)
    return render(
        request,
        "alliances/activity_detail.html",
        {
            "activity": activity,
            "names": names,
            "doors": doors,
            "can_change": scopes.can_change(request.user, activity),
            "photo_form": photo_form,
        },
    )


@login_required
def activity_detail(request, pk: int):
    activity = selectors.activity_detail(user=request.user, pk=pk)
    return _photo_page(request, activity, ActivityPhotoForm())


def _people_choices(request) -> dict:
    return {
        "people": selectors.nameable_people(user=request.user),
        "households": selectors.visitable_households(user=request.user),
    }


@login_required
def activity_create(request):
    alliances = selectors.alliances_for_activities(user=request.user)
    organisations = selectors.organisations_for_activities(user=request.user)
    chosen = request.POST.get("alliance") if request.method == "POST" else request.GET.get("alliance")
    chosen_qs = alliances.filter(pk=chosen) if chosen and str(chosen).isdigit() else alliances.none()
    if not (alliances.exists() or organisations.exists()):
        raise PermissionDenied
    units = alliance_selectors.ever_members(chosen_qs if chosen_qs.exists() else alliances)
    initial = {"alliance": chosen} if chosen else {}
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        alliances=alliances,
        organisations=organisations,
        units=units,
        **_people_choices(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.activity_create(user=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The activity “%(title)s” was recorded.") % {"title": activity.title})
            return redirect(activity)
    return render(request, "alliances/activity_form.html", {"form": form})


@login_required
def activity_edit(request, pk: int):
    activity = scopes.editable_or_404(
        request.user,
        Activity.objects.select_related("alliance", "alliance__node", "organisation", "node", "organiser_unit"),
        pk=pk,
    )
    units = alliance_selectors.ever_members([activity.alliance]) if activity.alliance_id else MemberUnit.objects.none()
    # the organiser unit's admin records its own unit's activities: it is offered no other organiser
    organisers = (
        None
        if activity.alliance_id is None or services.can_create_activity(request.user, activity.alliance)
        else units.filter(pk__in=scopes.scope_of(request.user).unit_ids)
    )
    initial = services.activity_values(activity)
    form = ActivityForm(
        request.POST or None, initial=initial, units=units, organisers=organisers, **_people_choices(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(user=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(activity)
    return render(request, "alliances/activity_form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_photo_add(request, pk: int):
    activity = selectors.activity_detail(user=request.user, pk=pk)
    if not scopes.can_change(request.user, activity):
        raise PermissionDenied
    form = ActivityPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            photos = services.activity_photos_add(user=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)d photo was added.", "%(n)d photos were added.", len(photos)) % {"n": len(photos)},
            )
            return redirect(activity)
    return _photo_page(request, activity, form)


@login_required
def activity_photo(request, pk: int, photo_pk: int):
    """A photo of an activity, to those who may see the activity; 404 for others."""
    activity = selectors.activity_detail(user=request.user, pk=pk)
    photo = get_object_or_404(ActivityPhoto, pk=photo_pk, activity=activity)
    name = photo.caption or activity.title
    return protected_file_response(photo.image, download_name=name, as_attachment=False)


@login_required
@require_POST
def activity_photo_delete(request, pk: int, photo_pk: int):
    activity = selectors.activity_detail(user=request.user, pk=pk)
    photo = get_object_or_404(ActivityPhoto, pk=photo_pk, activity=activity)
    services.activity_photo_delete(user=request.user, photo=photo)
    messages.success(request, _("The photo was removed."))
    return redirect(activity)
