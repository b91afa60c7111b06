"""Reads of tracked problems, already scoped to the user; "overdue" is computed here."""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from accounts import scopes
from alliances.models import PROBLEM_ORDER, ProblemUpdate, TrackedProblem
from alliances.services.problems import allowed_transitions, can_edit_problem

OPEN_STATUSES = (TrackedProblem.Status.OPEN, TrackedProblem.Status.IN_PROGRESS)


def annotate_overdue(qs: QuerySet[TrackedProblem], *, today: datetime.date) -> QuerySet[TrackedProblem]:
    """Returns ``qs`` with ``is_overdue``: open or in progress and past its deadline."""
    return qs.annotate(
        is_overdue=Case(
            When(Q(status__in=OPEN_STATUSES, deadline__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def problem_list(*, user) -> QuerySet[TrackedProblem]:
    """Returns the problems the user may see — the open ones by deadline, so the overdue first, then the closed
    ones latest first (``PROBLEM_ORDER``) — with alliance, responsible unit and meeting joined and
    ``is_overdue`` computed."""
    qs = scopes.visible(
        user,
        TrackedProblem.objects.select_related(
            "alliance__node", "responsible_unit", "responsible_organisation", "decision__meeting"
        ),
    )
    return annotate_overdue(qs, today=timezone.localdate()).order_by(*PROBLEM_ORDER)


def assigned_to(user) -> Q:
    """Returns the condition "assigned to the user": to one of their member units, or to a party organisation
    whose secretary they are."""
    scope = scopes.scope_of(user)
    assigned = Q(responsible_unit_id__in=scope.unit_ids)
    if scope.person_id:
        assigned |= Q(responsible_organisation__secretary_id=scope.person_id)
    return assigned


def assigned_problems(*, user) -> QuerySet[TrackedProblem]:
    """Returns the open problems assigned to the user (their inbox, ``assigned_to``), overdue first."""
    return problem_list(user=user).filter(assigned_to(user), status__in=OPEN_STATUSES)


@dataclass
class ProblemPage:
    problem: TrackedProblem
    updates: list[ProblemUpdate]
    allowed_statuses: list[str]
    can_progress: bool
    can_edit: bool


def problem_page(*, user, problem: TrackedProblem) -> ProblemPage:
    """Returns the problem with its progress notes (who, when) and what the user may do with it."""
    problem = problem_list(user=user).select_related("status_changed_by").get(pk=problem.pk)
    return ProblemPage(
        problem=problem,
        updates=list(problem.updates.select_related("author").order_by("-at", "-pk")),
        allowed_statuses=allowed_transitions(problem),
        can_progress=scopes.can_change(user, problem),
        can_edit=can_edit_problem(user, problem),
    )
