"""Writes about the secretaries' yearly projects (书记项目): the plan at the start of the year, the check at
half year, the result at year end (年初定计划、半年有检查、年终看成效)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import Node
from ledgers.models import MAX_YEAR, MIN_YEAR, SECRETARY_NODE_KINDS, SecretaryProject
from ledgers.services.common import check_required_text
from liaoyuan.core.integrity import unique_errors

Status = SecretaryProject.Status

# The one table of allowed steps: checked at half year, then completed or not at year end.
SECRETARY_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.CHECKED}),
    Status.CHECKED: frozenset({Status.COMPLETED, Status.NOT_COMPLETED}),
    Status.COMPLETED: frozenset(),
    Status.NOT_COMPLETED: frozenset(),
}
TAKEN = {"title": _("This organisation already has a project of this name in that year.")}
EDITABLE_FIELDS = ("secretary", "year", "title", "plan")


def allowed_steps(project: SecretaryProject) -> list[str]:
    """Returns the statuses the project may move to next, in the order of ``SecretaryProject.Status``."""
    allowed = SECRETARY_TRANSITIONS[project.status]
    return [s for s in Status.values if s in allowed]


def project_values(project: SecretaryProject) -> dict:
    return {field: getattr(project, field) for field in EDITABLE_FIELDS}


def _check(*, secretary: str, year: int, title: str, plan: str) -> None:
    check_required_text(secretary=secretary, title=title, plan=plan)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("Give a year from %(min)s to %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}})


def secretary_project_create(*, user, node: Node, secretary: str, year: int, title: str, plan: str) -> SecretaryProject:
    """Records a secretary's project for ``year`` with its plan, and returns it."""
    if node.kind not in SECRETARY_NODE_KINDS:
        raise ValidationError({"node": _("Choose the party organisation's street, community or district.")})
    if not scopes.can_create_under(user, node):
        raise PermissionDenied
    _check(secretary=secretary, year=year, title=title, plan=plan)
    project = SecretaryProject(
        node=node, secretary=secretary.strip(), year=year, title=title.strip(), plan=plan.strip()
    )
    project.full_clean(exclude=["node"], validate_constraints=False)
    with unique_errors(SecretaryProject, {"ledgers_secretaryproject_unique_title_per_year": TAKEN}):
        project.save()
    return project


def secretary_project_update(*, user, project: SecretaryProject, **values) -> SecretaryProject:
    if not scopes.can_change(user, project):
        raise PermissionDenied
    values = {
        **{f: getattr(project, f) for f in EDITABLE_FIELDS},
        **{k: v for k, v in values.items() if k in EDITABLE_FIELDS},
    }
    _check(**values)
    for field, value in values.items():
        setattr(project, field, value.strip() if isinstance(value, str) else value)
    project.full_clean(exclude=["node"], validate_constraints=False)
    with unique_errors(SecretaryProject, {"ledgers_secretaryproject_unique_title_per_year": TAKEN}):
        project.save()
    return project


def secretary_project_step(
    *, user, project: SecretaryProject, status: str, text: str, day: datetime.date | None = None
) -> SecretaryProject:
    """Records the half-year check (``status="checked"``) or the year-end result (``completed``,
    ``not_completed``) with its text, and returns the project."""
    if not scopes.can_change(user, project):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write what was found.")})
    with transaction.atomic():
        project = SecretaryProject.objects.select_for_update().get(pk=project.pk)
        if status not in Status.values or status not in SECRETARY_TRANSITIONS[project.status]:
            raise ValidationError(
                {
                    "status": _("A project that is “%(from)s” cannot be marked “%(to)s”.")
                    % {
                        "from": Status(project.status).label,
                        "to": Status(status).label if status in Status.values else status,
                    }
                }
            )
        day = day or timezone.localdate()
        if status == Status.CHECKED:
            project.half_year_check, project.checked_on = text, day
        else:
            project.result, project.closed_on = text, day
        project.status = status
        project.full_clean(exclude=["node"])
        project.save()
    return project
