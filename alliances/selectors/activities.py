"""Reads of alliances' activities, already scoped to the user and prefetched."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.functions import Coalesce

from accounts import scopes
from alliances.models import Activity, ActivityHousehold, ActivityParticipant, ActivityPhoto, Alliance
from grids.models import Household
from liaoyuan.core import masking
from organisations.models import PartyOrganisation
from people.models import Person
from people.selectors import nameable
from units.models import MemberUnit


def activity_list(*, user) -> QuerySet[Activity]:
    """Returns the activities the user may see, newest first, with alliance, node and organiser joined.
    Counts of units and photos are added to the rows actually shown by ``with_counts``."""
    return (
        scopes.visible(user, Activity.objects.all())
        .select_related("alliance", "organisation", "node", "organiser_unit")
        .order_by("-starts_at", "-pk")
    )


def with_counts(activities: Iterable[Activity]) -> list[Activity]:
    """Returns ``activities`` (a page of them) with ``unit_count``, ``photo_count``, ``named_count`` and
    ``household_count`` set: grouped queries over these rows only, never a count over every activity before
    the page is taken."""
    rows = list(activities)
    ids = [a.pk for a in rows]
    named = _counts(Activity.people.through.objects.filter(activity_id__in=ids))
    visited = _counts(Activity.households.through.objects.filter(activity_id__in=ids))
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
        a.named_count, a.household_count = named.get(a.pk, 0), visited.get(a.pk, 0)
    return rows


def _counts(rows: QuerySet) -> dict[int, int]:
    return dict(rows.order_by().values("activity_id").annotate(n=Count("pk")).values_list("activity_id", "n"))


def activity_detail(*, user, pk: int) -> Activity:
    """Returns the activity ``pk`` with its units and photos prefetched; 404 outside the user's scope."""
    qs = Activity.objects.select_related(
        "alliance", "organisation", "node", "organiser_unit", "created_by"
    ).prefetch_related(
        Prefetch("units", queryset=MemberUnit.objects.order_by("name")),
        Prefetch("people", queryset=Person.objects.select_related("node").order_by("name", "pk")),
        Prefetch("households", queryset=Household.objects.select_related("node").order_by("node__path", "door_number")),
        Prefetch("photos", queryset=ActivityPhoto.objects.order_by("uploaded_at", "pk")),
    )
    return scopes.visible_or_404(user, qs, pk=pk)


def alliances_for_activities(*, user) -> QuerySet[Alliance]:
    """Returns the alliances whose activities the user may record (secretaries and workers of the
    alliance's node or of the street above), by name."""
    return scopes.editable(user, Alliance.objects.select_related("node")).order_by("name")


def organisations_for_activities(*, user) -> QuerySet[PartyOrganisation]:
    """Returns the party organisations whose own activities (without an alliance) the user may record: those
    the user runs, by name."""
    return scopes.editable(user, PartyOrganisation.objects.select_related("node")).order_by("name", "pk")


def nameable_people(*, user) -> QuerySet[Person]:
    """Returns the people the user may name as an activity's participants (``people.selectors.nameable``)."""
    return nameable(user=user)


def visitable_households(*, user) -> QuerySet[Household]:
    """Returns the households the user sees, to be chosen as visited, in tree order."""
    return scopes.visible(user, Household.objects.select_related("node")).order_by("node__path", "door_number")


def who_took_part(*, user, activity: Activity) -> tuple[list[str], list[str]]:
    """Returns the named participants and the visited households of ``activity`` (prefetched by
    ``activity_detail``) as the user may read them: a name whole where the user may name that person, masked
    elsewhere; a household's address down to its building, unless the user may change the household."""
    people = list(activity.people.all())
    households = list(activity.households.all())
    whole = set(nameable(user=user).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    names = [p.name if p.pk in whole else masking.mask_name(p.name) for p in people]
    editable = set(
        scopes.editable(user, Household.objects.filter(pk__in=[h.pk for h in households])).values_list("pk", flat=True)
    )
    doors = [
        (h.address or f"{h.node.address or h.node.name}{h.door_number}")
        if h.pk in editable
        else (h.node.address or h.node.name)
        for h in households
    ]
    return names, doors


def figures(activities: QuerySet[Activity]) -> dict[str, int]:
    """Returns what ``activities`` add up to, from the records: the number of activities, person-times (the
    named participations plus the counts typed for those not named), distinct people named, and households
    visited (distinct households on record plus those counted without a record)."""
    ids = activities.order_by().values("pk")
    named = ActivityParticipant.objects.filter(activity__in=ids)
    visited = ActivityHousehold.objects.filter(activity__in=ids)
    typed = activities.order_by().aggregate(
        n=Count("pk"),
        participants=Coalesce(Sum("unnamed_participants"), 0),
        households=Coalesce(Sum("unnamed_households"), 0),
    )
    return {
        "activities": typed["n"],
        "person_times": named.count() + typed["participants"],
        "people": named.values("person_id").distinct().count(),
        "households_visited": visited.values("household_id").distinct().count() + typed["households"],
    }
