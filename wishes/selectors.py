"""Reads of the wishes app, scoped to the user and prefetched: the staff queue, one wish's page, the wishes
open to claims, a resident's own, the public menu, and the public feed (Open311)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts import scopes
from grids.models import Node
from organisations.models import PLANNED_END_KINDS, PartyOrganisation
from volunteers.models import Post
from wishes.masking import mask_phones_in
from wishes.models import OPEN_STATUSES, QUEUE_ORDER, ServiceItem, ServiceQuestion, Wish, WishEvent
from wishes.services import wishes as services


def _queue_order(qs: QuerySet[Wish]) -> QuerySet[Wish]:
    """Open wishes first, special-care households first among them, then oldest first (``QUEUE_ORDER``, which
    an index serves)."""
    return qs.order_by(*QUEUE_ORDER)


def wish_list(*, user) -> QuerySet[Wish]:
    """Returns the wishes the user sees, in queue order, with what a list row shows."""
    qs = scopes.visible(user, Wish.objects.all()).select_related(
        "community", "building", "item", "provider_unit", "provider_person"
    )
    return _queue_order(qs)


def claimable(*, user) -> QuerySet[Wish]:
    """Returns the accepted wishes the user may claim: of the communities where the user's member units are
    stationed, or where the party member lives."""
    scope = scopes.scope_of(user)
    communities = Q(pk__in=[])
    if scope.unit_ids:
        communities |= Q(community__member_units__pk__in=scope.unit_ids)
    if scope.person_id and "party_member" in scope.roles:
        node_path = Node.objects.filter(people__pk=scope.person_id).values_list("path", flat=True).first()
        if node_path:
            community = Node.objects.filter(
                kind=Node.Kind.COMMUNITY,
                path__in=[node_path[: i * Node.steplen] for i in range(1, len(node_path) // Node.steplen + 1)],
            ).first()
            if community is not None:
                communities |= Q(community=community)
    qs = Wish.objects.filter(communities, status__in=sorted(services.CLAIMABLE)).distinct()
    return _queue_order(qs.select_related("community", "building", "item", "provider_unit", "provider_person"))


def resident_wishes(*, user) -> QuerySet[Wish]:
    """Returns the wishes a signed-in resident submitted, newest first."""
    if not getattr(user, "person_id", None):
        return Wish.objects.none()
    return Wish.objects.filter(resident_id=user.person_id).select_related("community", "item").order_by("-created_at")


@dataclass
class WishPage:
    wish: Wish
    events: list[WishEvent]
    allowed: list[str]
    can_manage: bool
    can_progress: bool
    claim: dict | None
    can_see_contact: bool
    duplicates_choices: QuerySet[Wish]


def wish_page(*, user, wish: Wish) -> WishPage:
    """Returns what the staff page of one wish shows and offers."""
    manage = services.can_manage(user, wish)
    events = list(wish.events.select_related("actor").order_by("at", "pk"))
    return WishPage(
        wish=wish,
        events=events,
        allowed=services.allowed_transitions(wish),
        can_manage=manage,
        can_progress=services.can_progress(user, wish),
        claim=services.claimant(user, wish) if wish.status in services.CLAIMABLE else None,
        can_see_contact=services.can_see_contact(user, wish),
        duplicates_choices=Wish.objects.filter(community_id=wish.community_id, status__in=sorted(OPEN_STATUSES))
        .exclude(pk=wish.pk)
        .order_by("-created_at")[:50]
        if manage and wish.status == Wish.Status.SUBMITTED
        else Wish.objects.none(),
    )


def public_events(wish: Wish) -> list[WishEvent]:
    """Returns the history the resident sees on the tracking page (notes with phones masked)."""
    events = list(wish.events.order_by("at", "pk"))
    for event in events:
        event.note = mask_phones_in(event.note)
    return events


def menu(*, community: Node) -> QuerySet[ServiceItem]:
    """Returns a community's menu as the public sees it: the items on offer with their questions."""
    questions = Prefetch("questions", queryset=ServiceQuestion.objects.order_by("order", "pk"))
    return ServiceItem.objects.filter(community=community, is_active=True).prefetch_related(questions).order_by("title")


def menu_items(*, user) -> QuerySet[ServiceItem]:
    """Returns the menu items the user sees (staff), with their community and questions."""
    questions = Prefetch("questions", queryset=ServiceQuestion.objects.order_by("order", "pk"))
    return (
        scopes.visible(user, ServiceItem.objects.all())
        .select_related("community")
        .prefetch_related(questions)
        .order_by("community__path", "title")
    )


def communities_search(q: str, limit: int = 20) -> list[Node]:
    """Returns up to ``limit`` communities whose name contains ``q`` (the public start page)."""
    q = (q or "").strip()[:50]
    qs = Node.objects.filter(kind=Node.Kind.COMMUNITY)
    if q:
        qs = qs.filter(name__contains=q)
    return list(qs.order_by("path")[:limit])


def buildings_of(community: Node) -> QuerySet[Node]:
    """Returns the buildings of a community, in tree order (the public form: a few dozen)."""
    return Node.objects.filter(path__startswith=community.path, kind=Node.Kind.BUILDING).order_by("path")


def entry_buildings(*, user) -> QuerySet[Node]:
    """Returns the buildings and stairwell units where the user may enter wishes on a resident's behalf (the
    ``building`` picker: a street holds thousands)."""
    scope = scopes.scope_of(user)
    qs = Node.objects.filter(kind__in=[Node.Kind.BUILDING, Node.Kind.STAIRWELL])
    if scope.is_superuser:
        return qs.order_by("path")
    paths = scope.write_paths(services.ENTRY_ROLES)
    if not paths:
        return qs.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return qs.filter(condition).order_by("path")


# what the public feed shows of a wish and of the rows it names: a page of the feed is up to 1,000 wishes, and
# building each with every column of five models took most of its time
PUBLIC_FEED_FIELDS = (
    *("kind", "status", "reason", "rating", "title", "description"),
    *("created_at", "updated_at", "status_changed_at", "promised_on"),
    *("provider_kind", "provider_name", "provider_unit__name", "provider_person__name"),
    *("community__name", "building__name", "item__title"),
)


def public_feed() -> QuerySet[Wish]:
    """Returns every wish for the public Open311 feed (masked by the caller), newest first, with only the
    columns the feed shows."""
    related = ("community", "building", "item", "provider_unit", "provider_person")
    return Wish.objects.select_related(*related).only(*PUBLIC_FEED_FIELDS).order_by("-created_at", "-pk")


def dispatch_posts(*, user) -> QuerySet[Post]:
    """The open vanguard posts in the user's area, to which a wish may be dispatched."""
    return scopes.visible(user, Post.objects.filter(is_open=True).select_related("node")).order_by("title", "pk")


def dispatch_teams(*, user) -> QuerySet[PartyOrganisation]:
    """The teams and temporary party branches in the user's area that serve today, to which a wish may be
    dispatched."""
    serving = Q(ends_on__isnull=True) | Q(ends_on__gte=timezone.localdate())
    teams = PartyOrganisation.objects.filter(serving, kind__in=sorted(PLANNED_END_KINDS)).select_related("node")
    return scopes.visible(user, teams).order_by("name", "pk")
