import re

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Replace

from accounts import scopes
from grids.models import Household, Node
from people.models import Duty, DutySummary, Person

MIN_DIGITS = 3  # a phone or identity search needs this many digits, so that "1" does not match everyone


def person_list(*, user) -> QuerySet[Person]:
    """Returns the people the user may see, with what a list shows already joined."""
    return scopes.visible(user, Person.objects.select_related("node", "work_unit")).order_by("node__path", "pk")


def seen_whole(*, user, people: QuerySet[Person]) -> QuerySet[Person]:
    """Returns the people of ``people`` whose personal data the user sees whole, by the rule of
    ``people.services.person_personal_data``: those the user may change, and the user's own record."""
    condition = Q(pk__in=scopes.editable(user, Person.objects.all()).values("pk"))
    if getattr(user, "person_id", None):
        condition |= Q(pk=user.person_id)
    return people.filter(condition)


def nameable(*, user) -> QuerySet[Person]:
    """Returns the people the user may name in a record (an organisation's secretary or member, an activity's
    participant), with where they live: those whose record the user sees whole (``seen_whole``) and, for a
    member unit's admins, the people working at their unit."""
    people = scopes.visible(user, Person.objects.all())
    condition = Q(pk__in=seen_whole(user=user, people=people).values("pk"))
    unit_ids = scopes.scope_of(user).unit_ids
    if unit_ids:
        condition |= Q(work_unit_id__in=sorted(unit_ids))
    return people.filter(condition).select_related("node").order_by("name", "pk")


def person_search(*, user, queryset: QuerySet[Person], term: str) -> QuerySet[Person]:
    """Returns the people of ``queryset`` whose name contains ``term``, or whose phone or identity number
    contains its digits: the one search of people for pages, API and admin. Personal data is searched only
    among the records the user sees whole (``seen_whole``), so that a search never confirms a name or a
    number that the user may only see masked."""
    term = term.strip()
    if not term:
        return queryset
    match = Q(name__icontains=term)
    digits = re.sub(r"[^0-9Xx]", "", term)
    if len(digits) >= MIN_DIGITS and len(digits) == len(term.replace("-", "").replace(" ", "")):
        match |= Q(phone_digits__contains=digits) | Q(id_number__icontains=digits)
    people = queryset.annotate(phone_digits=Replace("phone", Value("-"), Value("")))
    return seen_whole(user=user, people=people).filter(match)


def household_search(*, user, queryset: QuerySet[Household], term: str) -> QuerySet[Household]:
    """Returns the households of ``queryset`` whose door number or building or stairwell name contains
    ``term``, or with a member found by ``person_search`` (so by name or phone only among the people the user
    sees whole)."""
    term = term.strip()
    if not term:
        return queryset
    members = person_search(user=user, queryset=Person.objects.filter(household__isnull=False), term=term)
    return queryset.filter(
        Q(door_number__icontains=term) | Q(node__name__icontains=term) | Q(pk__in=members.values("household_id"))
    )


def duty_list(*, user, serving_only: bool = True) -> QuerySet[Duty]:
    qs = scopes.visible(user, Duty.objects.select_related("person", "node"))
    if serving_only:
        qs = qs.filter(ended_on__isnull=True)
    return qs.order_by("node__path", "kind")


def chief_counts(*, user, node: Node | None = None) -> dict[str, dict[str, int]]:
    """Returns post kind → {"serving", "full_time", "part_time", "nodes"} for the serving posts the user sees
    (under ``node`` when given): "525 grid chiefs over 521 grids". Read from the summary rows of the user's few
    scope roots (``people.summaries``), plus the user's own posts outside them, counted live (a handful)."""
    scope = scopes.scope_of(user)
    if scope.is_superuser:
        roots = [node.path] if node is not None else list(Node.objects.filter(depth=1).values_list("path", flat=True))
    elif node is None:
        roots = list(scope.read_paths)
    else:
        roots = [p for p in scope.read_paths if p.startswith(node.path)]
        if any(node.path.startswith(p) for p in scope.read_paths):
            roots = [node.path]
    keys = ("serving", "full_time", "part_time", "nodes")
    counts: dict[str, dict[str, int]] = {}
    if roots:
        rows = (
            DutySummary.objects.filter(node__path__in=roots, serving__gt=0)
            .order_by()
            .values("kind")
            .annotate(**{key: Sum(key) for key in keys})
        )
        counts = {row["kind"]: {key: row[key] for key in keys} for row in rows}
    if scope.person_id and not scope.is_superuser:  # one's own posts, seen wherever they are
        own = Duty.objects.filter(person_id=scope.person_id, ended_on__isnull=True).exclude(_under_any(roots))
        if node is not None:
            own = own.filter(node__path__startswith=node.path)
        for row in _counted(own):
            mine = counts.setdefault(row["kind"], dict.fromkeys(keys, 0))
            for key in keys:
                mine[key] += row[key]
    return counts


def _under_any(paths) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(node__path__startswith=path)
    return condition


def _counted(qs):
    return (
        qs.order_by()
        .values("kind")
        .annotate(
            serving=Count("pk"),
            full_time=Count("pk", filter=Q(employment=Duty.Employment.FULL_TIME)),
            part_time=Count("pk", filter=Q(employment=Duty.Employment.PART_TIME)),
            nodes=Count("node", distinct=True),
        )
    )
