"""Writes about projects, their milestones and the responsibilities that assign them.

A project answers needs with resources of its street or community: a need joined to a project is "in a
project", and when the project is done with its results written, its needs are met.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import Node
from ledgers.duties import RESPONSIBILITY_DUE
from ledgers.models import Milestone, Need, Project, Resource, Responsibility
from ledgers.services import history
from ledgers.services.common import (
    check_ledger_node,
    check_one_owner,
    check_required_text,
    check_under_street,
    check_unit,
)
from ledgers.services.needs import _move
from notifications.services import duty_resolve
from units.models import MemberUnit

Status = Project.Status

# The one table of allowed status changes of a project.
PROJECT_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.IN_PROGRESS, Status.CANCELLED}),
    Status.IN_PROGRESS: frozenset({Status.DONE, Status.CANCELLED}),
    Status.DONE: frozenset(),
    Status.CANCELLED: frozenset({Status.PLANNED}),
}
PROJECT_FIELDS = ("title", "description", "owner_unit", "owner_name", "budget", "starts_on", "ends_on")
RESPONSIBILITY_FIELDS = ("task", "milestone", "unit", "person_name", "deadline")


def allowed_transitions(project: Project) -> list[str]:
    allowed = PROJECT_TRANSITIONS[project.status]
    return [s for s in Status.values if s in allowed]


def _check_project(*, user, values: dict) -> None:
    check_required_text(title=values["title"])
    check_unit(user=user, field="owner_unit", unit=values["owner_unit"])
    check_one_owner(
        unit_field="owner_unit", name_field="owner_name", unit=values["owner_unit"], name=values["owner_name"]
    )
    if values["budget"] is None or values["budget"] < 0:
        raise ValidationError({"budget": _("The budget cannot be negative.")})
    start, end = values["starts_on"], values["ends_on"]
    if start and end and end < start:
        raise ValidationError({"ends_on": _("The project ends before it starts.")})


def _check_links(*, user, node: Node, needs: list[Need], resources: list[Resource]) -> None:
    visible_needs = scopes.visible(user, Need.objects.filter(pk__in=[n.pk for n in needs])).count()
    if visible_needs != len({n.pk for n in needs}):
        raise ValidationError({"needs": _("No such need.")})
    visible_resources = scopes.visible(user, Resource.objects.filter(pk__in=[r.pk for r in resources])).count()
    if visible_resources != len({r.pk for r in resources}):
        raise ValidationError({"resources": _("No such resource.")})
    check_under_street(field="needs", node=node, items=needs)
    check_under_street(field="resources", node=node, items=resources)
    if any(n.status in (Need.Status.MET, Need.Status.UNMEETABLE) for n in needs):
        raise ValidationError({"needs": _("A need that is met or cannot be met joins no project.")})


def _join_needs(*, user, project: Project, needs: list[Need]) -> None:
    """Adds ``needs`` to the project; open and matched ones become "in a project"."""
    project.needs.add(*needs)
    for need in Need.objects.select_for_update().filter(pk__in=[n.pk for n in needs]).order_by("pk"):
        if need.status in (Need.Status.OPEN, Need.Status.MATCHED):
            _move(user=user, need=need, status=Need.Status.IN_PROJECT)


def project_create(
    *,
    user,
    node: Node,
    title: str,
    owner_unit: MemberUnit | None = None,
    owner_name: str = "",
    description: str = "",
    budget: Decimal = Decimal(0),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    needs: list[Need] = (),
    resources: list[Resource] = (),
) -> Project:
    """Adds a project to the list of ``node``, answering ``needs`` with ``resources``, and returns it."""
    check_ledger_node(user=user, node=node)
    values = {
        "title": title,
        "description": description,
        "owner_unit": owner_unit,
        "owner_name": owner_name,
        "budget": budget,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    _check_project(user=user, values=values)
    needs, resources = list(needs), list(resources)
    _check_links(user=user, node=node, needs=needs, resources=resources)
    project = Project(node=node, **{k: v.strip() if isinstance(v, str) else v for k, v in values.items()})
    project.full_clean(exclude=["node", "owner_unit"])
    with transaction.atomic():
        project.save()
        project.resources.add(*resources)
        history.record(
            user=user,
            obj=project,
            action="created",
            changes={
                **history.snapshot(project, PROJECT_FIELDS),
                "needs": [n.title for n in needs],
                "resources": [r.title for r in resources],
            },
        )
        _join_needs(user=user, project=project, needs=needs)
    return project


def project_values(project: Project) -> dict:
    return {field: getattr(project, field) for field in PROJECT_FIELDS}


def project_update(
    *, user, project: Project, needs: list[Need] | None = None, resources: list[Resource] | None = None, **values
) -> Project:
    """Changes the project (and, when given, the needs and resources it links) and returns it."""
    if not scopes.can_change(user, project):
        raise PermissionDenied
    values = {**project_values(project), **{k: v for k, v in values.items() if k in PROJECT_FIELDS}}
    _check_project(user=user, values=values)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        before = history.snapshot(project, PROJECT_FIELDS)
        for field, value in values.items():
            setattr(project, field, value.strip() if isinstance(value, str) else value)
        project.full_clean(exclude=["node", "owner_unit"])
        changes = history.differences(before, history.snapshot(project, PROJECT_FIELDS))
        if needs is not None or resources is not None:
            old_needs, old_resources = list(project.needs.all()), list(project.resources.all())
            needs = list(needs) if needs is not None else old_needs
            resources = list(resources) if resources is not None else old_resources
            added = [n for n in needs if n.pk not in {o.pk for o in old_needs}]
            _check_links(user=user, node=project.node, needs=added, resources=resources)
            if {n.pk for n in needs} != {n.pk for n in old_needs}:
                changes["needs"] = [[n.title for n in old_needs], [n.title for n in needs]]
                project.needs.set(needs)
                _join_needs(user=user, project=project, needs=added)
            if {r.pk for r in resources} != {r.pk for r in old_resources}:
                changes["resources"] = [[r.title for r in old_resources], [r.title for r in resources]]
                project.resources.set(resources)
        if changes:
            project.save()
            history.record(user=user, obj=project, action="updated", changes=changes)
    return project


def project_set_status(*, user, project: Project, status: str, results: str = "") -> Project:
    """Moves the project along ``PROJECT_TRANSITIONS`` and returns it. "Done" needs the results written, and
    meets every need of the project that is not yet met."""
    if not scopes.can_change(user, project):
        raise PermissionDenied
    results = results.strip()
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if status not in Status.values or status not in PROJECT_TRANSITIONS[project.status]:
            allowed = "、".join(str(Status(s).label) for s in allowed_transitions(project)) or _("none")
            raise ValidationError(
                {
                    "status": _("A project that is “%(from)s” cannot be marked “%(to)s” (allowed: %(allowed)s).")
                    % {
                        "from": Status(project.status).label,
                        "to": Status(status).label if status in Status.values else status,
                        "allowed": allowed,
                    }
                }
            )
        if status == Status.DONE and not (results or project.results):
            raise ValidationError({"results": _("Write the project's results before marking it done.")})
        previous = project.status
        project.status = status
        if results:
            project.results = results
        project.done_on = timezone.localdate() if status == Status.DONE else None
        project.save(update_fields=["status", "results", "done_on", "updated_at"])
        history.record(user=user, obj=project, action="status", changes={"status": [previous, status]})
        if status == Status.DONE:
            for need in (
                project.needs.select_for_update()
                .exclude(status__in=[Need.Status.MET, Need.Status.UNMEETABLE])
                .order_by("pk")
            ):
                _move(user=user, need=need, status=Need.Status.MET)
    return project


def milestone_add(*, user, project: Project, title: str, due_on: datetime.date) -> Milestone:
    if not scopes.can_change(user, project):
        raise PermissionDenied
    check_required_text(title=title)
    milestone = Milestone(project=project, title=title.strip(), due_on=due_on)
    milestone.full_clean(exclude=["project"])
    with transaction.atomic():
        milestone.save()
        history.record(
            user=user,
            obj=project,
            action="milestone",
            changes={"milestone": milestone.title, "due_on": due_on.isoformat()},
        )
    return milestone


def milestone_reach(*, user, milestone: Milestone, day: datetime.date | None = None) -> Milestone:
    """Marks the milestone reached on ``day`` (today) and returns it."""
    if not scopes.can_change(user, milestone.project):
        raise PermissionDenied
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"done_on": _("A milestone cannot be reached in the future.")})
    milestone.done_on = day
    milestone.full_clean(exclude=["project"])
    with transaction.atomic():
        milestone.save(update_fields=["done_on"])
        history.record(
            user=user,
            obj=milestone.project,
            action="milestone_reached",
            changes={"milestone": milestone.title, "done_on": day.isoformat()},
        )
    return milestone


def _check_responsibility(*, user, project: Project, values: dict) -> None:
    check_required_text(task=values["task"])
    check_unit(user=user, field="unit", unit=values["unit"])
    check_one_owner(unit_field="unit", name_field="person_name", unit=values["unit"], name=values["person_name"])
    if values["milestone"] is not None and values["milestone"].project_id != project.pk:
        raise ValidationError({"milestone": _("Choose a milestone of this project.")})
    if values["deadline"] is None:
        raise ValidationError({"deadline": _("This field is required.")})


def responsibility_create(
    *,
    user,
    project: Project,
    task: str,
    deadline: datetime.date,
    unit: MemberUnit | None = None,
    person_name: str = "",
    milestone: Milestone | None = None,
) -> Responsibility:
    """Assigns the project (or one of its milestones) to a unit or a person with a deadline; returns it."""
    if not scopes.can_change(user, project):
        raise PermissionDenied
    values = {"task": task, "milestone": milestone, "unit": unit, "person_name": person_name, "deadline": deadline}
    _check_responsibility(user=user, project=project, values=values)
    item = Responsibility(project=project, **{k: v.strip() if isinstance(v, str) else v for k, v in values.items()})
    item.full_clean(exclude=["project", "milestone", "unit"])
    with transaction.atomic():
        item.save()
        history.record(user=user, obj=item, action="created", changes=history.snapshot(item, RESPONSIBILITY_FIELDS))
    return item


def can_edit_responsibility(user, item: Responsibility) -> bool:
    """Whether the user may change what is assigned to whom (the project's keepers); the responsible unit
    only records completion."""
    return scopes.can_change(user, item.project)


def responsibility_values(item: Responsibility) -> dict:
    return {field: getattr(item, field) for field in RESPONSIBILITY_FIELDS}


def responsibility_update(*, user, item: Responsibility, **values) -> Responsibility:
    if not can_edit_responsibility(user, item):
        raise PermissionDenied
    values = {**responsibility_values(item), **{k: v for k, v in values.items() if k in RESPONSIBILITY_FIELDS}}
    _check_responsibility(user=user, project=item.project, values=values)
    before = history.snapshot(item, RESPONSIBILITY_FIELDS)
    for field, value in values.items():
        setattr(item, field, value.strip() if isinstance(value, str) else value)
    item.full_clean(exclude=["project", "milestone", "unit"])
    changes = history.differences(before, history.snapshot(item, RESPONSIBILITY_FIELDS))
    if changes:
        with transaction.atomic():
            item.save()
            history.record(user=user, obj=item, action="updated", changes=changes)
    return item


def responsibility_complete(
    *, user, item: Responsibility, note: str, day: datetime.date | None = None
) -> Responsibility:
    """Records the completion of the responsibility (what was done, on ``day``, today by default); the
    keepers of the project and the responsible unit may. Its deadline reminder is resolved."""
    if not scopes.can_change(user, item):
        raise PermissionDenied
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write what was done.")})
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"day": _("A responsibility cannot be completed in the future.")})
    with transaction.atomic():
        item = Responsibility.objects.select_for_update().select_related("project__node").get(pk=item.pk)
        if item.completed_on is not None:
            raise ValidationError({"note": _("This responsibility is already completed.")})
        item.completed_on, item.completion_note = day, note
        item.full_clean(exclude=["project", "milestone", "unit"])
        item.save(update_fields=["completed_on", "completion_note", "updated_at"])
        history.record(user=user, obj=item, action="completed", changes={"completed_on": day.isoformat(), "note": note})
        duty_resolve(kind=RESPONSIBILITY_DUE.key, target=item)
    return item
