"""Reads of the four lists, already scoped to the user and joined for their pages, and the proposals of
resources for a need."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from accounts import scopes
from grids.models import Node
from ledgers.models import (
    LEDGER_NODE_KINDS,
    MATCHABLE,
    NEED_ORDER,
    RESOURCE_ORDER,
    RESPONSIBILITY_ORDER,
    ItemChange,
    Match,
    Need,
    Project,
    Resource,
    Responsibility,
)
from ledgers.services import history
from ledgers.services import needs as need_services
from ledgers.services import projects as project_services
from ledgers.services.common import street_path
from units.models import MemberUnit


def need_list(*, user) -> QuerySet[Need]:
    """Returns the needs the user may see: open ones first, most urgent first, then by date needed."""
    return scopes.visible(user, Need.objects.select_related("node")).order_by(*NEED_ORDER)


def resource_list(*, user) -> QuerySet[Resource]:
    """Returns the resources the user may see, those with something left first, newest first."""
    return scopes.visible(user, Resource.objects.select_related("node", "provider_unit")).order_by(*RESOURCE_ORDER)


def project_list(*, user) -> QuerySet[Project]:
    """Returns the projects the user may see, with the number of needs and open responsibilities."""
    return (
        scopes.visible(user, Project.objects.select_related("node", "owner_unit"))
        .annotate(
            need_count=Count("needs", distinct=True),
            open_responsibilities=Count(
                "responsibilities", filter=Q(responsibilities__completed_on=None), distinct=True
            ),
        )
        .order_by("-pk")
    )


def annotate_overdue(qs: QuerySet[Responsibility]) -> QuerySet[Responsibility]:
    today = timezone.localdate()
    return qs.annotate(
        is_overdue=Case(
            When(Q(completed_on=None, deadline__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def responsibility_list(*, user) -> QuerySet[Responsibility]:
    """Returns the responsibilities the user may see: open ones by deadline, then completed ones."""
    qs = scopes.visible(user, Responsibility.objects.select_related("project", "project__node", "unit", "milestone"))
    return annotate_overdue(qs).order_by(*RESPONSIBILITY_ORDER)


def proposals(*, user, need: Need) -> QuerySet[Resource]:
    """Returns the resources proposed for ``need``, best first: those the user sees in the need's street
    (a community's need also looks at its street's and sibling communities' lists), of its category, with
    something left, available between today and the day the need is needed by. Ranked: the need's own
    community first, then those covering the day it is needed by, then those with more left, then those
    ending soonest."""
    today = timezone.localdate()
    until = need.needed_by or today
    qs = scopes.visible(user, Resource.objects.select_related("node", "provider_unit")).filter(
        Q(available_until=None) | Q(available_until__gte=today),
        Q(available_from=None) | Q(available_from__lte=max(until, today)),
        node__path__startswith=street_path(need.node),
        category=need.category,
        remaining__gt=0,
    )
    return qs.annotate(
        same_place=Case(When(node=need.node_id, then=Value(0)), default=Value(1), output_field=IntegerField()),
        covers=Case(
            When(Q(available_until=None) | Q(available_until__gte=until), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    ).order_by("same_place", "covers", "-remaining", "available_until", "pk")


@dataclass
class NeedPage:
    need: Need
    matches: list[Match]
    proposals: list[Resource]
    projects: list[Project]
    changes: list[ItemChange]
    allowed_statuses: list[str]
    can_change: bool


def need_page(*, user, need: Need, proposal_limit: int = 10) -> NeedPage:
    """Returns the need with its matches, projects, history, and (for those who may match) the proposals."""
    can_change = scopes.can_change(user, need)
    return NeedPage(
        need=need,
        matches=list(need.matches.select_related("resource", "resource__provider_unit", "confirmed_by")),
        proposals=list(proposals(user=user, need=need)[:proposal_limit])
        if can_change and need.status in MATCHABLE
        else [],
        projects=list(scopes.visible(user, need.projects.all())),
        changes=list(history.history_of(need)),
        allowed_statuses=need_services.allowed_transitions(need),
        can_change=can_change,
    )


@dataclass
class ProjectPage:
    project: Project
    needs: list[Need]
    resources: list[Resource]
    milestones: list
    responsibilities: list[Responsibility]
    changes: list[ItemChange]
    allowed_statuses: list[str]
    can_change: bool


def project_page(*, user, project: Project) -> ProjectPage:
    return ProjectPage(
        project=project,
        needs=list(scopes.visible(user, project.needs.select_related("node"))),
        resources=list(scopes.visible(user, project.resources.select_related("provider_unit"))),
        milestones=list(project.milestones.all()),
        responsibilities=list(annotate_overdue(project.responsibilities.select_related("unit", "milestone"))),
        changes=list(history.history_of(project)),
        allowed_statuses=project_services.allowed_transitions(project),
        can_change=scopes.can_change(user, project),
    )


def ledger_counts(*, user) -> dict[str, int]:
    """Returns dashboard-ready counts of the lists the user sees: items per list, needs met, projects done."""
    needs = scopes.visible(user, Need.objects.all())
    projects = scopes.visible(user, Project.objects.all())
    need_counts = needs.aggregate(total=Count("pk"), met=Count("pk", filter=Q(status=Need.Status.MET)))
    project_counts = projects.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=Project.Status.DONE)))
    return {
        "needs": need_counts["total"],
        "needs_met": need_counts["met"],
        "resources": scopes.visible(user, Resource.objects.all()).count(),
        "projects": project_counts["total"],
        "projects_done": project_counts["done"],
        "responsibilities": scopes.visible(user, Responsibility.objects.all()).count(),
    }


def ledger_nodes(*, user) -> QuerySet[Node]:
    """Returns the streets, towns and communities whose lists the user keeps, in tree order."""
    return scopes.editable(user, Node.objects.filter(kind__in=LEDGER_NODE_KINDS)).order_by("path")


def units_for(*, user) -> QuerySet[MemberUnit]:
    """Returns the member units the user may name as provider, owner or responsible unit."""
    return scopes.visible(user, MemberUnit.objects.select_related("location")).order_by("name", "pk")


def can_keep_lists(user) -> bool:
    return ledger_nodes(user=user).exists()
