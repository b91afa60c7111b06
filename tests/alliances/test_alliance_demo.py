"""Demo alliances: one per street and community, coherent members and dates, the report's figures, idempotent."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from accounts.models import Role, RoleAssignment, User
from alliances import demo
from alliances.models import (
    Activity,
    ActivityHousehold,
    Alliance,
    Attendance,
    ChairTerm,
    Committee,
    JointMeeting,
    Membership,
    TrackedProblem,
)
from alliances.selectors import activities as activity_selectors
from alliances.selectors.four_ones import four_ones
from alliances.services import rotation
from grids.models import Node
from liaoyuan.core.demo import DemoContext, scaled

SCALE = 0.05


def seed_demo() -> None:
    call_command("seed_demo", scale=SCALE, no_progress=True, stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def seeded(db):
    seed_demo()


def on(membership: Membership, day) -> bool:
    """A unit that leaves on day D is no longer a member on D (``Membership.objects.on``)."""
    return membership.joined_on <= day and (membership.left_on is None or day < membership.left_on)


def test_every_street_and_community_has_one_alliance_of_its_own_units_and_city_level_ones(seeded):
    areas = Node.objects.filter(kind__in=[Node.Kind.STREET, Node.Kind.COMMUNITY])
    assert sorted(Alliance.objects.values_list("node_id", flat=True)) == sorted(areas.values_list("pk", flat=True))
    alliances_of_city_units: dict[int, set[int]] = {}
    for membership in Membership.objects.select_related("alliance__node", "unit__location"):
        location = membership.unit.location
        if location.kind == Node.Kind.CITY:
            alliances_of_city_units.setdefault(membership.unit_id, set()).add(membership.alliance_id)
        else:
            assert location.path.startswith(membership.alliance.node.path)
    # city-level units (市直单位) are members of alliances in several places
    assert alliances_of_city_units
    assert max(len(alliances) for alliances in alliances_of_city_units.values()) >= 2
    for alliance in Alliance.objects.annotate(n=Count("memberships")).select_related("node"):
        assert alliance.n >= 1
        assert (alliance.brand != "") == (alliance.node.kind == Node.Kind.COMMUNITY)
    assert Committee.objects.exists()


def test_the_reports_figures_come_out_of_the_records(seeded):
    assert JointMeeting.objects.filter(status=JointMeeting.Status.HELD).count() == scaled(demo.MEETINGS_HELD, SCALE)
    assert TrackedProblem.objects.filter(status=TrackedProblem.Status.SOLVED).count() == scaled(
        demo.PROBLEMS_SOLVED, SCALE
    )
    assert Activity.objects.filter(alliance__isnull=False).count() == scaled(demo.ACTIVITIES, SCALE)
    assert Activity.objects.filter(alliance__isnull=True).exists()  # party organisations' own activities too
    in_2020 = Activity.objects.filter(starts_at__year=2020)
    assert in_2020.filter(kind=Activity.Kind.THEME_PARTY_DAY).count() == scaled(demo.THEME_DAYS_2020, SCALE)
    visits = activity_selectors.figures(in_2020.filter(kind=Activity.Kind.VISIT))
    assert visits["households_visited"] == scaled(demo.HOUSEHOLDS_2020, SCALE)
    assert ActivityHousehold.objects.filter(activity__in=in_2020).exists()  # households visited as records
    assert activity_selectors.figures(Activity.objects.all())["people"] > 0  # participants named
    assert Activity.objects.filter(kind=Activity.Kind.AID_DRIVE).count() >= scaled(demo.AID_DRIVES, SCALE)
    assert Activity.objects.filter(kind=Activity.Kind.PUBLIC_EVENT).count() >= scaled(demo.PUBLIC_EVENTS, SCALE)
    unsolvable = TrackedProblem.objects.filter(status=TrackedProblem.Status.UNSOLVABLE)
    assert unsolvable.exists() and not unsolvable.filter(resolution="").exists()
    assert TrackedProblem.objects.filter(status__in=["open", "in_progress"]).exists()


def test_demo_rows_are_coherent(seeded):
    memberships: dict[int, list[Membership]] = {}
    for m in Membership.objects.select_related("unit"):
        memberships.setdefault(m.alliance_id, []).append(m)
    for activity in Activity.objects.filter(alliance__isnull=False).prefetch_related("units", "households"):
        day = activity.starts_at.date()
        members = {m.unit_id for m in memberships[activity.alliance_id] if on(m, day)}
        assert {u.pk for u in activity.units.all()} <= members
        assert activity.organiser_unit_id is None or activity.organiser_unit_id in members
        visited = len(activity.households.all()) + activity.unnamed_households
        assert (visited > 0) == (activity.kind == Activity.Kind.VISIT)
    for term in ChairTerm.objects.exclude(chair_unit=None):
        assert any(m.unit_id == term.chair_unit_id for m in memberships[term.alliance_id])
    held = JointMeeting.objects.filter(status=JointMeeting.Status.HELD)
    assert not held.annotate(n=Count("attendance")).filter(n=0).exists()
    assert not Attendance.objects.filter(status=Attendance.Status.ABSENT, absence_reason="").exists()
    for problem in TrackedProblem.objects.select_related("decision__meeting", "alliance", "responsible_organisation"):
        assert problem.decision.meeting.alliance_id == problem.alliance_id
        assert problem.deadline >= problem.decision.meeting.starts_at.date()
        if problem.responsible_unit_id:
            assert any(m.unit_id == problem.responsible_unit_id for m in memberships[problem.alliance_id])
        elif problem.responsible_organisation_id:  # the street's or community's own party organisation
            assert problem.responsible_organisation.node_id == problem.alliance.node_id
        else:  # a department that is not a member
            members = {m.unit.name for m in memberships[problem.alliance_id]}
            assert problem.responsible_department and problem.responsible_department not in members
    rng = random.Random(0)
    for model in (Alliance, Membership, ChairTerm, JointMeeting, TrackedProblem, Activity):
        rows = list(model.objects.all())
        for obj in rng.sample(rows, min(len(rows), 50)):
            obj.full_clean()


def test_calendars_have_something_ahead(seeded):
    upcoming = JointMeeting.objects.filter(status__in=[JointMeeting.Status.SCHEDULED, JointMeeting.Status.DRAFT])
    assert upcoming.exists()
    assert not upcoming.filter(attendance__isnull=False).exists()


def test_the_demo_unit_admin_belongs_to_its_communitys_alliance(seeded):
    unit = RoleAssignment.objects.get(role=Role.UNIT_ADMIN, user__username="unit").unit
    assert Membership.objects.filter(alliance__node=unit.location, unit=unit, left_on=None).exists()


def test_four_ones_report_works_on_the_demo(seeded):
    report = four_ones(user=User.objects.get(username="city"))
    assert report.total == Alliance.objects.count()
    assert 0 <= report.completed <= report.total


def test_second_run_creates_no_alliance_rows(seeded):
    counts = {model: model.objects.count() for model in (Alliance, Membership, JointMeeting, TrackedProblem, Activity)}
    seed_demo()
    assert {model: model.objects.count() for model in counts} == counts
    assert demo.seed(DemoContext(scale=SCALE, show_progress=False)) == {}


def test_reset_deletes_the_alliances(seeded):
    deleted = demo.reset(DemoContext(scale=SCALE, show_progress=False))
    assert deleted
    assert not Alliance.objects.exists()
    assert not Activity.objects.exists()


def test_without_a_city_nothing_is_created(db):
    assert demo.seed(DemoContext(scale=SCALE, show_progress=False)) == {}
    assert not Alliance.objects.filter(~Q(pk=None)).exists()


def test_demo_chair_terms_are_the_rotations(seeded):
    """The demo stores the terms the rotating chair computes (``alliances.services.rotation``), no twin of it."""
    for alliance in Alliance.objects.prefetch_related("chair_terms", "memberships__unit"):
        stored = sorted(alliance.chair_terms.all(), key=lambda t: t.starts_on)
        computed = rotation.project_terms(
            alliance, stored=[], memberships=list(alliance.memberships.all()), until=stored[-1].ends_on
        )
        assert [(t.starts_on, t.ends_on, t.chair_unit_id) for t in stored] == [
            (t.starts_on, t.ends_on, t.chair_unit_id) for t in computed
        ]
