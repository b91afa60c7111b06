"""The figures of resource sharing, as the city publishes them: shared homes, area added, reading rooms open,
job postings, people employed, training attendances (person-times, 人次: all, and community workers'), and
the old compounds renovated with their buildings and households.
Each is counted from the records in the area the user's roles reach (the whole city for accounts without an
area: the published figures are public); a handful of aggregate queries, whatever the area's size."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from accounts import scopes
from compounds.models import Compound
from people.models import Duty, DutyKind
from sharing.models import JobPosting, JobReferral, ReferralOutcome, TrainingAttendance, Venue, VenueKind


def _under(lookup: str, paths) -> Q:
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{lookup}__path__startswith": path})
    return condition


def area_paths(user) -> tuple[str, ...]:
    """The paths the figures are counted under (empty: the whole city)."""
    scope = scopes.scope_of(user)
    return () if scope.is_superuser else scope.read_paths


def figures(*, user) -> dict[str, object]:
    paths = area_paths(user)
    venues = Venue.objects.filter(_under("community", paths), is_active=True).aggregate(
        shared_homes=Count("pk"),
        area_added_m2=Sum("area_added_m2"),
        reading_rooms=Count("pk", filter=Q(kind=VenueKind.READING_ROOM)),
    )
    attended = TrainingAttendance.objects.filter(_under("training__node", paths), attended=True)
    workers = Duty.objects.filter(kind=DutyKind.COMMUNITY_WORKER).values("person_id")
    compounds = Compound.objects.filter(_under("community", paths)).aggregate(
        compounds=Count("pk"), buildings=Sum("buildings"), households=Sum("households")
    )
    return {
        "compounds": compounds["compounds"],
        "compound_buildings": compounds["buildings"] or 0,
        "compound_households": compounds["households"] or 0,
        "shared_homes": venues["shared_homes"],
        "area_added_m2": venues["area_added_m2"] or 0,
        "reading_rooms": venues["reading_rooms"],
        "job_postings": JobPosting.objects.filter(_under("community", paths)).count(),
        "employed": JobReferral.objects.filter(
            _under("posting__community", paths), outcome=ReferralOutcome.EMPLOYED
        ).count(),
        "trained": attended.count(),
        "workers_trained": attended.filter(person_id__in=workers).count(),
    }
