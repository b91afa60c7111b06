"""The demo city command: shape in proportion to the city's figures, coherent accounts, idempotence, reset."""

import random
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, Q

from accounts.demo import ACCOUNTS, ADMIN_USERNAME
from accounts.models import ROLE_NODE_KINDS, Role, RoleAssignment, User
from alliances.models import ActivityParticipant
from grids.demo import COUNTIES, DISTRICTS, HOUSEHOLDS_PER_STAIRWELL, TOWNS_PER_COUNTY
from grids.models import Household, Node
from liaoyuan.core.demo import format_table, scaled, split
from organisations.models import OrganisationMembership, PartyOrganisation
from people.models import Duty, Person
from sharing.models import ClassCheckIn, JobReferral, TrainingAttendance
from units.models import MemberUnit

SCALE = 0.05
PASSWORD = "demo-pass-for-tests"

# The city's published figures (scale 1), and the shape the domain brief derives from them.
STREETS, COMMUNITIES, GRIDS, BUILDINGS, STAIRWELLS = 12, 50, 521, 3254, 11023
GRID_CHIEF_POSTS = 525


def seed_demo(**options) -> str:
    """Runs the command at the test scale and returns what it printed."""
    out = StringIO()
    call_command("seed_demo", scale=SCALE, no_progress=True, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Returns the number of rows of every model."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def seeded(db, monkeypatch) -> str:
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    return seed_demo()


def test_scaled_rounds_half_up_and_never_to_zero():
    assert scaled(GRIDS, 1) == GRIDS
    assert scaled(10, 0.25) == 3  # 2.5 rounds up
    assert scaled(STREETS, 0.01) == 1
    assert scaled(0, 5) == 0


def test_split_is_exact_positive_and_deterministic():
    parts = split(STAIRWELLS, BUILDINGS, random.Random(1), spread=0.6)
    assert sum(parts) == STAIRWELLS
    assert len(parts) == BUILDINGS
    assert min(parts) >= 1
    assert parts == split(STAIRWELLS, BUILDINGS, random.Random(1), spread=0.6)


def test_format_table_aligns_chinese_text():
    lines = format_table(["name", "n"], [("辽源市", 1), ("city", 22)], right=[1]).splitlines()
    assert lines[2] == "辽源市   1"
    assert lines[3] == "city    22"


def test_tree_has_the_city_shape_at_the_given_scale(seeded):
    counts = dict(Node.objects.order_by().values_list("kind").annotate(n=Count("pk")))
    assert counts == {
        Node.Kind.CITY: 1,
        Node.Kind.DISTRICT: len(DISTRICTS),
        Node.Kind.COUNTY: len(COUNTIES),
        Node.Kind.TOWN: len(COUNTIES) * scaled(TOWNS_PER_COUNTY, SCALE),
        Node.Kind.STREET: scaled(STREETS, SCALE),
        Node.Kind.COMMUNITY: scaled(COMMUNITIES, SCALE),
        Node.Kind.GRID: scaled(GRIDS, SCALE),
        Node.Kind.BUILDING: scaled(BUILDINGS, SCALE),
        Node.Kind.STAIRWELL: scaled(STAIRWELLS, SCALE),
    }
    assert Household.objects.count() == HOUSEHOLDS_PER_STAIRWELL * scaled(STAIRWELLS, SCALE)


def test_districts_and_counties_carry_their_real_names(seeded):
    city = Node.objects.get(depth=1)
    assert city.name == "辽源市"
    children = {(n.name, n.kind) for n in Node.objects.get_children(city)}
    assert children == {
        ("龙山区", Node.Kind.DISTRICT),
        ("西安区", Node.Kind.DISTRICT),
        ("东丰县", Node.Kind.COUNTY),
        ("东辽县", Node.Kind.COUNTY),
    }


def test_tree_is_consistent_and_every_node_has_a_code(seeded):
    assert all(not problems for problems in Node.objects.find_problems())
    assert not Node.objects.filter(code="").exists()
    assert not Node.objects.filter(kind=Node.Kind.STAIRWELL, numchild__gt=0).exists()
    # no community without grid, grid without building, building without stairwell
    for kind in (Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.BUILDING):
        assert not Node.objects.filter(kind=kind, numchild=0).exists()


def test_demo_rows_pass_model_validation(seeded):
    rng = random.Random(0)
    for model in (Node, Household, Person, Duty, MemberUnit):
        rows = list(model.objects.all())
        for obj in rng.sample(rows, min(len(rows), 200)):
            obj.full_clean()


def test_grid_chiefs_outnumber_grids_each_grid_led_by_one_full_time_chief(seeded):
    serving = Q(duties__kind=Duty.Kind.GRID_CHIEF, duties__ended_on__isnull=True)
    grids = Node.objects.filter(kind=Node.Kind.GRID).annotate(
        chiefs=Count("duties", filter=serving),
        leaders=Count("duties", filter=serving & Q(duties__is_leader=True, duties__employment="full_time")),
    )
    assert {g.leaders for g in grids} == {1}
    assert {g.chiefs for g in grids} <= {1, 2}
    serving_posts = Duty.objects.filter(kind=Duty.Kind.GRID_CHIEF, ended_on__isnull=True).count()
    assert serving_posts == grids.count() + scaled(GRID_CHIEF_POSTS, SCALE) - scaled(GRIDS, SCALE)
    assert Duty.objects.filter(kind=Duty.Kind.GRID_CHIEF, ended_on__isnull=False).exists()


def test_every_building_and_stairwell_has_a_chief_living_there(seeded):
    for kind, node_kind in (
        (Duty.Kind.BUILDING_CHIEF, Node.Kind.BUILDING),
        (Duty.Kind.UNIT_CHIEF, Node.Kind.STAIRWELL),
    ):
        duties = Duty.objects.filter(kind=kind, ended_on__isnull=True).select_related("node", "person__node")
        assert sorted(d.node_id for d in duties) == sorted(
            Node.objects.filter(kind=node_kind).values_list("pk", flat=True)
        )
        assert all(d.person.node.path.startswith(d.node.path) for d in duties)


def test_every_street_and_community_has_a_first_secretary_and_an_alliance_of_units(seeded):
    areas = Node.objects.filter(kind__in=[Node.Kind.STREET, Node.Kind.COMMUNITY])
    secretaries = Duty.objects.filter(kind=Duty.Kind.FIRST_SECRETARY)
    assert sorted(secretaries.values_list("node_id", flat=True)) == sorted(areas.values_list("pk", flat=True))
    for community in Node.objects.filter(kind=Node.Kind.COMMUNITY):
        assert MemberUnit.objects.filter(location=community).exists()
        assert Duty.objects.filter(kind=Duty.Kind.COMMUNITY_WORKER, node=community).exists()
        assert Duty.objects.filter(kind=Duty.Kind.LANE_CHIEF, node=community).exclude(area="").exists()


def test_every_household_has_one_head_and_in_service_members_work_at_a_unit(seeded):
    assert set(Household.objects.annotate(n=Count("members")).values_list("n", flat=True)) == {1}
    in_service = Person.objects.filter(party_status=Person.PartyStatus.IN_SERVICE)
    assert in_service.exists()
    assert not in_service.filter(work_unit__isnull=True).exists()


def test_every_demo_account_has_a_role_bound_to_the_right_place(seeded):
    assert User.objects.get(username=ADMIN_USERNAME).is_superuser
    district = Node.objects.get(name="龙山区")
    street = RoleAssignment.objects.get(user__username="street").node
    community = RoleAssignment.objects.get(user__username="community").node
    assert street.kind == Node.Kind.STREET and street.path.startswith(district.path)
    assert community.kind == Node.Kind.COMMUNITY and community.path.startswith(street.path)
    for username, role in ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password(PASSWORD)
        assert user.first_name
        assignment = user.roles.get()
        assert assignment.role == role
        if role in ROLE_NODE_KINDS:
            assert assignment.node.kind in ROLE_NODE_KINDS[role]
        elif role == Role.UNIT_ADMIN:
            assert assignment.unit.location == community
        else:
            assert user.person.node.path.startswith(community.path)
    assert RoleAssignment.objects.get(user__username="district").node == district
    assert RoleAssignment.objects.get(user__username="worker").node == community
    assert RoleAssignment.objects.get(user__username="chief").node.path.startswith(community.path)
    assert User.objects.get(username="member").person.party_status == Person.PartyStatus.IN_SERVICE
    assert User.objects.get(username="resident").person.party_status == Person.PartyStatus.NONE


def test_output_lists_every_demo_account_with_its_password(seeded):
    for username in [ADMIN_USERNAME, *(username for username, _role in ACCOUNTS)]:
        assert username in seeded
    assert PASSWORD in seeded


def test_second_run_creates_nothing(seeded):
    before = row_counts()
    seed_demo()
    assert row_counts() == before


def test_a_missing_part_is_completed_on_the_next_run(seeded):
    # the organisations stay (contact points protect them), so their members, who went with the people, are
    # not placed again: the organisations' demo completes only a city without organisations
    before = row_counts()
    Duty.objects.all().delete()
    User.objects.filter(person__isnull=False).update(person=None)
    Person.objects.all().delete()
    seed_demo()
    after = row_counts()
    # so are the activities' named participants: the alliances' demo completes only a city without alliances;
    # and the people's referrals, training attendance and class check-ins: the sharing demo completes only a
    # city without venues
    went_with_the_people = (OrganisationMembership, ActivityParticipant, JobReferral, TrainingAttendance, ClassCheckIn)
    for label in (model._meta.label for model in went_with_the_people):
        assert after.pop(label) < before.pop(label)
    assert after == before


def test_reset_then_seed_rebuilds_the_same_city(seeded):
    before = row_counts()
    tree = list(Node.objects.values_list("path", "kind", "name", "code"))
    people = list(Person.objects.order_by("pk").values_list("name", "phone"))
    seed_demo(reset=True)
    assert row_counts() == before
    assert list(Node.objects.values_list("path", "kind", "name", "code")) == tree
    assert list(Person.objects.order_by("pk").values_list("name", "phone")) == people


def test_reset_keeps_superusers_and_removes_other_users(seeded):
    User.objects.create_superuser("boss", password="x")
    User.objects.create_user("someone")
    seed_demo(reset=True)
    assert User.objects.filter(username="boss").exists()
    assert not User.objects.filter(username="someone").exists()


def test_organisations_stand_at_every_level_and_members_hold_one_relation(seeded):
    Kind = PartyOrganisation.Kind
    standing = PartyOrganisation.objects.filter(ends_on__isnull=True)
    for kind, node_kind in (
        (Kind.GRID_BRANCH, Node.Kind.GRID),
        (Kind.BUILDING_GROUP, Node.Kind.BUILDING),
        (Kind.COMMUNITY_COMMITTEE, Node.Kind.COMMUNITY),
        (Kind.BIG_COMMITTEE, Node.Kind.COMMUNITY),
        (Kind.STREET_COMMITTEE, Node.Kind.STREET),
    ):
        assert sorted(standing.filter(kind=kind, node__kind=node_kind).values_list("node_id", flat=True)) == sorted(
            Node.objects.filter(kind=node_kind).values_list("pk", flat=True)
        )
    with_org = MemberUnit.objects.exclude(party_org_kind=MemberUnit.PartyOrgKind.NONE)
    assert standing.filter(unit__isnull=False).count() == with_org.count()
    assert PartyOrganisation.objects.filter(kind=Kind.TEMPORARY_BRANCH).count() == scaled(749, SCALE)
    members = Person.objects.exclude(party_status=Person.PartyStatus.NONE)
    related = OrganisationMembership.objects.filter(holds_relation=True, left_on__isnull=True)
    assert related.count() == members.count() == related.values("person").distinct().count()
    secretaries = PartyOrganisation.objects.filter(secretary__isnull=False)
    assert not secretaries.filter(secretary__party_status=Person.PartyStatus.NONE).exists()
    assert standing.filter(kind=Kind.GRID_BRANCH, secretary__isnull=False).exists()


def test_big_committees_seat_part_time_members_from_their_alliance_units(seeded):
    seats = OrganisationMembership.objects.filter(role=OrganisationMembership.Role.PART_TIME_MEMBER)
    assert seats.exists()
    for seat in seats.select_related("organisation"):
        assert seat.unit.memberships.filter(alliance__node=seat.organisation.node, left_on__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_after_a_bulk_load_an_apps_tables_are_vacuumed_so_index_only_scans_skip_the_rows():
    from django.db import connection

    from liaoyuan.core.management.commands.seed_demo import vacuum_and_analyze

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's VACUUM")
    vacuum_and_analyze(apps.get_app_config("volunteers"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname = %s", ["volunteers_servicerecord"]
        )
        vacuumed, analysed = cursor.fetchone()
    assert vacuumed is not None and analysed is not None
