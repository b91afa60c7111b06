"""The territorial tree and, under each community, the grid tree, in one materialised-path tree.

city → district/county → street/town → community → grid → building → stairwell unit; households hang
from stairwell units. One tree means "everything under this street" is one indexed ``path LIKE`` query.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Left
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from liaoyuan.core.models import TimeStampedModel, choices_constraint
from liaoyuan.core.scoping import ScopeRule

NODE_MANAGER_ROLES = frozenset({"street_secretary", "street_staff", "community_secretary", "community_worker"})


STREET_DEPTH = 3  # the tree's levels: city 1, district or county 2, street or town 3, community 4


class NodeKind(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    COUNTY = "county", _("County")
    STREET = "street", _("Street")
    TOWN = "town", _("Town")
    COMMUNITY = "community", _("Community")
    GRID = "grid", _("Grid")
    BUILDING = "building", _("Building")
    STAIRWELL = "stairwell", _("Stairwell unit")


class Node(MP_Node, TimeStampedModel):
    Kind = NodeKind

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=32, blank=True, help_text=_("Administrative or grid code."))
    party_org_name = models.CharField(
        _("party organisation"),
        max_length=150,
        blank=True,
        help_text=_("Party committee, grid party branch or building party group at this level."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)

    node_order_by = None  # siblings keep the order they were added in
    scope_rule = ScopeRule(node="", write_roles=NODE_MANAGER_ROLES)

    class Meta:
        verbose_name = _("node")
        verbose_name_plural = _("nodes")
        constraints = [
            choices_constraint("kind", NodeKind, "grids_node_kind_valid"),
            # siblings (same parent path) have different names: no second "第1网格" in a community
            models.UniqueConstraint(
                Left("path", (models.F("depth") - 1) * MP_Node.steplen),
                "name",
                name="grids_node_unique_name_among_siblings",
            ),
        ]
        indexes = [
            # "all communities / grids under this street": kind filter plus path prefix
            models.Index(fields=["kind", "path"], name="grids_node_kind_path"),
            # a node's children: "depth = d + 1 AND path LIKE 'parent%'" (tree pages, summaries); the pattern
            # operator class lets PostgreSQL use the index for LIKE under any collation (ignored elsewhere)
            models.Index(
                fields=["depth", "path"], opclasses=["int4_ops", "varchar_pattern_ops"], name="grids_node_depth_path"
            ),
            # the areas in tree order (the choices of "in this area" filters): a few hundred rows of the tree,
            # read in order from their own index instead of walking every node's path
            models.Index(
                fields=["path"],
                condition=models.Q(
                    kind__in=[NodeKind.DISTRICT, NodeKind.COUNTY, NodeKind.STREET, NodeKind.TOWN, NodeKind.COMMUNITY]
                ),
                name="grids_node_area_path",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("grids:node", args=[self.pk])

    @property
    def parent_path(self) -> str:
        """Returns the path of the parent node ('' for the root), without a query."""
        return self.path[: -self.steplen]

    def ancestor_paths(self) -> list[str]:
        """Returns the paths of all ancestors, root first, computed from the path (no query)."""
        return [self.path[: self.steplen * i] for i in range(1, self.depth)]


# Which kind of node may stand under which (None: the root).
PARENT_KINDS: dict[str, frozenset[str | None]] = {
    Node.Kind.CITY: frozenset({None}),
    Node.Kind.DISTRICT: frozenset({Node.Kind.CITY}),
    Node.Kind.COUNTY: frozenset({Node.Kind.CITY}),
    Node.Kind.STREET: frozenset({Node.Kind.DISTRICT, Node.Kind.COUNTY}),
    Node.Kind.TOWN: frozenset({Node.Kind.DISTRICT, Node.Kind.COUNTY}),
    Node.Kind.COMMUNITY: frozenset({Node.Kind.STREET, Node.Kind.TOWN}),
    Node.Kind.GRID: frozenset({Node.Kind.COMMUNITY}),
    Node.Kind.BUILDING: frozenset({Node.Kind.GRID}),
    Node.Kind.STAIRWELL: frozenset({Node.Kind.BUILDING}),
}


def kinds_below(kind: str) -> frozenset[str]:
    """Returns the kinds of node that may stand anywhere below a node of ``kind`` (from ``PARENT_KINDS``)."""
    below: set[str] = set()
    frontier = {kind}
    while frontier:
        frontier = {child for child, parents in PARENT_KINDS.items() if parents & frontier} - below
        below |= frontier
    return frozenset(below)


ADMINISTRATIVE_KINDS = frozenset(
    {Node.Kind.CITY, Node.Kind.DISTRICT, Node.Kind.COUNTY, Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY}
)


DOOR_TAKEN = _("This stairwell unit already has a household with this door number.")


class Household(TimeStampedModel):
    """A household living in a stairwell unit."""

    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("stairwell unit"),
        limit_choices_to={"kind": Node.Kind.STAIRWELL},
    )
    door_number = models.CharField(_("door number"), max_length=20)
    address = models.CharField(_("address"), max_length=200, blank=True)
    size = models.PositiveSmallIntegerField(_("people in household"), default=1)
    is_party_central = models.BooleanField(_("party-member central household"), default=False)
    elderly_alone = models.BooleanField(_("elderly living alone"), default=False)
    disabled_member = models.BooleanField(_("disabled member"), default=False)
    single_parent = models.BooleanField(_("single-parent family"), default=False)
    in_difficulty = models.BooleanField(_("in difficulty"), default=False)

    scope_rule = ScopeRule(node="node", person="members", multi=True, write_roles=NODE_MANAGER_ROLES | {"chief"})

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(fields=["node", "door_number"], name="grids_household_unique_door"),
            models.CheckConstraint(condition=models.Q(size__gte=1), name="grids_household_size_positive"),
        ]

    def __str__(self):
        return f"{self.node.name} {self.door_number}"

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("node", "door_number"):
            return ValidationError(DOOR_TAKEN, code="unique_together")
        return super().unique_error_message(model_class, unique_check)


SUMMARY_KINDS = ("district", "county", "street", "town", "community", "grid", "building", "stairwell")


class NodeSummary(models.Model):
    """What lies under one node, counted ahead of reading (``grids.summaries``): nodes of each kind strictly
    below it, and households, people and party members in its whole subtree (itself included).

    Kept current by the services that add nodes, households and people (one UPDATE of the node's few
    ancestors), rebuilt from the records by a nightly task that repairs any drift, so that the city's home
    and tree pages read a few rows whatever the size of the city.
    """

    node = models.OneToOneField(
        Node, on_delete=models.CASCADE, primary_key=True, related_name="summary", verbose_name=_("node")
    )
    district = models.IntegerField(default=0)
    county = models.IntegerField(default=0)
    street = models.IntegerField(default=0)
    town = models.IntegerField(default=0)
    community = models.IntegerField(default=0)
    grid = models.IntegerField(default=0)
    building = models.IntegerField(default=0)
    stairwell = models.IntegerField(default=0)
    households = models.IntegerField(default=0)
    people = models.IntegerField(default=0)
    party_members = models.IntegerField(default=0)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("node summary")
        verbose_name_plural = _("node summaries")

    def __str__(self):
        return str(self.node_id)

    def node_counts(self) -> dict[str, int]:
        """Returns kind → number of nodes of that kind below (kinds with none left out)."""
        return {kind: getattr(self, kind) for kind in SUMMARY_KINDS if getattr(self, kind)}
