"""Writes of the records that fulfil duties: monthly visits, quarterly inspections (scores and rectification
tasks) and zero reports. Each record marks its duty of the period done."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from accounts.models import Role
from grids.models import NODE_MANAGER_ROLES, Node
from notifications import selectors as notification_selectors
from notifications import services as notifications
from notifications.models import Stage
from reviews.duties import RECTIFICATION_OVERDUE
from reviews.models import (
    INSPECTOR_ROLES,
    ChecklistItem,
    Inspection,
    InspectionScore,
    Rectification,
    ReviewKind,
    ReviewTask,
    Visit,
    ZeroReport,
)
from reviews.services.duties import GRACE_DAYS, cycle_for, task_done, task_for

EARLIEST_DAY = datetime.date(2000, 1, 1)
VISIT_KINDS = (Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY)
STREET_KINDS = (Node.Kind.STREET, Node.Kind.TOWN)
RECTIFICATION_ESCALATE_DAYS = 7


def check_day(field: str, day: datetime.date, *, future_days: int = 0) -> None:
    """Raises a field error for a day before 2000 or later than ``future_days`` after today."""
    latest = timezone.localdate() + datetime.timedelta(days=future_days)
    if not EARLIEST_DAY <= day <= latest:
        raise ValidationError(
            {field: _("Choose a day between %(start)s and %(end)s.") % {"start": EARLIEST_DAY, "end": latest}}
        )


def _required(**texts: str) -> None:
    errors = {name: _("This field is required.") for name, value in texts.items() if not (value or "").strip()}
    if errors:
        raise ValidationError(errors)


def _complete(kind: str, *, node: Node, unit=None, day: datetime.date) -> ReviewTask | None:
    """Marks done the duty of the cycle ``kind`` for the organisation and the period of ``day``, if a cycle
    applies; returns the duty."""
    cycle = cycle_for(kind=kind, node=node, unit=unit)
    if cycle is None:
        return None
    return task_done(task=task_for(cycle=cycle, node=node, unit=unit, day=day))


# ---- monthly visits ---------------------------------------------------------------------------------


@transaction.atomic
def visit_record(*, user, node: Node, visited_on: datetime.date, places: str, people_met: str, findings: str) -> Visit:
    """Records a monthly visit to a street or community, by its secretary or staff; returns it. The month's
    visit duty is done."""
    if not scopes.can_create_under(user, node):
        raise PermissionDenied
    if node.kind not in VISIT_KINDS:
        raise ValidationError({"node": _("Visits are recorded for streets, towns and communities.")})
    check_day("visited_on", visited_on)
    _required(places=places, people_met=people_met, findings=findings)
    task = _complete(ReviewKind.MONTHLY_VISIT, node=node, day=visited_on)
    return Visit.objects.create(
        task=task,
        node=node,
        visited_on=visited_on,
        places=places.strip(),
        people_met=people_met.strip(),
        findings=findings.strip(),
        recorded_by=user,
    )


# ---- quarterly inspections ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    item: ChecklistItem
    score: int
    comment: str = ""


@dataclass(frozen=True)
class RectificationInput:
    description: str
    deadline: datetime.date


def can_inspect(user, node: Node) -> bool:
    return scopes.can_create_under(user, node, roles=INSPECTOR_ROLES)


@transaction.atomic
def inspection_record(
    *,
    user,
    node: Node,
    inspected_on: datetime.date,
    scores: list[ScoreInput],
    rectifications: list[RectificationInput],
    summary: str = "",
) -> Inspection:
    """Records a quarterly inspection of a street by its district office: a score for every item of the
    checklist in use, and the rectification tasks it sets. Returns it; the quarter's duty is done."""
    if not can_inspect(user, node):
        raise PermissionDenied
    if node.kind not in STREET_KINDS:
        raise ValidationError({"node": _("Inspections are of streets and towns.")})
    check_day("inspected_on", inspected_on)
    items = {item.pk: item for item in ChecklistItem.objects.filter(is_active=True)}
    given = {s.item.pk: s for s in scores}
    errors = {}
    if set(items) - set(given):
        errors["scores"] = _("Score every item of the checklist.")
    for score in scores:
        if score.item.pk not in items:
            errors["scores"] = _("An item scored is not in the checklist.")
        elif not 0 <= score.score <= score.item.max_score:
            errors["scores"] = _("A score lies between 0 and the item's maximum.")
    for rectification in rectifications:
        if not rectification.description.strip():
            errors["rectifications"] = _("Say what is to be rectified.")
        elif not inspected_on <= rectification.deadline <= inspected_on + datetime.timedelta(days=366):
            errors["rectifications"] = _("A deadline falls within a year after the inspection.")
    if errors:
        raise ValidationError(errors)
    task = _complete(ReviewKind.QUARTERLY_INSPECTION, node=node, day=inspected_on)
    inspection = Inspection.objects.create(
        task=task,
        node=node,
        inspected_on=inspected_on,
        summary=summary.strip(),
        inspector=user,
        total_score=sum(s.score for s in scores),
        max_total=sum(items[s.item.pk].max_score for s in scores),
    )
    InspectionScore.objects.bulk_create(
        [InspectionScore(inspection=inspection, item=s.item, score=s.score, comment=s.comment.strip()) for s in scores]
    )
    Rectification.objects.bulk_create(
        [
            Rectification(inspection=inspection, description=r.description.strip(), deadline=r.deadline)
            for r in rectifications
        ]
    )
    return inspection


@transaction.atomic
def rectification_done(*, user, rectification: Rectification, done_on: datetime.date, note: str) -> Rectification:
    """The street reports a rectification task done; returns it."""
    if not scopes.can_change(user, rectification):
        raise PermissionDenied
    if rectification.status == Rectification.Status.DONE:
        raise ValidationError({"status": _("This task is rectified already.")})
    check_day("done_on", done_on)
    _required(note=note)
    if done_on < rectification.inspection.inspected_on:
        raise ValidationError({"done_on": _("A task is rectified after the inspection that set it.")})
    rectification.status = Rectification.Status.DONE
    rectification.done_on = done_on
    rectification.note = note.strip()
    rectification.save(update_fields=["status", "done_on", "note", "updated_at"])
    notifications.duty_resolve(kind=RECTIFICATION_OVERDUE.key, target=rectification)
    return rectification


def rectifications_remind(*, on: datetime.date) -> int:
    """Reminds the street of each open rectification task past its deadline on ``on``, and escalates to the
    district office a week later (each once). Returns how many reminders were raised."""
    day = datetime.timedelta(days=1)
    overdue = Rectification.objects.filter(
        status=Rectification.Status.OPEN,
        deadline__lt=on,
        deadline__gte=on - (RECTIFICATION_ESCALATE_DAYS + GRACE_DAYS) * day,
    ).select_related("inspection__node")
    raised = 0
    for rectification in overdue.iterator(chunk_size=500):
        node = rectification.inspection.node
        days_late = (on - rectification.deadline).days
        escalates = days_late >= RECTIFICATION_ESCALATE_DAYS
        roles = INSPECTOR_ROLES if escalates else {Role.STREET_SECRETARY, Role.STREET_STAFF}
        raised += (
            notifications.duty_notify(
                kind=RECTIFICATION_OVERDUE.key,
                target=rectification,
                stage=Stage.ESCALATION if escalates else Stage.OVERDUE,
                days=RECTIFICATION_ESCALATE_DAYS if escalates else 1,
                due_on=rectification.deadline,
                recipients=notification_selectors.node_role_holders(node=node, roles=roles),
                url=rectification.inspection.get_absolute_url(),
                target_name=node.name,
                detail=rectification.description,
            )
            is not None
        )
    return raised


# ---- zero reports -------------------------------------------------------------------------------------


def may_file_zero_report(user, task: ReviewTask) -> bool:
    """A unit's report is filed by its admins (or the community's staff for it); a community's by its staff."""
    if task.unit_id and task.unit_id in scopes.scope_of(user).unit_ids:
        return True
    return scopes.can_create_under(user, task.node, roles=NODE_MANAGER_ROLES)


@transaction.atomic
def zero_report_file(
    *,
    user,
    task: ReviewTask,
    nothing_to_report: bool,
    disputes: int = 0,
    public_order: int = 0,
    safety: int = 0,
    details: str = "",
) -> ZeroReport:
    """Files the zero report of a duty (one per unit and period): either "nothing to report", or how many
    disputes, public-order and safety problems, with details. Returns it; the duty is done."""
    if task.cycle.kind != ReviewKind.ZERO_REPORT:
        raise ValidationError({"task": _("This duty is not a zero report.")})
    if not may_file_zero_report(user, task):
        raise PermissionDenied
    if task.period_start > timezone.localdate():
        raise ValidationError({"task": _("This period has not begun yet.")})
    counts = {"disputes": disputes, "public_order": public_order, "safety": safety}
    errors = {name: _("Enter a number from 0 to 999.") for name, n in counts.items() if not 0 <= n <= 999}
    if errors:
        raise ValidationError(errors)
    if nothing_to_report and any(counts.values()):
        raise ValidationError({"nothing_to_report": _("“Nothing to report” leaves every count at 0.")})
    if not nothing_to_report and not any(counts.values()):
        raise ValidationError(
            {"nothing_to_report": _("Give at least one count, or tick “nothing to report” — that is a report too.")}
        )
    if not nothing_to_report and not details.strip():
        raise ValidationError({"details": _("Say briefly what happened.")})
    try:
        with transaction.atomic():
            report = ZeroReport.objects.create(
                task=task,
                node=task.node,
                unit=task.unit,
                period=task.period,
                nothing_to_report=nothing_to_report,
                details=details.strip(),
                reported_by=user,
                **counts,
            )
    except IntegrityError:
        raise ValidationError({"task": _("The report of this period was filed already.")}) from None
    task_done(task=task)
    return report
