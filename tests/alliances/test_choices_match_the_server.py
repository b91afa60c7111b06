"""Every choice list offers what the server will accept, and nothing it would refuse: attendance offers the
units that were members on the meeting's day, the status list only the next statuses a problem may take,
and a member unit's admin is offered only its own unit as host or organiser."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone

from alliances.models import Activity, JointMeeting, TrackedProblem
from alliances.services import activities as activity_services
from alliances.services import alliances as alliance_services
from alliances.services import meetings as meeting_services
from alliances.services import problems as problem_services
from tests.factories import MemberUnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def options(html: str, name: str) -> set[str]:
    """Returns the values offered by the first <select> whose name ends with ``name``."""
    select = re.search(rf'<select name="[^"]*{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return set(re.findall(r'<option value="([^"]*)"', select.group(1)))


def test_attendance_offers_the_members_on_the_meeting_day(client, alliances, city, clock):
    clock.set(2026, 3, 1)
    membership = alliances.c1.memberships.get(unit=city.unit_2)
    alliance_services.membership_leave(
        user=alliances.c1_secretary, membership=membership, left_on=datetime.date(2026, 3, 1), reason="搬迁"
    )
    latecomer = MemberUnitFactory(location=city.c1, name="后来单位")
    clock.set(2026, 5, 1)
    meeting = meeting_services.meeting_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="联席会议",
        starts_at=at(2026, 4, 20),
        place="社区",
        status=JointMeeting.Status.HELD,
    )
    alliance_services.membership_join(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        unit=latecomer,
        joined_on=datetime.date(2026, 4, 25),
        committee_member="刘",
    )
    client.force_login(alliances.c1_secretary)
    html = client.get(f"/alliances/meetings/{meeting.pk}/attendance/").content.decode()
    assert options(html, "unit") == {"", str(city.unit_1.pk)}  # the party organisation and unit_1


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        ("open", {"", "in_progress", "unsolvable"}),
        ("in_progress", {"", "solved", "unsolvable"}),
        ("unsolvable", {"", "in_progress"}),
    ],
)
def test_the_status_list_offers_only_the_allowed_next_statuses(client, alliances, city, clock, status, offered):
    clock.set(2026, 5, 1)
    problem = problem_services.problem_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="供暖",
        category=TrackedProblem.Category.WATER_HEATING,
        responsible_unit=city.unit_1,
        deadline=datetime.date(2026, 12, 31),
    )
    TrackedProblem.objects.filter(pk=problem.pk).update(
        status=status, resolution="无法解决" if status == "unsolvable" else ""
    )
    client.force_login(alliances.c1_secretary)
    html = client.get(f"/alliances/problems/{problem.pk}/").content.decode()
    assert options(html, "status") == offered


def test_a_solved_problem_offers_no_status_change(client, alliances, city, clock):
    clock.set(2026, 5, 1)
    problem = problem_services.problem_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="供暖",
        category=TrackedProblem.Category.WATER_HEATING,
        responsible_unit=city.unit_1,
        deadline=datetime.date(2026, 12, 31),
    )
    TrackedProblem.objects.filter(pk=problem.pk).update(
        status="solved", resolution="已修", closed_on=timezone.localdate()
    )
    client.force_login(alliances.c1_secretary)
    html = client.get(f"/alliances/problems/{problem.pk}/").content.decode()
    assert 'name="status"' not in html


def test_a_unit_admin_is_offered_only_its_own_unit_as_host(client, alliances, city, clock):
    clock.set(2026, 4, 1)
    client.force_login(alliances.unit_1_admin)
    html = client.get(f"/alliances/{alliances.c1.pk}/meetings/new/").content.decode()
    assert options(html, "host_unit") == {str(city.unit_1.pk)}
    client.force_login(alliances.c1_secretary)
    html = client.get(f"/alliances/{alliances.c1.pk}/meetings/new/").content.decode()
    assert options(html, "host_unit") == {"chair", "org", str(city.unit_1.pk), str(city.unit_2.pk)}


def test_an_organiser_admin_is_offered_only_its_own_unit_as_organiser(client, alliances, city, clock):
    clock.set(2026, 5, 1)
    activity = activity_services.activity_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        kind=Activity.Kind.PUBLIC_EVENT,
        title="宣讲",
        starts_at=at(2026, 4, 20),
        place="广场",
        organiser_unit=city.unit_1,
    )
    client.force_login(alliances.unit_1_admin)
    html = client.get(f"/alliances/activities/{activity.pk}/edit/").content.decode()
    assert options(html, "organiser_unit") == {str(city.unit_1.pk)}
