"""Reads of alliances, their members, committees and chair rotation, already scoped to the user."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from accounts import scopes
from alliances.models import Alliance, ChairTerm, Committee, JointMeeting, Membership, TrackedProblem
from alliances.selectors.meetings import annotate_minutes_overdue, drafts_to_confirm, minutes_overdue
from alliances.selectors.problems import (
    OPEN_STATUSES,
    annotate_overdue,
    assigned_problems,
    assigned_to,
    problem_list,
)
from alliances.services import rotation
from alliances.services.alliances import ALLIANCE_NODE_KINDS
from alliances.services.meetings import can_create_meeting
from grids.models import Node
from liaoyuan.core.queries import count_of
from units.models import MemberUnit

UPCOMING_TERMS = 4  # the alliance page shows the current term and the three after it
PAST_TERMS = 4
PAGE_MEETINGS = 20


def alliance_list(*, user) -> QuerySet[Alliance]:
    """Returns the alliances the user may see, in tree order, with member and problem counts."""
    # correlated counts, computed for the rows a page reads, not a join of every membership and problem
    today = timezone.localdate()
    open_problems = TrackedProblem.objects.filter(status__in=OPEN_STATUSES)
    return (
        scopes.visible(user, Alliance.objects.select_related("node"))
        .annotate(
            member_count=count_of(Membership.objects.filter(left_on__isnull=True), "alliance"),
            open_problem_count=count_of(open_problems, "alliance"),
            overdue_problem_count=count_of(open_problems.filter(deadline__lt=today), "alliance"),
        )
        .order_by("node__path")
    )


def _prefetch_rotation(alliances: Sequence[Alliance]) -> None:
    prefetch_related_objects(
        list(alliances),
        Prefetch("chair_terms", queryset=ChairTerm.objects.select_related("chair_unit").order_by("starts_on")),
        Prefetch("memberships", queryset=Membership.objects.select_related("unit").order_by("joined_on", "pk")),
    )


def projected_terms(alliance: Alliance, *, until: datetime.date) -> list[ChairTerm]:
    """Returns the alliance's terms through the one containing ``until``: stored ones, then computed
    (unsaved) ones. Uses the prefetched terms and memberships when there are."""
    return rotation.project_terms(
        alliance, stored=list(alliance.chair_terms.all()), memberships=list(alliance.memberships.all()), until=until
    )


def _next_term_day(alliance: Alliance, today: datetime.date) -> datetime.date:
    """Returns a day that lies in the term after the current one (or in the first term)."""
    return max(rotation.grid_boundary_after(alliance, today), alliance.rotation_starts_on)


def attach_chairs(alliances: Sequence[Alliance], *, today: datetime.date | None = None) -> None:
    """Sets ``current_term`` and ``next_term`` on each alliance (a fixed number of queries)."""
    today = today or timezone.localdate()
    _prefetch_rotation(alliances)
    for alliance in alliances:
        terms = projected_terms(alliance, until=_next_term_day(alliance, today))
        alliance.current_term = rotation.term_on(terms, today)
        alliance.next_term = next((t for t in terms if t.starts_on > today), None)


@dataclass
class AlliancePage:
    alliance: Alliance
    current_members: list[Membership]
    past_members: list[Membership]
    committees: list[Committee]
    past_terms: list[ChairTerm]
    upcoming_terms: list[ChairTerm]
    current_term: ChairTerm | None
    next_term: ChairTerm | None
    meetings: list[JointMeeting]
    problems: list[TrackedProblem]
    can_change: bool
    can_create_meeting: bool
    overdue_problems: int = 0
    minutes_overdue: int = 0


def alliance_page(*, user, alliance: Alliance) -> AlliancePage:
    """Returns what the alliance page shows: members current and past, committees, the rotation around
    today, recent meetings (minutes overdue marked) and its open problems (overdue first), as far as the
    user may see them. A fixed number of queries."""
    today = timezone.localdate()
    _prefetch_rotation([alliance])
    memberships = list(alliance.memberships.all())
    current = sorted(
        (m for m in memberships if m.is_current),
        key=lambda m: (m.chair_position is None, m.chair_position or 0, m.unit.name),
    )
    past = sorted((m for m in memberships if not m.is_current), key=lambda m: m.left_on, reverse=True)
    until = rotation.add_months(today, alliance.term_months * UPCOMING_TERMS)
    terms = projected_terms(alliance, until=until)
    upcoming = [t for t in terms if t.ends_on >= today][:UPCOMING_TERMS]
    past_terms = [t for t in terms if t.ends_on < today][-PAST_TERMS:]
    current_term = rotation.term_on(terms, today)
    next_term = next((t for t in terms if t.starts_on > today), None)
    committees = list(
        alliance.committees.prefetch_related(Prefetch("units", queryset=MemberUnit.objects.order_by("name"))).order_by(
            "kind", "name"
        )
    )
    meetings = list(
        annotate_minutes_overdue(
            scopes.visible(user, alliance.meetings.select_related("host_unit")), now=timezone.now()
        ).order_by("-starts_at")[:PAGE_MEETINGS]
    )
    problems = list(
        annotate_overdue(
            scopes.visible(
                user,
                alliance.problems.filter(status__in=OPEN_STATUSES).select_related(
                    "responsible_unit", "responsible_organisation"
                ),
            ),
            today=today,
        ).order_by("-is_overdue", "deadline", "pk")
    )
    return AlliancePage(
        alliance=alliance,
        current_members=current,
        past_members=past,
        committees=committees,
        past_terms=past_terms,
        upcoming_terms=upcoming,
        current_term=current_term,
        next_term=next_term,
        meetings=meetings,
        problems=problems,
        can_change=scopes.can_change(user, alliance),
        can_create_meeting=can_create_meeting(user, alliance),
        overdue_problems=sum(1 for p in problems if p.is_overdue),
        minutes_overdue=sum(1 for m in meetings if m.minutes_overdue_days),
    )


def current_members(alliance: Alliance, *, on: datetime.date | None = None) -> QuerySet[MemberUnit]:
    """Returns the units that are members of the alliance on ``on`` (today by default), by name, with their
    community (choice lists show it)."""
    member_ids = Membership.objects.filter(alliance=alliance).on(on or timezone.localdate())
    return MemberUnit.objects.filter(pk__in=member_ids.values("unit_id")).select_related("location").order_by("name")


def ever_members(alliances: Iterable[Alliance] | QuerySet[Alliance]) -> QuerySet[MemberUnit]:
    """Returns the units that are or were members of any of ``alliances``, by name (for form choices: the
    services check membership on the day)."""
    member_ids = Membership.objects.filter(alliance__in=alliances).values("unit_id")
    return MemberUnit.objects.filter(pk__in=member_ids).select_related("location").order_by("name")


def creatable_nodes(*, user) -> QuerySet[Node]:
    """Returns the streets, towns and communities without an alliance that the user may set one up for, in
    tree order."""
    kinds = ALLIANCE_NODE_KINDS
    return scopes.editable(user, Node.objects.filter(kind__in=kinds, alliance__isnull=True)).order_by("path")


def rotation_terms(alliance: Alliance, *, until: datetime.date) -> list[ChairTerm]:
    """Returns the alliance's terms through the one containing ``until`` (at most the rotation's horizon):
    stored ones, then computed ones. Three queries, the rotation computed once."""
    _prefetch_rotation([alliance])
    return projected_terms(alliance, until=min(until, rotation.horizon()))


@dataclass
class HostingTerm:
    alliance: Alliance
    term: ChairTerm


def hosting_terms(*, user, today: datetime.date | None = None) -> list[HostingTerm]:
    """Returns the current and coming terms (within a year) chaired by the user's member units, stored or
    computed, across the alliances their units belong to. A fixed number of queries."""
    unit_ids = scopes.scope_of(user).unit_ids
    if not unit_ids:
        return []
    today = today or timezone.localdate()
    alliances = list(
        Alliance.objects.filter(memberships__unit_id__in=unit_ids, memberships__left_on__isnull=True)
        .select_related("node")
        .distinct()
        .order_by("node__path")
    )
    _prefetch_rotation(alliances)
    rows = []
    for alliance in alliances:
        for term in projected_terms(alliance, until=rotation.add_months(today, 12)):
            if term.ends_on >= today and term.chair_unit_id in unit_ids:
                rows.append(HostingTerm(alliance=alliance, term=term))
    return sorted(rows, key=lambda r: r.term.starts_on)


@dataclass
class Inbox:
    """What needs a user's attention in alliances: problems assigned to their units, meetings to confirm or
    write up, the terms they chair."""

    problems: list[TrackedProblem] = field(default_factory=list)
    overdue: int = 0
    drafts: list[JointMeeting] = field(default_factory=list)
    minutes_overdue: list[JointMeeting] = field(default_factory=list)
    hosting: list[HostingTerm] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.problems or self.drafts or self.minutes_overdue or self.hosting)


def inbox(*, user, rows: int | None = None) -> Inbox:
    """Returns the user's inbox; ``rows`` limits each list (the home page panel). A fixed number of queries.

    Problems are those assigned to the user's member units; for node roles, the overdue problems they
    may change. Meetings are those the user may change (as secretary or as host).
    """
    scope = scopes.scope_of(user)
    if scope.is_empty:
        return Inbox()
    if scope.unit_ids:
        problems = assigned_problems(user=user)
    else:  # the overdue ones they may change, and those of the party organisations whose secretary they are
        problems = scopes.editable(user, problem_list(user=user)).filter(
            Q(deadline__lt=timezone.localdate()) | assigned_to(user), status__in=OPEN_STATUSES
        )
    limit = slice(0, rows) if rows else slice(None)
    problem_rows = list(problems[limit])
    return Inbox(
        problems=problem_rows,
        overdue=sum(1 for p in problem_rows if p.is_overdue),
        drafts=list(drafts_to_confirm(user=user)[limit]),
        minutes_overdue=list(minutes_overdue(user=user)[limit]),
        hosting=hosting_terms(user=user)[limit],
    )
