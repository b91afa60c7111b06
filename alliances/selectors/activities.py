"""Reads of alliances' activities, already scoped to the user and prefetched."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from accounts import scopes
from alliances.models import Activity, ActivityPhoto, Alliance
from units.models import MemberUnit


def activity_list(*, user) -> QuerySet[Activity]:
    """Returns the activities the user may see, newest first, with alliance, node and organiser joined
    and the number of participating units and photos annotated (``unit_count``, ``photo_count``)."""
    return (
        scopes.visible(user, Activity.objects.all())
        .select_related("alliance", "alliance__node", "organiser_unit")
        .annotate(unit_count=Count("units", distinct=True), photo_count=Count("photos", distinct=True))
        .order_by("-starts_at", "-pk")
    )


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
