"""Reads of the vanguard co-cultivation: totals of service, recorded and declared hours always apart."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Exists, F, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import scopes
from grids.models import NODE_MANAGER_ROLES, Node
from organisations.models import PartyOrganisation
from people.models import Person
from volunteers.models import (
    Claim,
    ClaimStatus,
    DualReport,
    Post,
    RecordKind,
    RecordStatus,
    ReportStatus,
    ServiceRecord,
    Shift,
)

RECORDED = Q(kind=RecordKind.RECORDED, checked_out_at__isnull=False)
DECLARED = Q(kind=RecordKind.DECLARED, status=RecordStatus.APPROVED)
ZERO = Decimal("0")

# what a total can be grouped by
GROUPS = {
    "person": "person_id",
    "unit": "unit_id",
    "team": "team_id",
    "community": "community_id",
}


def _sums():
    # rows counted by ``kind`` (never null), not by id: the sums read only columns that the community index
    # carries, so that a page of communities is summed from the index alone
    return {
        "recorded_times": Count("kind", filter=RECORDED),
        "recorded_hours": Coalesce(Sum("hours", filter=RECORDED), ZERO),
        "declared_times": Count("kind", filter=DECLARED),
        "declared_hours": Coalesce(Sum("hours", filter=DECLARED), ZERO),
    }


def in_period(
    qs: QuerySet[ServiceRecord], start: datetime.date | None = None, end: datetime.date | None = None
) -> QuerySet[ServiceRecord]:
    if start:
        qs = qs.filter(served_on__gte=start)
    if end:
        qs = qs.filter(served_on__lte=end)
    return qs


def totals(qs: QuerySet[ServiceRecord] | None = None, **period) -> dict:
    """Person-times and hours, recorded (checked in and out) and declared (approved) apart; declared hours
    waiting for approval count in neither."""
    qs = in_period(ServiceRecord.objects.all() if qs is None else qs, **period)
    return qs.aggregate(**_sums())


def totals_by(group: str, qs: QuerySet[ServiceRecord] | None = None, **period) -> dict[int | None, dict]:
    """The same totals per person, unit, team or community."""
    return {row.pop("key"): row for row in total_rows(group, qs, **period)}


def total_rows(group: str, qs: QuerySet[ServiceRecord] | None = None, **period) -> QuerySet:
    """The totals per person, unit, team or community as rows (``key`` and the sums), by key (records of no
    unit or team last), summed in the database: a page of them is read with ``LIMIT``."""
    field = GROUPS[group]
    qs = in_period(ServiceRecord.objects.all() if qs is None else qs, **period)
    return qs.order_by().values(key=F(field)).annotate(**_sums()).order_by(F("key").asc(nulls_last=True))


# --- pages: posts and shifts ------------------------------------------------------------------------------


def browsable_posts(user) -> QuerySet[Post]:
    """Every open post (a directory to signed-in accounts: anyone may find a post to serve at), plus the closed
    ones in the user's scope."""
    # a correlated EXISTS, not ``pk IN (every post in scope)``: the page reads the directory's index and tests
    # the scope only for the closed posts it meets
    in_scope = scopes.visible(user, Post.objects.filter(pk=OuterRef("pk")))
    return Post.objects.filter(Q(is_open=True) | Q(Exists(in_scope)))


def may_see_post(user, post: Post) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (post.is_open or scopes.can_view(user, post))


def may_see_shift(user, shift: Shift) -> bool:
    return may_see_post(user, shift.post)


def post_list(*, user) -> QuerySet[Post]:
    """The posts a user may browse, with the next shift to come and the places left on the shifts to come
    (two correlated subqueries per row of the page, never a query per row)."""
    now = timezone.now()
    upcoming = Shift.objects.filter(post=OuterRef("pk"), starts_at__gt=now).order_by()
    free = upcoming.values("post").annotate(free=Sum("capacity") - Sum("claimed")).values("free")
    return (
        browsable_posts(user)
        .select_related("node", "team")
        .annotate(
            next_shift_at=Subquery(upcoming.values("post").annotate(first=Min("starts_at")).values("first")),
            places_left=Coalesce(Subquery(free, output_field=IntegerField()), 0),
        )
        .order_by("-is_emergency", "-is_open", "-created_at", "-pk")
    )


def post_shifts(post: Post, *, past_days: int = 7) -> QuerySet[Shift]:
    """The post's shifts from ``past_days`` ago on, in time order."""
    since = timezone.now() - datetime.timedelta(days=past_days)
    return post.shifts.filter(ends_at__gte=since).order_by("starts_at", "pk")


def claimed_shift_ids(person_id: int | None, shifts) -> set[int]:
    """The ids among ``shifts`` on which the person holds an active claim (one query)."""
    if not person_id:
        return set()
    return set(
        Claim.objects.filter(person_id=person_id, shift__in=shifts, status=ClaimStatus.ACTIVE).values_list(
            "shift_id", flat=True
        )
    )


def shift_claims(shift: Shift) -> QuerySet[Claim]:
    """The active claims of a shift, with the person and their check-in on it (the organiser's page)."""
    record = ServiceRecord.objects.filter(shift=shift, person=OuterRef("person"), kind=RecordKind.RECORDED)
    return (
        shift.claims.filter(status=ClaimStatus.ACTIVE)
        .select_related("person", "unit")
        .annotate(
            checked_in_at=Subquery(record.values("checked_in_at")[:1]),
            checked_out_at=Subquery(record.values("checked_out_at")[:1]),
            recorded_hours=Subquery(record.values("hours")[:1]),
        )
        .order_by("person__name", "pk")
    )


# --- who the user acts for ----------------------------------------------------------------------------------


def acting_for(*, user) -> QuerySet[Person]:
    """The people the user may claim shifts and report for: themself, their unit's party members and, for
    a street or community's managers, the people where they live (``services._acts_for``)."""
    scope = scopes.scope_of(user)
    people = Person.objects.select_related("node").order_by("name", "pk")
    if scope.is_superuser:
        return people
    condition = Q(pk=scope.person_id) if scope.person_id else Q(pk__in=[])
    if scope.unit_ids:
        condition |= Q(work_unit_id__in=scope.unit_ids)
    for path in scope.write_paths(NODE_MANAGER_ROLES):
        condition |= Q(node__path__startswith=path)
    return people.filter(condition)


def unit_party_members(*, user) -> QuerySet[Person]:
    """The party members in service at the user's units (a unit admin reports and claims for them)."""
    scope = scopes.scope_of(user)
    people = Person.objects.exclude(party_status=Person.PartyStatus.NONE).select_related("node", "work_unit")
    if not scope.is_superuser:
        people = people.filter(work_unit_id__in=scope.unit_ids)
    else:
        people = people.filter(work_unit__isnull=False)
    return people.order_by("name", "pk")


def communities() -> QuerySet[Node]:
    """Every community of the city (a public directory: where a member reports, where posts are)."""
    return Node.objects.filter(kind=Node.Kind.COMMUNITY).order_by("name", "pk")


def my_person(user) -> Person | None:
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None
    return Person.objects.select_related("node", "household", "work_unit").filter(pk=person_id).first()


# --- pages: reports, claims, records -------------------------------------------------------------------------


def report_list(*, user) -> QuerySet[DualReport]:
    # the organisation and the unit are read for the page's rows after it (two small queries): joined into the
    # page's query, they made the planner hash every organisation of the city before it took a community's page
    return (
        scopes.visible(user, DualReport.objects.all())
        .select_related("person", "community", "grid", "household", "household__node")
        .prefetch_related("organisation", "unit")
    )


def decidable_report_ids(user, reports) -> set[int]:
    """The waiting reports among ``reports`` the user may decide (one query)."""
    pending = [r.pk for r in reports if r.status == ReportStatus.PENDING]
    if not pending:
        return set()
    return set(scopes.editable(user, DualReport.objects.filter(pk__in=pending)).values_list("pk", flat=True))


def roster(*, user) -> QuerySet[DualReport]:
    """The approved members' reports a user sees, with each member's active claims and hours (recorded and
    declared apart) as correlated subqueries."""
    records = ServiceRecord.objects.filter(person=OuterRef("person")).order_by().values("person")
    claims = (
        Claim.objects.filter(person=OuterRef("person"), status=ClaimStatus.ACTIVE)
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )

    def total(condition, aggregate):
        return Subquery(records.filter(condition).annotate(v=aggregate).values("v"))

    return (
        report_list(user=user)
        .filter(status=ReportStatus.APPROVED, person__isnull=False)
        .annotate(
            claims_count=Coalesce(Subquery(claims, output_field=IntegerField()), 0),
            recorded_hours=Coalesce(total(RECORDED, Sum("hours")), ZERO),
            declared_hours=Coalesce(total(DECLARED, Sum("hours")), ZERO),
        )
        .order_by("community__path", "grid__path", "person__name", "pk")
    )


def claim_list(*, user) -> QuerySet[Claim]:
    return scopes.visible(user, Claim.objects.all()).select_related(
        "shift", "shift__post", "shift__post__node", "person", "unit"
    )


def record_list(*, user) -> QuerySet[ServiceRecord]:
    return scopes.visible(user, ServiceRecord.objects.all()).select_related(
        "person", "shift", "shift__post", "community", "unit"
    )


def decidable_record_ids(user, records) -> set[int]:
    pending = [r.pk for r in records if r.kind == RecordKind.DECLARED and r.status == RecordStatus.PENDING]
    if not pending:
        return set()
    return set(scopes.editable(user, ServiceRecord.objects.filter(pk__in=pending)).values_list("pk", flat=True))


def upcoming_claims_of(person_id: int, *, since: datetime.datetime) -> QuerySet[Claim]:
    """A person's active claims of shifts ending after ``since`` (their page and calendar feed)."""
    return (
        Claim.objects.filter(person_id=person_id, status=ClaimStatus.ACTIVE, shift__ends_at__gte=since)
        .select_related("shift", "shift__post", "shift__post__node")
        .order_by("shift__starts_at", "pk")
    )


def shifts_with_code(*, person_id: int, code: str, now: datetime.datetime) -> QuerySet[Shift]:
    """The shifts a person holds a place on whose check-in code is ``code`` and still valid."""
    return Shift.objects.filter(
        claims__person_id=person_id,
        claims__status=ClaimStatus.ACTIVE,
        code=code,
        code_expires_at__gt=now,
    ).select_related("post")


# --- emergency mobilisation ---------------------------------------------------------------------------------


def on_duty_now(*, user, under: Node | None = None) -> QuerySet[ServiceRecord]:
    """Who is on duty now at an emergency post (checked in, not yet out), in the user's area (or the city's
    open emergency posts for accounts without an area)."""
    now = timezone.now()
    qs = ServiceRecord.objects.filter(
        kind=RecordKind.RECORDED,
        checked_out_at__isnull=True,
        checked_in_at__lte=now,
        shift__post__is_emergency=True,
        shift__ends_at__gt=now - datetime.timedelta(hours=2),
    )
    qs = scopes.visible(user, qs)
    if under is not None:
        qs = qs.filter(community__path__startswith=under.path)
    return qs.select_related("person", "unit", "community", "shift", "shift__post").order_by(
        "community__name", "shift__post__title", "checked_in_at", "pk"
    )


def _running_shifts(now: datetime.datetime) -> QuerySet[Shift]:
    """The shifts running at ``now``, found among those begun within a shift's longest length (an index range
    on ``volunteers_shift_starts``, not every shift)."""
    return Shift.objects.filter(starts_at__gt=now - Shift.MAX_LENGTH, starts_at__lte=now, ends_at__gt=now)


def _with_figures_now(posts: QuerySet[Post], now: datetime.datetime) -> QuerySet[Post]:
    """Posts with whether a shift runs now, the places taken on the shifts running now and the people checked
    in now; computed for the rows read only."""
    running = _running_shifts(now).filter(post=OuterRef("pk")).order_by()
    present = ServiceRecord.objects.filter(
        shift__post=OuterRef("pk"), kind=RecordKind.RECORDED, checked_out_at__isnull=True, shift__ends_at__gt=now
    ).order_by()
    return posts.select_related("node").annotate(
        running=Exists(running),
        claimed_now=Coalesce(
            Subquery(running.values("post").annotate(n=Sum("claimed")).values("n"), output_field=IntegerField()),
            0,
        ),
        present_now=Coalesce(
            Subquery(present.values("shift__post").annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            0,
        ),
    )


def _open_emergency_posts(user, under: Node | None) -> QuerySet[Post]:
    qs = scopes.visible(user, Post.objects.filter(is_open=True, is_emergency=True))
    if under is not None:
        qs = qs.filter(node__path__startswith=under.path)
    return qs


def emergency_posts_now(*, user, under: Node | None = None) -> QuerySet[Post]:
    """The open emergency posts in the user's area, area by area along the tree, with the figures of now.

    The order is the tree's, so a page is read area by area from the ``volunteers_post_emergency`` index
    whatever the number of posts; the posts running now are listed apart (``running_now``)."""
    now = timezone.now()
    return _with_figures_now(_open_emergency_posts(user, under), now).order_by("node__path", "title", "pk")


def running_now(posts: QuerySet[Post]) -> QuerySet[Post]:
    """Those of ``posts`` with a shift running now: the few that matter first in an emergency."""
    return posts.filter(pk__in=_running_shifts(timezone.now()).values("post_id"))


def post_nodes(*, user) -> QuerySet[Node]:
    """The streets, towns and communities where the user may publish a post."""
    nodes = Node.objects.filter(kind__in=[Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY])
    scope = scopes.scope_of(user)
    if not scope.is_superuser:
        paths = scope.write_paths(NODE_MANAGER_ROLES)
        if not paths:
            return nodes.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        nodes = nodes.filter(condition)
    return nodes.order_by("path")


def team_choices(*, user) -> QuerySet:
    """The party organisations (teams, temporary branches) the user sees: the team a post names."""
    return scopes.visible(user, PartyOrganisation.objects.select_related("node")).order_by("name", "pk")


def may_see_claim(user, claim: Claim) -> bool:
    """A claim is seen by its person, their unit's admins, the post's area (the scope rule) and whoever made it."""
    return claim.claimed_by_id == getattr(user, "pk", None) or scopes.can_view(user, claim)


def todays_records(*, person_id: int) -> QuerySet[ServiceRecord]:
    """A person's check-ins of today (the check-in page shows where they are in or out)."""
    return (
        ServiceRecord.objects.filter(person_id=person_id, kind=RecordKind.RECORDED, served_on=timezone.localdate())
        .select_related("shift", "shift__post")
        .order_by("-checked_in_at", "-pk")
    )


def unit_organisations(*, user) -> QuerySet[PartyOrganisation]:
    """The party organisations of the user's units (a unit's admin reports them to the community they stand in)."""
    scope = scopes.scope_of(user)
    orgs = PartyOrganisation.objects.filter(unit__isnull=False)
    if not scope.is_superuser:
        orgs = orgs.filter(unit_id__in=scope.unit_ids)
    return orgs.select_related("unit").order_by("name", "pk")


def roster_page_rows(*, user) -> QuerySet[DualReport]:
    """The approved members' reports a user sees, in roster order, without figures: the page asks
    ``roster_figures`` for the figures of its own rows only (the figures of every row of the city, computed
    before sorting, cost ten times more)."""
    return (
        report_list(user=user)
        .filter(status=ReportStatus.APPROVED, person__isnull=False)
        .order_by("community__path", "grid__path", "person__name", "pk")
    )


def roster_figures(reports) -> None:
    """Sets ``claims_count``, ``recorded_hours`` and ``declared_hours`` on each of ``reports`` (two queries)."""
    person_ids = {r.person_id for r in reports}
    hours = totals_by("person", ServiceRecord.objects.filter(person_id__in=person_ids))
    claims = dict(
        Claim.objects.filter(person_id__in=person_ids, status=ClaimStatus.ACTIVE)
        .order_by()
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    for report in reports:
        figures = hours.get(report.person_id, {})
        report.claims_count = claims.get(report.person_id, 0)
        report.recorded_hours = figures.get("recorded_hours", ZERO)
        report.declared_hours = figures.get("declared_hours", ZERO)
