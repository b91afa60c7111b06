"""Reads of the territory and grid tree, already scoped to the user."""

from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Left

from accounts import scopes
from grids.models import ADMINISTRATIVE_KINDS, Household, Node, NodeSummary
from people.models import Duty, Person


def area_nodes(*, user) -> QuerySet[Node]:
    """Returns the districts, counties, streets, towns and communities the user may see, in tree order
    (the choices of "in this area" filters)."""
    kinds = sorted(ADMINISTRATIVE_KINDS - {Node.Kind.CITY})  # the condition of the index grids_node_area_path
    return scopes.visible(user, Node.objects.filter(kind__in=kinds)).order_by("path")


def serving_duties() -> QuerySet[Duty]:
    return Duty.objects.filter(ended_on__isnull=True).select_related("person").order_by("kind", "started_on")


@dataclass
class ChildRow:
    node: Node
    counts: dict[str, int] = field(default_factory=dict)  # node kind → number of nodes of that kind below
    households: int = 0


@dataclass
class NodePage:
    node: Node
    ancestors: list[Node]
    visible_ancestor_ids: set[int]
    children: list[ChildRow]
    households: list[Household]
    can_change: bool
    can_add_households: bool

    @property
    def count_columns(self) -> list[tuple[str, str]]:
        """Returns (kind, label) of the node kinds counted below the children, in tree order."""
        present = {kind for row in self.children for kind in row.counts}
        return [(kind, label) for kind, label in Node.Kind.choices if kind in present]

    @property
    def has_households_below(self) -> bool:
        return any(row.households for row in self.children)


def node_page(*, user, node: Node) -> NodePage:
    """Returns what the tree browser shows for ``node``: ancestors, children with their chiefs and the
    number of nodes and households under each, and (for a stairwell unit) its households.

    A fixed number of queries, whatever the size of the subtree.
    """
    ancestors = list(Node.objects.filter(path__in=node.ancestor_paths()).order_by("depth"))
    visible_ancestor_ids = set(
        scopes.visible(user, Node.objects.filter(pk__in=[a.pk for a in ancestors])).values_list("pk", flat=True)
    )
    duties = Prefetch("duties", queryset=serving_duties(), to_attr="serving_duties")
    children = list(
        Node.objects.filter(path__startswith=node.path, depth=node.depth + 1)
        .select_related("summary")  # what lies under each child, counted ahead (grids.summaries)
        .prefetch_related(duties)
        .order_by("path")
    )
    prefetch_related_objects([node], duties)  # its own chiefs, on the node the view already has
    rows = {}
    for child in children:
        summary = _summary(child)
        rows[child.path] = ChildRow(node=child, counts=summary.node_counts(), households=summary.households)
    households = []
    if node.kind == Node.Kind.STAIRWELL:
        households = list(
            scopes.visible(user, node.households.all())
            .prefetch_related(Prefetch("members", queryset=Person.objects.order_by("pk")))
            .order_by("door_number")
        )
    return NodePage(
        node=node,
        ancestors=ancestors,
        visible_ancestor_ids=visible_ancestor_ids,
        children=list(rows.values()),
        households=households,
        can_change=scopes.can_change(user, node),
        can_add_households=node.kind == Node.Kind.STAIRWELL
        and scopes.can_create_under(user, node, roles=Household.scope_rule.write_roles),
    )


def household_list(*, user) -> QuerySet[Household]:
    """Returns the households the user may see, in tree order, with the stairwell unit joined and the names of
    its building (``building_name``) and community (``community_name``) computed in the same query."""
    # the tree's levels are fixed (PARENT_KINDS): city 1, district 2, street 3, community 4, grid 5, building 6
    stairwell_path = OuterRef("node__path")
    building = Node.objects.filter(path=Left(stairwell_path, 6 * Node.steplen))
    community = Node.objects.filter(path=Left(stairwell_path, 4 * Node.steplen))
    return (
        scopes.visible(user, Household.objects.select_related("node"))
        .annotate(
            building_name=Subquery(building.values("name")[:1]),
            community_name=Subquery(community.values("name")[:1]),
        )
        .order_by("node__path", "door_number", "pk")
    )


def _summary(node: Node) -> NodeSummary:
    """Returns the node's summary row (an empty one if the nightly recount has not made it yet)."""
    try:
        return node.summary
    except NodeSummary.DoesNotExist:
        return NodeSummary(node=node)


def subtree_counts(*, node: Node) -> dict[str, int]:
    """Returns, for the subtree under ``node``, the number of nodes per kind plus households, people and
    party members. Used by the home page of office and secretary roles. One row read (``NodeSummary``), so
    as fresh as ``grids.summaries`` keeps it (see docs/architecture.md)."""
    summary = NodeSummary.objects.filter(node=node).first() or NodeSummary(node=node)
    counts: dict[str, int] = summary.node_counts()
    counts["districts_and_counties"] = summary.district + summary.county
    counts["streets_and_towns"] = summary.street + summary.town
    counts["households"] = summary.households
    counts["people"] = summary.people
    counts["party_members"] = summary.party_members
    return counts
