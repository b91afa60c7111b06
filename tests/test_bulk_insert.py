"""``liaoyuan.core.bulk``: the demo city's fast inserts and updates write what ``bulk_create`` and ``bulk_update``
would, on SQLite and on PostgreSQL (``COPY``)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from grids.models import Household, Node
from ledgers.models import ItemChange, ListKind, Project
from liaoyuan.core.bulk import insert, insert_rows, update
from people.models import Person
from tests.factories import NodeFactory, child

pytestmark = pytest.mark.django_db

AWKWARD = "一\t二\n三\\四\r五 'six' \"seven\" \\N"


@pytest.fixture
def places() -> dict[str, Node]:
    """A city down to one stairwell unit: the nodes by kind."""
    nodes = {"city": NodeFactory(name="辽源市")}
    parent = nodes["city"]
    for kind in ("district", "street", "community", "grid", "building", "stairwell"):
        parent = nodes[kind] = child(parent, kind)
    return nodes


@pytest.fixture
def stairwell(places) -> Node:
    return places["stairwell"]


def test_inserted_rows_read_back_as_written_tabs_newlines_and_backslashes_included(stairwell):
    households = [
        Household(node=stairwell, door_number="101", address=AWKWARD, size=3, elderly_alone=True),
        Household(node=stairwell, door_number="102", address="", size=1, in_difficulty=True),
    ]

    insert(Household, households)

    stored = {h.door_number: h for h in Household.objects.filter(node=stairwell)}
    assert stored["101"].address == AWKWARD
    assert (stored["101"].size, stored["101"].elderly_alone, stored["101"].in_difficulty) == (3, True, False)
    assert (stored["102"].address, stored["102"].in_difficulty) == ("", True)
    assert sorted(h.pk for h in households) == sorted(h.pk for h in stored.values())


def test_keys_are_new_consecutive_and_set_on_the_objects_which_count_as_saved(stairwell):
    before = Household.objects.create(node=stairwell, door_number="100")
    households = [Household(node=stairwell, door_number=f"{200 + i}") for i in range(5)]

    insert(Household, households)

    keys = [h.pk for h in households]
    assert keys == list(range(keys[0], keys[0] + 5))
    assert keys[0] > before.pk
    assert all(not h._state.adding for h in households)
    after = Household.objects.create(node=stairwell, door_number="300")
    assert after.pk > keys[-1]  # the table's own sequence goes on after the block


def test_a_related_object_saved_after_it_was_set_gives_its_key(places):
    building = places["building"]
    new_stairwell = Node(
        path=Node._get_path(building.path, building.depth + 1, 9),
        depth=building.depth + 1,
        kind=Node.Kind.STAIRWELL,
        name="9单元",
    )
    household = Household(node=new_stairwell, door_number="901")  # the node has no key yet
    insert(Node, [new_stairwell])

    insert(Household, [household])

    assert Household.objects.get(pk=household.pk).node_id == new_stairwell.pk


def test_a_related_object_never_saved_is_refused(stairwell):
    unsaved = Node(path="ZZZZ", depth=1, kind=Node.Kind.CITY, name="未保存")
    with pytest.raises(ValueError, match="node"):
        insert(Household, [Household(node=unsaved, door_number="1")])
    assert not Household.objects.exists()


def test_a_creation_time_the_object_holds_is_kept_and_an_empty_one_is_now(stairwell):
    then = datetime.datetime(2021, 3, 4, 1, 30, tzinfo=datetime.UTC)
    dated = Household(node=stairwell, door_number="1", created_at=then, updated_at=then)
    undated = Household(node=stairwell, door_number="2")
    started = timezone.now()

    insert(Household, [dated, undated])

    assert Household.objects.get(pk=dated.pk).created_at == then
    stamped = Household.objects.get(pk=undated.pk)
    assert stamped.created_at >= started
    assert stamped.updated_at >= started


def test_dates_decimals_nulls_and_json_are_stored_as_their_types(places, stairwell):
    community = places["community"]
    person = Person(name="张三", node=stairwell, birth_date=datetime.date(1960, 2, 29), phone="13800000000")
    project = Project(
        node=community,
        title="共建项目",
        owner_name="李四",
        budget=Decimal("12345.50"),
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
    )
    change = ItemChange(kind=ListKind.NEED, item_id=7, node=community, action="edit", changes={"标题": [AWKWARD, None]})

    insert(Person, [person])
    insert(Project, [project])
    insert(ItemChange, [change])

    stored = Person.objects.get(pk=person.pk)
    assert (stored.birth_date, stored.household_id, stored.work_unit_id) == (datetime.date(1960, 2, 29), None, None)
    assert Project.objects.get(pk=project.pk).budget == Decimal("12345.50")
    assert ItemChange.objects.get(pk=change.pk).changes == {"标题": [AWKWARD, None]}


def test_rows_given_as_dicts_are_stored_as_the_same_objects_would_be(stairwell):
    then = datetime.datetime(2021, 3, 4, 1, 30, tzinfo=datetime.UTC)
    started = timezone.now()
    insert(Household, [Household(node=stairwell, door_number="1", address=AWKWARD, size=3, created_at=then)])

    row = {"node_id": stairwell.pk, "door_number": "2", "address": AWKWARD, "size": 3, "created_at": then}

    insert_rows(Household, [row])

    one, two = Household.objects.filter(node=stairwell).order_by("pk")
    assert row["id"] == two.pk > one.pk  # the new key is set in the row, for later rows to point at
    left_alone = ("id", "door_number", "updated_at")
    fields = [f.attname for f in Household._meta.concrete_fields if f.attname not in left_alone]
    assert {f: getattr(two, f) for f in fields} == {f: getattr(one, f) for f in fields}
    assert (two.created_at, two.address, two.elderly_alone) == (then, AWKWARD, False)  # kept, and a default
    assert two.updated_at >= started  # an empty auto_now field is now


def test_a_callable_default_fills_each_row_and_an_unknown_field_is_refused(places):
    community = places["community"]
    rows = [{"kind": ListKind.NEED, "item_id": i, "node_id": community.pk, "action": "edit"} for i in (1, 2)]

    insert_rows(ItemChange, rows)

    changes = list(ItemChange.objects.filter(node=community).order_by("item_id"))
    assert [c.changes for c in changes] == [{}, {}]
    with pytest.raises(ValueError, match="no field node"):
        insert_rows(ItemChange, [{"kind": ListKind.NEED, "item_id": 3, "node": community, "action": "edit"}])


def test_update_writes_the_named_fields_of_every_object_and_nothing_else(stairwell):
    households = [Household(node=stairwell, door_number=f"{i}", address="旧地址", size=1) for i in range(1, 4)]
    insert(Household, households)
    for i, household in enumerate(households, start=2):
        household.size = i
        household.address = "新地址"  # not among the fields written

    update(Household, households, ["size"])

    stored = {h.pk: h for h in Household.objects.filter(node=stairwell)}
    assert [stored[h.pk].size for h in households] == [2, 3, 4]
    assert {h.address for h in stored.values()} == {"旧地址"}
