"""Counts per node: kept by the services as they write, rebuilt from the records by the nightly recount."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from grids import services as grid_services
from grids import summaries
from grids.models import Household, Node, NodeSummary
from grids.selectors import subtree_counts
from grids.tasks import recount_summaries
from people import services as people_services
from people.models import Person
from tests.factories import HouseholdFactory, PersonFactory, user_with_role


def live_counts(node: Node) -> dict[str, int]:
    """The figures counted the slow way, from the records."""
    below = Node.objects.filter(path__startswith=node.path, depth__gt=node.depth)
    people = Person.objects.filter(node__path__startswith=node.path)
    return {
        "grid": below.filter(kind=Node.Kind.GRID).count(),
        "stairwell": below.filter(kind=Node.Kind.STAIRWELL).count(),
        "households": Household.objects.filter(node__path__startswith=node.path).count(),
        "people": people.count(),
        "party_members": people.exclude(party_status=Person.PartyStatus.NONE).count(),
    }


def summary_counts(node: Node) -> dict[str, int]:
    counts = subtree_counts(node=node)
    return {key: counts.get(key, 0) for key in ("grid", "stairwell", "households", "people", "party_members")}


def test_services_keep_the_city_and_street_counts_current(city):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    grid = grid_services.node_create(user=secretary, parent=city.c1, kind=Node.Kind.GRID, name="第9网格")
    building = grid_services.node_create(user=secretary, parent=grid, kind=Node.Kind.BUILDING, name="9号楼")
    stairwell = grid_services.node_create(user=secretary, parent=building, kind=Node.Kind.STAIRWELL, name="1单元")
    household = grid_services.household_create(user=secretary, stairwell=stairwell, door_number="101", size=2)
    person = people_services.person_add_to_household(
        user=secretary, household=household, name="李四", party_status=Person.PartyStatus.IN_SERVICE
    )
    people_services.person_add_to_household(user=secretary, household=household, name="王五")
    people_services.person_update(user=secretary, person=person, party_status=Person.PartyStatus.NONE)
    grid_services.household_delete(user=secretary, household=HouseholdFactory(node=stairwell))

    for node in (city.city, city.street_1, city.c1, grid):
        assert summary_counts(node) == live_counts(node)
    assert summary_counts(grid)["people"] == 2
    assert summary_counts(grid)["party_members"] == 0


def test_recount_repairs_drift_and_gives_the_same_figures_twice(city):
    PersonFactory(household=city.household_1, party_status=Person.PartyStatus.RETIRED)
    NodeSummary.objects.filter(node=city.city).update(households=999, people=-3)  # a write outside the services
    Household.objects.create(node=city.stairwell_2, door_number="909")  # not counted by anyone yet

    recount_summaries.apply()
    first = {node.pk: summary_counts(node) for node in Node.objects.all()}
    summaries.recount()

    assert {node.pk: summary_counts(node) for node in Node.objects.all()} == first
    for node in Node.objects.all():
        assert summary_counts(node) == live_counts(node)
    assert first[city.city.pk]["households"] == 3


def test_city_counts_read_one_row_whatever_the_size(city):
    with CaptureQueriesContext(connection) as queries:
        subtree_counts(node=city.city)
    assert len(queries) == 1
