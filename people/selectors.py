import re

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Replace

from accounts import scopes
from grids.models import Household, Node
from people.models import Duty, Person

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
    (under ``node`` when given), counted in the database: "525 grid chiefs over 521 grids"."""
    qs = scopes.visible(user, Duty.objects.filter(ended_on__isnull=True))
    if node is not None:
        qs = qs.filter(node__path__startswith=node.path)
    rows = (
        qs.order_by()
        .values("kind")
        .annotate(
            serving=Count("pk"),
            full_time=Count("pk", filter=Q(employment=Duty.Employment.FULL_TIME)),
            part_time=Count("pk", filter=Q(employment=Duty.Employment.PART_TIME)),
            nodes=Count("node", distinct=True),
        )
    )
    return {row["kind"]: {key: row[key] for key in ("serving", "full_time", "part_time", "nodes")} for row in rows}
