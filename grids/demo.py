"""Demo data for the tree: the city of Liaoyuan down to its stairwell units, and their households.

Shape at scale 1 (docs: domain brief, "Shape of the city"): 辽源市 → 2 districts and 2 counties; 12 streets
in the districts; a few towns in each county (without communities); 50 communities; 521 grids; 3,254
buildings; 11,023 stairwell units; 4 households per stairwell unit. Nodes are inserted with
``liaoyuan.core.bulk.insert``, one street at a time, with materialised paths computed here.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _

from grids import summaries
from grids.models import Household, Node
from liaoyuan.core.bulk import insert, insert_rows
from liaoyuan.core.demo import PLACE_STEMS, DemoContext, split, unique_names

CITY_NAME = "辽源市"
CITY_CODE = "220400"

# The city's figures (scale 1).
STREETS = 12
COMMUNITIES = 50
GRIDS = 521
BUILDINGS = 3254
STAIRWELLS = 11023
TOWNS_PER_COUNTY = 4
HOUSEHOLDS_PER_STAIRWELL = 4


@dataclass(frozen=True)
class Area:
    """A district or county: its name, administrative code, and the real names of its streets or towns."""

    name: str
    code: str
    kind: str
    subdivisions: tuple[str, ...]


DISTRICTS = (
    Area(
        "龙山区", "220402", Node.Kind.DISTRICT, ("向阳街道", "北寿街道", "东吉街道", "西宁街道", "南康街道", "新兴街道")
    ),
    Area(
        "西安区", "220403", Node.Kind.DISTRICT, ("仙城街道", "东山街道", "安家街道", "先锋街道", "富国街道", "灯塔街道")
    ),
)
COUNTIES = (
    Area("东丰县", "220421", Node.Kind.COUNTY, ("东丰镇", "大阳镇", "横道河镇", "那丹伯镇", "猴石镇", "杨木林镇")),
    Area("东辽县", "220422", Node.Kind.COUNTY, ("白泉镇", "渭津镇", "安石镇", "辽河源镇", "泉太镇", "建安镇")),
)

DOORS = tuple(f"{floor}0{door}" for floor in range(1, 7) for door in (1, 2))  # 101, 102, 201, … 602


def find_city() -> Node | None:
    """Returns the demo city's root node, or None when there is none."""
    return Node.objects.filter(depth=1, name=CITY_NAME, kind=Node.Kind.CITY).first()


class _TreeBuilder:
    """Collects new nodes under a saved parent, computing path, depth and numchild."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []

    def add(self, parent: Node, **fields) -> Node:
        """Returns a new (unsaved) child of ``parent``, appended to ``nodes``."""
        parent.numchild += 1
        depth = parent.depth + 1
        node = Node(path=Node._get_path(parent.path, depth, parent.numchild), depth=depth, numchild=0, **fields)
        self.nodes.append(node)
        return node


def _household_flags(rng) -> dict[str, object]:
    """Returns the size and care flags of one demo household."""
    elderly_alone = rng.random() < 0.08
    single_parent = not elderly_alone and rng.random() < 0.03
    if elderly_alone:
        size = 1
    elif single_parent:
        size = rng.choice((2, 2, 3))
    else:
        size = rng.choices((1, 2, 3, 4, 5), weights=(8, 30, 35, 17, 10))[0]
    return {
        "size": size,
        "elderly_alone": elderly_alone,
        "single_parent": single_parent,
        "disabled_member": rng.random() < 0.03,
        "in_difficulty": rng.random() < (0.15 if elderly_alone or single_parent else 0.03),
        "is_party_central": rng.random() < 0.1,
    }


def seed(ctx: DemoContext) -> dict[str, int]:
    """Builds the city tree and its households; returns rows created per label ({} when the city exists).

    Puts the city root in ``ctx.shared["city"]`` either way.
    """
    city = find_city()
    if city is not None:
        ctx.shared["city"] = city
        return {}

    rng = ctx.rng
    city = Node.objects.add_root(
        {"kind": Node.Kind.CITY, "name": CITY_NAME, "code": CITY_CODE, "party_org_name": "中共辽源市委员会"}
    )
    tree = _TreeBuilder()  # districts, counties, towns and streets: inserted last, when they know their children
    below: Counter[str] = Counter()  # kind → nodes inserted under the streets
    n_households = 0

    # districts and counties, always the four real ones
    areas = {}
    for area in (*DISTRICTS, *COUNTIES):
        areas[area] = tree.add(
            city, kind=area.kind, name=area.name, code=area.code, party_org_name=f"中共{area.name}委员会"
        )

    # towns in the counties
    for area in COUNTIES:
        for i, town in enumerate(area.subdivisions[: ctx.count(TOWNS_PER_COUNTY)], start=1):
            tree.add(
                areas[area],
                kind=Node.Kind.TOWN,
                name=town,
                code=f"{area.code}{100 + i:03d}000",
                party_org_name=f"中共{town}委员会",
            )

    # streets in the districts: the first half (rounded up) in 龙山区
    n_streets = ctx.count(STREETS)
    per_district = [math.ceil(n_streets / 2), n_streets // 2]
    taken = {name for area in DISTRICTS for name in area.subdivisions}
    spare_street_names = iter(unique_names(PLACE_STEMS, n_streets, "街道", taken))
    streets: list[tuple[Area, Node]] = []
    for area, n in zip(DISTRICTS, per_district, strict=True):
        names = list(area.subdivisions[:n])
        names += [next(spare_street_names) for _i in range(n - len(names))]
        for i, name in enumerate(names, start=1):
            street = tree.add(
                areas[area],
                kind=Node.Kind.STREET,
                name=name,
                code=f"{area.code}{i:03d}000",
                party_org_name=f"{name}党工委",
            )
            streets.append((area, street))

    # communities over streets, grids over communities, buildings over grids, stairwells over buildings
    n_communities = ctx.count(COMMUNITIES)
    community_names = iter(unique_names(PLACE_STEMS, n_communities, "社区"))
    grids_per_community = iter(split(ctx.count(GRIDS), n_communities, rng, spread=0.3))
    n_grids = ctx.count(GRIDS)
    buildings_per_grid = iter(split(ctx.count(BUILDINGS), n_grids, rng, spread=0.5))
    n_buildings = ctx.count(BUILDINGS)
    stairwells_per_building = iter(split(ctx.count(STAIRWELLS), n_buildings, rng, spread=0.6))

    community_counts = split(n_communities, len(streets), rng, spread=0.1)
    progress = ctx.progress(zip(streets, community_counts, strict=True), _("Building the tree"), total=len(streets))
    for (area, street), n_comm in progress:  # one street at a time, so that memory stays flat whatever the scale
        street_tree = _TreeBuilder()
        households: list[tuple[Node, str, dict]] = []  # (stairwell, door, flags)
        for c in range(1, n_comm + 1):
            cname = next(community_names)
            community_code = f"{street.code[:9]}{c:03d}"
            community = street_tree.add(
                street,
                kind=Node.Kind.COMMUNITY,
                name=cname,
                code=community_code,
                party_org_name=f"{cname}党委",
                address=f"{area.name}{street.name}{cname}",
            )
            building_no = 0
            for g in range(1, next(grids_per_community) + 1):
                grid = street_tree.add(
                    community,
                    kind=Node.Kind.GRID,
                    name=f"第{g}网格",
                    code=f"{community_code}{g:03d}",
                    party_org_name=f"第{g}网格党支部",
                    address=community.address,
                )
                for _b in range(next(buildings_per_grid)):
                    building_no += 1
                    building = street_tree.add(
                        grid,
                        kind=Node.Kind.BUILDING,
                        name=f"{building_no}号楼",
                        code=f"{grid.code}{building_no:03d}",
                        party_org_name=f"{building_no}号楼党小组",
                        address=f"{community.address}{building_no}号楼",
                    )
                    for u in range(1, next(stairwells_per_building) + 1):
                        stairwell = street_tree.add(
                            building,
                            kind=Node.Kind.STAIRWELL,
                            name=f"{u}单元",
                            code=f"{building.code}{u:02d}",
                            address=f"{building.address}{u}单元",
                        )
                        doors = sorted(rng.sample(DOORS, HOUSEHOLDS_PER_STAIRWELL))
                        households.extend((stairwell, door, _household_flags(rng)) for door in doors)
        insert(Node, street_tree.nodes)  # a materialised path needs no parent row: the street comes later
        # rows, not instances: the stairwells have their keys now
        insert_rows(
            Household,
            [
                {"node_id": stairwell.pk, "door_number": door, "address": f"{stairwell.address}{door}", **flags}
                for stairwell, door, flags in households
            ],
        )
        below.update(node.kind for node in street_tree.nodes)
        n_households += len(households)

    Node.objects.filter(pk=city.pk).update(numchild=city.numchild)
    ctx.bulk_create(Node, tree.nodes, _("Creating nodes"))
    ctx.shared["city"] = city

    created: Counter[str] = Counter(node.kind for node in [city, *tree.nodes])
    created.update(below)
    result = {str(Node.Kind(kind).label): n for kind, n in created.items()}
    result[str(Household._meta.verbose_name_plural)] = n_households
    return result


def reset(ctx: DemoContext) -> dict[str, int]:
    """Deletes every household and node (the whole tree); returns rows deleted per label."""
    _total, households = Household.objects.all().delete()
    _total, nodes = Node.objects.all().delete()
    return {
        str(Household._meta.verbose_name_plural): households.get(Household._meta.label, 0),
        str(Node._meta.verbose_name_plural): nodes.get(Node._meta.label, 0),
    }


def finish(ctx: DemoContext) -> None:
    """After every app has seeded: counts what lies under each node (bulk loads bypass the services)."""
    summaries.recount()
