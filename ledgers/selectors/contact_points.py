"""Reads of contact points: scoped, with their numbers of person-visits and lectures."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from accounts import scopes
from ledgers.models import ContactLog, ContactPoint
from organisations.models import PartyOrganisation

VISIT_KINDS = (ContactLog.Kind.VISIT, ContactLog.Kind.RESEARCH)


def _sum_of(kinds, field: str):
    logs = ContactLog.objects.filter(contact_point=OuterRef("pk"), kind__in=kinds).order_by().values("contact_point")
    value = logs.annotate(n=Count("pk") if field == "count" else Sum(field)).values("n")
    return Coalesce(Subquery(value, output_field=IntegerField()), Value(0))


def contact_point_list(*, user) -> QuerySet[ContactPoint]:
    """Returns the contact points the user may see, standing ones first, then by place (in the order of an
    index, so that a page does not sort every point in scope), with ``visits`` (person-visits of visits and
    research) and ``lectures`` counted per row in the database."""
    return (
        scopes.visible(user, ContactPoint.objects.select_related("node", "organisation", "organisation__node"))
        .annotate(visits=_sum_of(VISIT_KINDS, "people"), lectures=_sum_of([ContactLog.Kind.LECTURE], "count"))
        .order_by("ended_on", "node_id", "pk")
    )


def contact_totals(*, user) -> dict[str, int]:
    """Returns the numbers the city reports: contact points, person-visits (visits and research), lectures."""
    points = scopes.visible(user, ContactPoint.objects.all())
    logs = ContactLog.objects.filter(contact_point__in=points.values("pk"))
    totals = logs.aggregate(
        visits=Coalesce(Sum("people", filter=Q(kind__in=VISIT_KINDS)), 0),
        lectures=Count("pk", filter=Q(kind=ContactLog.Kind.LECTURE)),
    )
    return {"contact_points": points.count(), **totals}


def branches_for(*, user) -> QuerySet[PartyOrganisation]:
    """Returns the standing party organisations the user sees, for a contact point's choice."""
    return scopes.visible(user, PartyOrganisation.objects.filter(ends_on=None).select_related("node")).order_by(
        "name", "pk"
    )
