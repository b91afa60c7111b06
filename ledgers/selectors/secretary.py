"""Reads of the secretaries' projects, and the completion rate by level of organisation."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from accounts import scopes
from grids.models import Node
from ledgers.models import SECRETARY_NODE_KINDS, SecretaryProject


def secretary_project_list(*, user) -> QuerySet[SecretaryProject]:
    """Returns the secretary projects the user may see, latest year first."""
    return scopes.visible(user, SecretaryProject.objects.select_related("node")).order_by("-year", "node__path", "pk")


def completion_by_level(*, user, year: int | None = None) -> list[dict]:
    """Returns, per level of organisation (district, street, community…), how many projects there are, how
    many are completed and the rate in percent (None without projects)."""
    qs = scopes.visible(user, SecretaryProject.objects.all())
    if year is not None:
        qs = qs.filter(year=year)
    rows = (
        qs.values("node__kind")
        .annotate(total=Count("pk"), completed=Count("pk", filter=Q(status=SecretaryProject.Status.COMPLETED)))
        .order_by()
    )
    by_kind = {row["node__kind"]: row for row in rows}
    result = []
    for kind in Node.Kind.values:
        row = by_kind.get(kind)
        if row is None:
            continue
        result.append(
            {
                "level": Node.Kind(kind).label,
                "kind": kind,
                "total": row["total"],
                "completed": row["completed"],
                "rate": round(100 * row["completed"] / row["total"], 1) if row["total"] else None,
            }
        )
    return result


def secretary_nodes(user) -> QuerySet[Node]:
    """Returns the areas (district to community) whose secretaries' projects and contact points the user keeps."""
    return scopes.editable(user, Node.objects.filter(kind__in=SECRETARY_NODE_KINDS)).order_by("path")
