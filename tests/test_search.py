"""One search, ``?q=``, on people, households, member units, alliances, meetings and problems, in pages and
API alike, within the user's scope; people are found by phone (or name) only by those who see them whole."""

import datetime
import zoneinfo

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from alliances.models import JointMeeting, TrackedProblem
from alliances.services import meetings as meeting_services
from alliances.services import problems as problem_services
from tests.factories import AllianceFactory, MembershipFactory, user_with_role

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def street(city):
    """The street secretary of street_1 (communities C1 and C2) and what the search finds there."""
    city.resident_1.phone = "13712341825"
    city.resident_1.save()
    a1 = AllianceFactory(node=city.c1, name="东艺社区党建联合体")
    MembershipFactory(alliance=a1, unit=city.unit_1, chair_position=1)
    city.unit_1.name = "辽源市自来水公司"
    city.unit_1.save()
    secretary = user_with_role(Role.STREET_SECRETARY, node=city.street_1)
    meeting = meeting_services.meeting_create(
        user=secretary,
        alliance=a1,
        title="供暖协调会",
        starts_at=datetime.datetime(2024, 11, 5, 9, tzinfo=SHANGHAI),
        place="东艺社区党群服务中心",
        status=JointMeeting.Status.HELD,
    )
    problem = TrackedProblem.objects.create(
        alliance=a1,
        title="3号楼暖气不热",
        category="water_heating",
        responsible_unit=city.unit_1,
        deadline=datetime.date(2026, 12, 31),
    )
    return secretary, a1, meeting, problem


def api_ids(user, path, q) -> list[int]:
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(path, {"q": q})
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def page_ids(client, user, path, q) -> list[int]:
    client.force_login(user)
    response = client.get(path, {"q": q})
    assert response.status_code == 200
    return [obj.pk for obj in response.context["page"]]


@pytest.mark.parametrize(
    ("api_path", "page_path", "q", "expected"),
    [
        ("/api/v1/people/", "/people/", "王小明", "resident"),
        ("/api/v1/people/", "/people/", "41825", "resident"),
        ("/api/v1/households/", "/tree/households/", "王小明", "household"),
        ("/api/v1/units/", "/units/", "自来水", "unit"),
        ("/api/v1/alliances/", "/alliances/", "东艺", "alliance"),
        ("/api/v1/joint-meetings/", "/alliances/meetings/", "供暖", "meeting"),
        ("/api/v1/tracked-problems/", "/alliances/problems/", "暖气", "problem"),
    ],
)
def test_the_street_secretary_finds_by_name_in_pages_and_api(client, city, street, api_path, page_path, q, expected):
    secretary, alliance, meeting, problem = street
    wanted = {
        "resident": city.resident_1,
        "household": city.household_1,
        "unit": city.unit_1,
        "alliance": alliance,
        "meeting": meeting,
        "problem": problem,
    }[expected]
    assert api_ids(secretary, api_path, q) == [wanted.pk]
    assert page_ids(client, secretary, page_path, q) == [wanted.pk]
    assert api_ids(secretary, api_path, "没有这个名字") == []


@pytest.mark.parametrize(
    ("api_path", "q"),
    [
        ("/api/v1/people/", "王小明"),
        ("/api/v1/units/", "自来水"),
        ("/api/v1/alliances/", "东艺"),
        ("/api/v1/joint-meetings/", "供暖"),
        ("/api/v1/tracked-problems/", "暖气"),
    ],
)
def test_the_search_stays_in_scope(city, street, api_path, q):
    neighbour = user_with_role(Role.STREET_SECRETARY, node=city.street_2)
    assert api_ids(neighbour, api_path, q) == []


def test_offices_find_no_one_by_phone_or_name(client, city, street):
    office = user_with_role(Role.DISTRICT_OFFICE, node=city.district_a)
    for q in ("41825", "13712341825", "王小明"):
        assert api_ids(office, "/api/v1/people/", q) == []
        assert page_ids(client, office, "/people/", q) == []
        assert api_ids(office, "/api/v1/households/", q) == []
    assert api_ids(office, "/api/v1/people/", "") != []  # they still see the (masked) list


def test_a_chief_finds_the_residents_of_their_grid_by_phone(city, street):
    chief = user_with_role(Role.CHIEF, node=city.grid_1)
    assert api_ids(chief, "/api/v1/people/", "1825") == [city.resident_1.pk]


def test_a_resident_finds_only_themself(city, street):
    resident = user_with_role(Role.RESIDENT, person=city.resident_1)
    assert api_ids(resident, "/api/v1/people/", "13712341825") == [city.resident_1.pk]
    assert api_ids(resident, "/api/v1/people/", "李大红") == []


def test_a_search_longer_than_any_name_is_a_field_error(city, street):
    api = APIClient()
    api.force_authenticate(street[0])
    response = api.get("/api/v1/people/", {"q": "长" * 101})
    assert response.status_code == 400 and "q" in response.json()["error"]["fields"]


def test_the_list_pages_offer_the_search_box(client, city, street):
    client.force_login(street[0])
    for path in (
        "/people/",
        "/tree/households/",
        "/units/",
        "/alliances/",
        "/alliances/meetings/",
        "/alliances/problems/",
        "/alliances/activities/",
    ):
        assert 'name="q"' in client.get(path).content.decode(), path


def test_problem_search_by_responsible_unit(city, street):
    secretary, alliance, meeting, problem = street
    problem_services.problem_progress(user=secretary, problem=problem, status="in_progress", note="开始")
    assert api_ids(secretary, "/api/v1/tracked-problems/", "自来水") == [problem.pk]
