"""Reads of alliances' activities, already scoped to the user and prefetched."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet

from accounts import scopes
from alliances.models import Activity, ActivityPhoto, Alliance
from units.models import MemberUnit


def activity_list(*, user) -> QuerySet[Activity]:
    """Returns the activities the user may see, newest first, with alliance, node and organiser joined.
    Counts of units and photos are added to the rows actually shown by ``with_counts``."""
    return (
        scopes.visible(user, Activity.objects.all())
        .select_related("alliance", "alliance__node", "organiser_unit")
        .order_by("-starts_at", "-pk")
    )


def with_counts(activities: Iterable[Activity]) -> list[Activity]:
    """Returns ``activities`` (a page of them) with ``unit_count`` and ``photo_count`` set: two grouped
    queries over these rows only, never a count over every activity before the page is taken."""
    rows = list(activities)
    ids = [a.pk for a in rows]
    units = dict(
        Activity.units.through.objects.filter(activity_id__in=ids)
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values_list("activity_id", "n")
    )
    photos = dict(
        ActivityPhoto.objects.filter(activity_id__in=ids)
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"))
        .values_list("activity_id", "n")
    )
    for a in rows:
        a.unit_count, a.photo_count = units.get(a.pk, 0), photos.get(a.pk, 0)
    return rows


def activity_detail(*, user, pk: int) -> Activity:
    """Returns the activity ``pk`` with its units and photos prefetched; 404 outside the user's scope."""
    qs = Activity.objects.select_related("alliance", "alliance__node", "organiser_unit", "created_by").prefetch_related(
        Prefetch("units", queryset=MemberUnit.objects.order_by("name")),
        Prefetch("photos", queryset=ActivityPhoto.objects.order_by("uploaded_at", "pk")),
    )
    return scopes.visible_or_404(user, qs, pk=pk)


def alliances_for_activities(*, user) -> QuerySet[Alliance]:
    """Returns the alliances whose activities the user may record (secretaries and workers of the
    alliance's node or of the street above), by name."""
    return scopes.editable(user, Alliance.objects.select_related("node")).order_by("name")
