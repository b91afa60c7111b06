"""Writes of the annual evaluation (年考评): the street prepares its report and its member units' projects,
invites representatives, opens rating, representatives rate each item (一事一评), and the street publishes the
result with a star rating and awards."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from accounts.models import User
from grids.models import Node
from notifications import services as notifications
from notifications.models import Stage
from people.models import Person
from reviews.duties import RATING_OPEN
from reviews.models import (
    EVALUATION_WRITE_ROLES,
    Award,
    Evaluation,
    EvaluationItem,
    Rating,
    Representative,
    ReviewKind,
)
from reviews.services.duties import cycle_for, task_done, task_for
from reviews.services.records import STREET_KINDS
from units.models import MemberUnit

Status = Evaluation.Status

# The one table of allowed status changes.
EVALUATION_TRANSITIONS = {
    Status.DRAFT: frozenset({Status.RATING}),
    Status.RATING: frozenset({Status.PUBLISHED}),
    Status.PUBLISHED: frozenset(),
}


def can_manage(user, evaluation: Evaluation) -> bool:
    """The street's secretary and staff manage its evaluation."""
    return scopes.can_create_under(user, evaluation.node, roles=EVALUATION_WRITE_ROLES)


def _manage_or_403(user, evaluation: Evaluation) -> None:
    if not can_manage(user, evaluation):
        raise PermissionDenied


def _draft_or_error(evaluation: Evaluation) -> None:
    if evaluation.status != Status.DRAFT:
        raise ValidationError({"status": _("Items and representatives change only while the evaluation is prepared.")})


@transaction.atomic
def evaluation_create(*, user, node: Node, year: int) -> Evaluation:
    """Starts a street's annual evaluation for ``year``; returns it."""
    if not scopes.can_create_under(user, node, roles=EVALUATION_WRITE_ROLES):
        raise PermissionDenied
    if node.kind not in STREET_KINDS:
        raise ValidationError({"node": _("Annual evaluations are of streets and towns.")})
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("Choose a year from 2000 to next year.")})
    try:
        with transaction.atomic():
            return Evaluation.objects.create(node=node, year=year)
    except IntegrityError:
        raise ValidationError({"year": _("The street already has an evaluation for this year.")}) from None


def can_add_item(user, evaluation: Evaluation, unit: MemberUnit | None) -> bool:
    """The street adds any item; a member unit's admin adds its own unit's project."""
    if can_manage(user, evaluation):
        return True
    return unit is not None and unit.pk in scopes.scope_of(user).unit_ids


@transaction.atomic
def item_add(
    *, user, evaluation: Evaluation, title: str, report: str, unit: MemberUnit | None = None
) -> EvaluationItem:
    """Adds an item to rate: part of the street's report (``unit`` empty) or a member unit's project, from a
    unit of the street. Returns it."""
    evaluation = Evaluation.objects.select_for_update().select_related("node").get(pk=evaluation.pk)
    if not can_add_item(user, evaluation, unit):
        raise PermissionDenied
    _draft_or_error(evaluation)
    if unit is not None and not unit.location.path.startswith(evaluation.node.path):
        raise ValidationError({"unit": _("The unit must be stationed in the street.")})
    errors = {}
    if not title.strip():
        errors["title"] = _("Name the item.")
    if not report.strip():
        errors["report"] = _("Write the report on this item.")
    if errors:
        raise ValidationError(errors)
    position = (evaluation.items.aggregate(last=Max("position"))["last"] or 0) + 1
    return EvaluationItem.objects.create(
        evaluation=evaluation,
        kind=EvaluationItem.Kind.UNIT_PROJECT if unit else EvaluationItem.Kind.STREET_REPORT,
        unit=unit,
        position=position,
        title=title.strip(),
        report=report.strip(),
    )


@transaction.atomic
def representative_add(
    *, user, evaluation: Evaluation, person: Person, unit: MemberUnit | None = None
) -> Representative:
    """Invites a person (seen by the user) to rate the evaluation, for a member unit or for the residents."""
    _manage_or_403(user, evaluation)
    _draft_or_error(evaluation)
    if not scopes.can_view(user, person):
        raise ValidationError({"person": _("No such person.")})
    try:
        with transaction.atomic():
            return Representative.objects.create(evaluation=evaluation, person=person, unit=unit)
    except IntegrityError:
        raise ValidationError({"person": _("This person is a representative already.")}) from None


@transaction.atomic
def evaluation_open(*, user, evaluation: Evaluation) -> Evaluation:
    """Opens the evaluation for rating and tells each representative who has an account. Needs at least one
    item and one representative."""
    _manage_or_403(user, evaluation)
    evaluation = Evaluation.objects.select_for_update().select_related("node").get(pk=evaluation.pk)
    if Status.RATING not in EVALUATION_TRANSITIONS[evaluation.status]:
        raise ValidationError({"status": _("Only an evaluation being prepared can be opened for rating.")})
    errors = {}
    if not evaluation.items.exists():
        errors["items"] = _("Add at least one item to rate.")
    if not evaluation.representatives.exists():
        errors["representatives"] = _("Invite at least one representative.")
    if errors:
        raise ValidationError(errors)
    evaluation.status = Status.RATING
    evaluation.save(update_fields=["status", "updated_at"])
    accounts = User.objects.filter(person__in=evaluation.representatives.values("person")).values_list("pk", flat=True)
    notifications.duty_notify(
        kind=RATING_OPEN.key,
        target=evaluation,
        period=str(evaluation.year),
        stage=Stage.NOTICE,
        recipients=list(accounts),
        url=evaluation.get_absolute_url(),
        target_name=evaluation.node.name,
    )
    return evaluation


@dataclass(frozen=True)
class RatingInput:
    item: EvaluationItem
    score: int
    comment: str = ""


def representative_of(user, evaluation: Evaluation) -> Representative | None:
    """Returns the user's place among the evaluation's representatives, if any."""
    if not user.person_id:
        return None
    return evaluation.representatives.filter(person_id=user.person_id).first()


@transaction.atomic
def ratings_submit(*, user, evaluation: Evaluation, ratings: list[RatingInput]) -> list[Rating]:
    """A representative rates items of the evaluation (1–5, with a comment); rating an item again replaces the
    rating (one per representative per item). Returns the ratings."""
    evaluation = Evaluation.objects.get(pk=evaluation.pk)  # the status as it is now
    representative = representative_of(user, evaluation)
    if representative is None:
        raise PermissionDenied
    if evaluation.status != Status.RATING:
        raise ValidationError({"status": _("This evaluation is not open for rating.")})
    errors = {}
    for rating in ratings:
        if rating.item.evaluation_id != evaluation.pk:
            errors["item"] = _("This item belongs to another evaluation.")
        elif not 1 <= rating.score <= 5:
            errors[f"score_{rating.item.pk}"] = _("Rate from 1 to 5 stars.")
    if not ratings:
        errors["item"] = _("Rate at least one item.")
    if errors:
        raise ValidationError(errors)
    saved = []
    for rating in ratings:
        row, _created = Rating.objects.update_or_create(
            item=rating.item,
            representative=representative,
            defaults={"score": rating.score, "comment": rating.comment.strip()[:500]},
        )
        saved.append(row)
    return saved


def stars_for(average: Decimal) -> int:
    """Returns the star rating of an average rating: rounded half up, 1 to 5."""
    return max(1, min(5, int(average.quantize(Decimal("1"), rounding=ROUND_HALF_UP))))


@dataclass(frozen=True)
class AwardInput:
    kind: str
    unit: MemberUnit | None = None
    citation: str = ""


@transaction.atomic
def evaluation_publish(*, user, evaluation: Evaluation, awards: list[AwardInput]) -> Evaluation:
    """Publishes the result: the average of all ratings, its star rating and the awards. The five-star award
    needs five stars. The street's annual evaluation duty is done. Returns it."""
    _manage_or_403(user, evaluation)
    evaluation = Evaluation.objects.select_for_update().select_related("node").get(pk=evaluation.pk)
    if Status.PUBLISHED not in EVALUATION_TRANSITIONS[evaluation.status]:
        raise ValidationError({"status": _("Only an evaluation open for rating can be published.")})
    average = Rating.objects.filter(item__evaluation=evaluation).aggregate(avg=Avg("score"))["avg"]
    if average is None:
        raise ValidationError({"status": _("No representative has rated yet.")})
    average = Decimal(str(average)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    stars = stars_for(average)
    errors = {}
    seen = set()
    for award in awards:
        if award.kind not in Award.Kind.values:
            errors["awards"] = _("Choose an award.")
        elif award.kind == Award.Kind.FIVE_STAR and stars < 5:
            errors["awards"] = _("The five-star award needs a five-star rating.")
        elif award.unit is not None and not award.unit.location.path.startswith(evaluation.node.path):
            errors["awards"] = _("Awards go to the street's party organisation or to units stationed in the street.")
        elif (award.kind, award.unit) in seen:
            errors["awards"] = _("Each award is given once to each recipient.")
        seen.add((award.kind, award.unit))
    if errors:
        raise ValidationError(errors)
    evaluation.status = Status.PUBLISHED
    evaluation.average = average
    evaluation.stars = stars
    evaluation.published_at = timezone.now()
    evaluation.save(update_fields=["status", "average", "stars", "published_at", "updated_at"])
    Award.objects.bulk_create(
        [Award(evaluation=evaluation, kind=a.kind, unit=a.unit, citation=a.citation.strip()[:300]) for a in awards]
    )
    cycle = cycle_for(kind=ReviewKind.ANNUAL_EVALUATION, node=evaluation.node)
    if cycle is not None:
        task = task_for(cycle=cycle, node=evaluation.node, unit=None, day=datetime.date(evaluation.year, 12, 31))
        task_done(task=task)
        Evaluation.objects.filter(pk=evaluation.pk).update(task=task)
    notifications.duty_resolve(kind=RATING_OPEN.key, target=evaluation)
    return evaluation
