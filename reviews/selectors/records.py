"""Reads of review records (visits, inspections, zero reports, evaluations), already scoped and prefetched."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Prefetch, QuerySet

from accounts import scopes
from reviews.models import Evaluation, EvaluationItem, Inspection, Rating, Rectification, Visit, ZeroReport
from reviews.services import evaluations as evaluation_services


def visit_list(*, user) -> QuerySet[Visit]:
    return scopes.visible(user, Visit.objects.select_related("node", "recorded_by")).order_by("-visited_on", "-pk")


def inspection_list(*, user) -> QuerySet[Inspection]:
    return scopes.visible(user, Inspection.objects.select_related("node", "inspector")).order_by("-inspected_on", "-pk")


def inspection_page(*, user, inspection: Inspection) -> Inspection:
    """Returns the inspection with its scores and rectification tasks (each with ``can_change``)."""
    inspection = (
        inspection_list(user=user)
        .prefetch_related("scores__item", Prefetch("rectifications", queryset=Rectification.objects.order_by("pk")))
        .get(pk=inspection.pk)
    )
    editable = set(
        scopes.editable(user, Rectification.objects.filter(inspection=inspection)).values_list("pk", flat=True)
    )
    for rectification in inspection.rectifications.all():
        rectification.can_change = rectification.pk in editable
    return inspection


def zero_report_list(*, user) -> QuerySet[ZeroReport]:
    return scopes.visible(user, ZeroReport.objects.select_related("node", "unit", "reported_by")).order_by(
        "-created_at", "-pk"
    )


def evaluation_list(*, user) -> QuerySet[Evaluation]:
    return scopes.visible(user, Evaluation.objects.select_related("node")).order_by("-year", "node__path")


@dataclass
class ItemResult:
    item: EvaluationItem
    average: float | None
    count: int
    mine: Rating | None = None


@dataclass
class EvaluationPage:
    evaluation: Evaluation
    items: list[ItemResult]
    representatives: list
    awards: list
    can_manage: bool
    representative: object | None
    rated: int  # how many items the user (a representative) rated


def evaluation_page(*, user, evaluation: Evaluation) -> EvaluationPage:
    """Returns the evaluation with its items (average and number of ratings; the user's own rating), its
    representatives and awards, and what the user may do. A fixed number of queries."""
    representative = evaluation_services.representative_of(user, evaluation)
    items = list(
        evaluation.items.select_related("unit").annotate(average=Avg("ratings__score"), count=Count("ratings"))
    )
    mine = {}
    if representative is not None:
        mine = {r.item_id: r for r in Rating.objects.filter(representative=representative, item__in=items)}
    results = [ItemResult(item=i, average=i.average, count=i.count, mine=mine.get(i.pk)) for i in items]
    return EvaluationPage(
        evaluation=evaluation,
        items=results,
        representatives=list(evaluation.representatives.select_related("person", "unit").order_by("pk")),
        awards=list(evaluation.awards.select_related("unit").order_by("kind", "pk")),
        can_manage=evaluation_services.can_manage(user, evaluation),
        representative=representative,
        rated=len(mine),
    )
