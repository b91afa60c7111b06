"""Queries of the old compounds: the compounds in the user's scope with how many of their five packages are
done (counted in the database, per row), a compound's checklist, and the figures (compounds, buildings,
households, compounds with all five packages done) in a handful of aggregate queries."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Sum

from accounts import scopes
from compounds.models import Compound, Package, PackageKind
from ledgers.models import Project
from liaoyuan.core.queries import count_of

FIVE = len(PackageKind.values)


def compound_list(*, user) -> QuerySet[Compound]:
    return (
        scopes.visible(user, Compound.objects.all())
        .select_related("community", "property_service")
        .annotate(packages_done=count_of(Package.objects.filter(is_done=True), "compound"))
        .order_by("community__path", "name", "pk")
    )


def packages(compound: Compound) -> list[Package]:
    """The compound's five packages in the checklist's order."""
    order = {kind: i for i, kind in enumerate(PackageKind.values)}
    return sorted(compound.packages.all(), key=lambda p: order[p.kind])


def renovation_projects(*, user) -> QuerySet[Project]:
    """The projects of the four lists the user may link a compound to."""
    return scopes.visible(user, Project.objects.select_related("node")).order_by("-pk")


def figures(*, user) -> dict[str, int]:
    compounds = scopes.visible(user, Compound.objects.all())
    totals = compounds.aggregate(compounds=Count("pk"), buildings=Sum("buildings"), households=Sum("households"))
    complete = (
        Package.objects.filter(compound__in=compounds.values("pk"), is_done=True)
        .values("compound_id")
        .annotate(n=Count("pk"))
        .filter(n=FIVE)
        .count()
    )
    return {
        "compounds": totals["compounds"],
        "buildings": totals["buildings"] or 0,
        "households": totals["households"] or 0,
        "five_packages_done": complete,
        "renovated": compounds.filter(status=Compound.Status.DONE).count(),
    }
