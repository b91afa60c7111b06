import uuid
from dataclasses import dataclass

import pytest
from celery._state import _set_task_join_will_block

from grids.models import Node
from liaoyuan.celery import app as celery_app
from tests.factories import HouseholdFactory, MemberUnitFactory, NodeFactory, PersonFactory, child


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """Each test counts rate limits and caches in a namespace of its own, on the real shared cache (Redis
    or the database), so that tests running in parallel never share a counter. Rate limits stay on; a test
    that needs a low one sets it."""
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"} for alias, config in settings.CACHES.items()
    }


@pytest.fixture(autouse=True)
def _english_default(settings):
    """Tests read English messages unless they switch language themselves."""
    settings.LANGUAGE_CODE = "en"


@dataclass
class City:
    """A small city: two districts; district A has streets S1 (communities C1, C2) and S2 (C3).

    C1 and C2 each have grid → building → stairwell → household with one resident; each community has a unit.
    """

    city: Node
    district_a: Node
    district_b: Node
    street_1: Node
    street_2: Node
    c1: Node
    c2: Node
    c3: Node
    grid_1: Node
    building_1: Node
    stairwell_1: Node
    grid_2: Node
    stairwell_2: Node
    household_1: object
    household_2: object
    resident_1: object
    resident_2: object
    unit_1: object
    unit_2: object
    unit_3: object


@pytest.fixture
def city(db) -> City:
    city = NodeFactory(kind=Node.Kind.CITY, name="辽源市")
    district_a = child(city, Node.Kind.DISTRICT, "龙山区")
    district_b = child(city, Node.Kind.DISTRICT, "西安区")
    street_1 = child(district_a, Node.Kind.STREET, "向阳街道")
    street_2 = child(district_a, Node.Kind.STREET, "北寿街道")
    c1 = child(street_1, Node.Kind.COMMUNITY, "东艺社区")
    c2 = child(street_1, Node.Kind.COMMUNITY, "福镇社区")
    c3 = child(street_2, Node.Kind.COMMUNITY, "北寿社区")
    grid_1 = child(c1, Node.Kind.GRID, "第1网格")
    building_1 = child(grid_1, Node.Kind.BUILDING, "1号楼")
    stairwell_1 = child(building_1, Node.Kind.STAIRWELL, "1单元")
    grid_2 = child(c2, Node.Kind.GRID, "第1网格")
    building_2 = child(grid_2, Node.Kind.BUILDING, "1号楼")
    stairwell_2 = child(building_2, Node.Kind.STAIRWELL, "1单元")
    household_1 = HouseholdFactory(node=stairwell_1)
    household_2 = HouseholdFactory(node=stairwell_2)
    return City(
        city=city,
        district_a=district_a,
        district_b=district_b,
        street_1=street_1,
        street_2=street_2,
        c1=c1,
        c2=c2,
        c3=c3,
        grid_1=grid_1,
        building_1=building_1,
        stairwell_1=stairwell_1,
        grid_2=grid_2,
        stairwell_2=stairwell_2,
        household_1=household_1,
        household_2=household_2,
        resident_1=PersonFactory(household=household_1, name="王小明"),
        resident_2=PersonFactory(household=household_2, name="李大红"),
        unit_1=MemberUnitFactory(location=c1),
        unit_2=MemberUnitFactory(location=c2),
        unit_3=MemberUnitFactory(location=c3),
    )


@pytest.fixture
def eager():
    """Runs ``.delay()`` in-process (the integration tests start real workers instead)."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before
    # Celery marks "inside a task" in a process-wide flag while an eager task runs; tasks run eagerly in
    # several threads at once (the concurrency tests) can leave it set, which would refuse a later test's
    # result.get() in this process.
    _set_task_join_will_block(False)
