"""Reusable query expressions that lists, pages and exports annotate onto their querysets."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(qs: QuerySet, link: str) -> Coalesce:
    """Returns a correlated ``(SELECT count(*) FROM … WHERE link = outer.pk)``, 0 when there is none: one
    count per row of the outer queryset, computed in the database without joining several many-valued
    relations into one fan-out."""
    counted = qs.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)
