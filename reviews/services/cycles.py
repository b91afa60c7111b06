"""Review cycles: what the city office requires of each level of the tree, and the schedule that drives it.

Each cycle has a django-celery-beat periodic task (daily at 08:00 Beijing time by default) that runs
``reviews.tasks.cycle_run``; the admin may change its time or switch it off without a deploy.
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts import scopes
from accounts.models import NODE_ROLES, ROLE_NODE_KINDS, Role
from grids.models import Node
from liaoyuan.core.periods import MIN_DAYS, PeriodKind
from reviews.models import ChecklistItem, ReviewCycle, ReviewKind, TargetLevel

CYCLE_TASK = "reviews.tasks.cycle_run"
SCHEDULE = {"minute": "0", "hour": "8"}  # reminders go out at 08:00, Beijing time

# How deep each level of the tree lies (city 1 → district 2 → street 3 → community 4; a unit below).
LEVEL_DEPTH = {TargetLevel.STREET: 3, TargetLevel.COMMUNITY: 4, TargetLevel.UNIT: 5}
LEVEL_KINDS = {
    TargetLevel.STREET: (Node.Kind.STREET, Node.Kind.TOWN),
    TargetLevel.COMMUNITY: (Node.Kind.COMMUNITY,),
}
KIND_DEPTH = {
    Node.Kind.CITY: 1,
    Node.Kind.DISTRICT: 2,
    Node.Kind.COUNTY: 2,
    Node.Kind.STREET: 3,
    Node.Kind.TOWN: 3,
    Node.Kind.COMMUNITY: 4,
}
OFFICE_ROLES = [r for r in NODE_ROLES if r != Role.CHIEF]


def role_depth(role: str) -> int:
    """Returns the depth of the nodes a role is bound to (5 for a unit admin, below its community)."""
    if role == Role.UNIT_ADMIN:
        return 5
    return min(KIND_DEPTH[kind] for kind in ROLE_NODE_KINDS[role])


# The city's defaults (domain brief, section 5; the zero report of section 2).
DEFAULT_CYCLES = [
    {
        "kind": ReviewKind.MONTHLY_VISIT,
        "level": TargetLevel.STREET,
        "period": PeriodKind.MONTH,
        "responsible_role": Role.STREET_SECRETARY,
        "escalation_role": Role.DISTRICT_OFFICE,
    },
    {
        "kind": ReviewKind.MONTHLY_VISIT,
        "level": TargetLevel.COMMUNITY,
        "period": PeriodKind.MONTH,
        "responsible_role": Role.COMMUNITY_SECRETARY,
        "escalation_role": Role.STREET_SECRETARY,
    },
    {
        "kind": ReviewKind.QUARTERLY_INSPECTION,
        "level": TargetLevel.STREET,
        "period": PeriodKind.QUARTER,
        "responsible_role": Role.DISTRICT_OFFICE,
        "escalation_role": Role.CITY_OFFICE,
    },
    {
        "kind": ReviewKind.ANNUAL_EVALUATION,
        "level": TargetLevel.STREET,
        "period": PeriodKind.YEAR,
        "responsible_role": Role.STREET_SECRETARY,
        "escalation_role": Role.DISTRICT_OFFICE,
    },
    {
        "kind": ReviewKind.ZERO_REPORT,
        "level": TargetLevel.UNIT,
        "period": PeriodKind.WEEK,
        "responsible_role": Role.UNIT_ADMIN,
        "escalation_role": Role.COMMUNITY_SECRETARY,
        # a week is too short for a reminder seven days ahead
        "lead_days": 3,
        "escalate_after_days": 2,
    },
]


def may_configure(user) -> bool:
    """Returns whether the user may configure review cycles (the city office)."""
    scope = scopes.scope_of(user)
    return scope.is_superuser or Role.CITY_OFFICE in scope.roles


def check_cycle(
    *,
    level: str,
    period: str,
    due_days_before_end: int,
    responsible_role: str,
    escalation_role: str,
    lead_days: int,
    second_lead_days: int | None,
    escalate_after_days: int,
    **_ignored,
) -> None:
    """Raises ``ValidationError`` (field → message) for a cycle that cannot work."""
    errors = {}
    shortest = MIN_DAYS.get(period)
    if shortest is None:
        errors["period"] = _("Choose how often.")
    else:
        if due_days_before_end >= shortest:
            errors["due_days_before_end"] = _("The due day must fall inside the period.")
        if not 1 <= lead_days < shortest:
            errors["lead_days"] = _("Remind at least one day ahead, and less than the length of a period.")
    if second_lead_days is not None and second_lead_days >= lead_days:
        errors["second_lead_days"] = _("The second reminder comes after the first (fewer days before it is due).")
    if not 1 <= escalate_after_days <= 60:
        errors["escalate_after_days"] = _("Escalate after 1 to 60 days.")
    level_depth = LEVEL_DEPTH.get(level)
    if level_depth is None:
        errors["level"] = _("Choose a level.")
    else:
        if responsible_role == Role.UNIT_ADMIN and level != TargetLevel.UNIT:
            errors["responsible_role"] = _("Member unit admins are responsible only for member units.")
        elif responsible_role not in [*OFFICE_ROLES, Role.UNIT_ADMIN] or role_depth(responsible_role) > level_depth:
            errors["responsible_role"] = _("The responsible role must be at this level or above it.")
        if escalation_role not in OFFICE_ROLES:
            errors["escalation_role"] = _("Escalate to an office or a secretary.")
        elif responsible_role in [*OFFICE_ROLES, Role.UNIT_ADMIN] and role_depth(escalation_role) >= role_depth(
            responsible_role
        ):
            errors["escalation_role"] = _("Escalate to a level above the responsible one.")
    if errors:
        raise ValidationError(errors)


def _schedule_sync(cycle: ReviewCycle) -> None:
    """Creates the cycle's periodic task, or keeps its schedule (maybe changed in the admin) and updates the
    rest."""
    task = cycle.periodic_task
    if task is None:
        crontab, _created = CrontabSchedule.objects.get_or_create(
            timezone="Asia/Shanghai", day_of_week="*", day_of_month="*", month_of_year="*", **SCHEDULE
        )
        task = PeriodicTask(crontab=crontab)
    task.name = f"reviews: {cycle.kind} / {cycle.level}"
    task.task = CYCLE_TASK
    task.args = json.dumps([cycle.pk])
    task.enabled = cycle.is_active
    task.description = str(cycle)
    task.save()
    if cycle.periodic_task_id != task.pk:
        cycle.periodic_task = task
        cycle.save(update_fields=["periodic_task"])


@transaction.atomic
def cycle_create(*, user, **fields) -> ReviewCycle:
    """Creates a review cycle and its schedule; the city office only."""
    if not may_configure(user):
        raise PermissionDenied
    check_cycle(**fields)
    if ReviewCycle.objects.filter(kind=fields["kind"], level=fields["level"]).exists():
        raise ValidationError({"level": _("This review already has a cycle for this level.")})
    cycle = ReviewCycle.objects.create(**fields)
    _schedule_sync(cycle)
    return cycle


@transaction.atomic
def cycle_update(*, user, cycle: ReviewCycle, **fields) -> ReviewCycle:
    """Changes a review cycle (its duties to come follow the new rules) and its schedule; the city office."""
    if not may_configure(user):
        raise PermissionDenied
    values = {**cycle_values(cycle), **fields}
    check_cycle(**values)
    if ReviewCycle.objects.filter(kind=values["kind"], level=values["level"]).exclude(pk=cycle.pk).exists():
        raise ValidationError({"level": _("This review already has a cycle for this level.")})
    for name, value in values.items():
        setattr(cycle, name, value)
    cycle.save()
    _schedule_sync(cycle)
    return cycle


EDITABLE_FIELDS = (
    "kind",
    "level",
    "period",
    "due_days_before_end",
    "responsible_role",
    "lead_days",
    "second_lead_days",
    "escalate_after_days",
    "escalation_role",
    "is_active",
)


def cycle_values(cycle: ReviewCycle) -> dict:
    return {name: getattr(cycle, name) for name in EDITABLE_FIELDS}


def cycles_default_ensure(*, using: str = "default") -> int:
    """Creates the city's default cycles, with their schedules, when there are none (a fresh install);
    returns how many were created."""
    tables = connections[using].introspection.table_names()
    if ReviewCycle._meta.db_table not in tables or PeriodicTask._meta.db_table not in tables:
        return 0
    if ReviewCycle.objects.using(using).exists():
        return 0
    with transaction.atomic(using=using):
        for fields in DEFAULT_CYCLES:
            cycle = ReviewCycle.objects.create(**fields)
            _schedule_sync(cycle)
    return len(DEFAULT_CYCLES)


@transaction.atomic
def checklist_item_add(*, user, title: str, max_score: int, position: int = 0) -> ChecklistItem:
    """Adds an item to the quarterly inspection checklist; the city office only."""
    if not may_configure(user):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("Name the item.")})
    if not 1 <= max_score <= 100:
        raise ValidationError({"max_score": _("The maximum score lies between 1 and 100.")})
    return ChecklistItem.objects.create(title=title.strip(), max_score=max_score, position=position)


@transaction.atomic
def checklist_item_toggle(*, user, item: ChecklistItem) -> ChecklistItem:
    """Retires an item from the checklist, or puts it back (inspections already recorded keep their scores)."""
    if not may_configure(user):
        raise PermissionDenied
    item.is_active = not item.is_active
    item.save(update_fields=["is_active"])
    return item
