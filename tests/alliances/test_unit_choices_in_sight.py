"""Member units offered or accepted by the alliance API and pages are those the user may see: an id outside
answers 400 "does not exist" and its name never appears, in answers, errors or the browsable API's forms."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from alliances.models import Attendance, Committee, JointMeeting, TrackedProblem
from alliances.services import meetings as meeting_services
from alliances.services import problems as problem_services
from tests.factories import MemberUnitFactory, child

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
FAR_NAME = "北寿远方机械厂"  # unit_3: stationed in C3, a member of C3's alliance only


@pytest.fixture
def far(city):
    city.unit_3.name = FAR_NAME
    city.unit_3.save()
    return city.unit_3


@pytest.fixture
def api(alliances):
    client = APIClient()
    client.force_authenticate(alliances.c1_secretary)
    return client


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def assert_refused_unnamed(response, field):
    """The field is refused as a unit that does not exist, and the unit is not named anywhere."""
    assert response.status_code == 400, response.content
    errors = response.json()["error"]["fields"][field]
    assert "does not exist" in str(errors)
    assert FAR_NAME not in response.content.decode()


def test_meeting_host_out_of_sight_is_refused_unnamed(api, alliances, far, clock):
    clock.set(2026, 4, 1)
    payload = {"alliance": alliances.c1.pk, "title": "会", "starts_at": "2026-05-20T09:00:00+08:00", "place": "社区"}
    assert_refused_unnamed(
        api.post("/api/v1/joint-meetings/", {**payload, "host_unit": far.pk}, format="json"), "host_unit"
    )
    pk = api.post("/api/v1/joint-meetings/", payload, format="json").json()["id"]
    response = api.patch(f"/api/v1/joint-meetings/{pk}/", {"host_unit": far.pk}, format="json")
    assert_refused_unnamed(response, "host_unit")
    assert JointMeeting.objects.get(pk=pk).host_unit_id != far.pk


def test_attendance_of_a_unit_out_of_sight_is_refused_unnamed(api, alliances, far, clock):
    clock.set(2026, 5, 1)
    meeting = meeting_services.meeting_create(
        user=alliances.c1_secretary, alliance=alliances.c1, title="会", starts_at=at(2026, 5, 2), place="社区"
    )
    clock.set(2026, 5, 3)
    rows = [{"unit": far.pk, "attendee": "外人", "status": "present"}]
    response = api.post(f"/api/v1/joint-meetings/{meeting.pk}/attendance/", {"attendance": rows}, format="json")
    assert response.status_code == 400 and "does not exist" in str(response.json()["error"]["fields"])
    assert FAR_NAME not in response.content.decode()
    assert not Attendance.objects.exists()


def test_host_unit_admin_records_attendance_of_fellow_members(alliances, city, clock):
    """A unit admin sees no other unit's record, but names the alliance's members it sees in the member list."""
    clock.set(2026, 5, 1)
    meeting = meeting_services.meeting_create(
        user=alliances.unit_1_admin,
        alliance=alliances.c1,
        title="会",
        starts_at=at(2026, 5, 2),
        place="社区",
        host_unit=city.unit_1,
    )
    clock.set(2026, 5, 3)
    client = APIClient()
    client.force_authenticate(alliances.unit_1_admin)
    rows = [
        {"unit": city.unit_1.pk, "attendee": "刘一", "status": "present"},
        {"unit": city.unit_2.pk, "attendee": "刘二", "status": "present"},
    ]
    response = client.post(f"/api/v1/joint-meetings/{meeting.pk}/attendance/", {"attendance": rows}, format="json")
    assert response.status_code == 200, response.content
    assert {a.unit_id for a in meeting.attendance.all()} == {city.unit_1.pk, city.unit_2.pk}
    rows = [{"unit": city.unit_3.pk, "attendee": "外人", "status": "present"}]
    response = client.post(f"/api/v1/joint-meetings/{meeting.pk}/attendance/", {"attendance": rows}, format="json")
    assert response.status_code == 400  # another alliance's unit: out of its sight


def test_responsible_unit_out_of_sight_is_refused_unnamed(api, alliances, city, far, clock):
    clock.set(2026, 6, 1)
    payload = {
        "alliance": alliances.c1.pk,
        "title": "供暖",
        "category": "water_heating",
        "responsible_unit": far.pk,
        "deadline": "2026-07-10",
    }
    assert_refused_unnamed(api.post("/api/v1/tracked-problems/", payload, format="json"), "responsible_unit")
    problem = problem_services.problem_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="供暖",
        category="water_heating",
        responsible_unit=city.unit_1,
        deadline=datetime.date(2026, 7, 10),
    )
    response = api.patch(f"/api/v1/tracked-problems/{problem.pk}/", {"responsible_unit": far.pk}, format="json")
    assert_refused_unnamed(response, "responsible_unit")
    assert TrackedProblem.objects.get().responsible_unit == city.unit_1


def test_committee_unit_out_of_sight_is_refused_unnamed(api, alliances, city, far):
    payload = {"alliance": alliances.c1.pk, "kind": "aid", "name": "帮扶专委", "units": [city.unit_1.pk, far.pk]}
    assert_refused_unnamed(api.post("/api/v1/alliance-committees/", payload, format="json"), "units")
    assert not Committee.objects.exists()


def test_activity_units_out_of_sight_are_refused_unnamed(api, alliances, city, far):
    payload = {
        "alliance": alliances.c1.pk,
        "kind": "volunteer_service",
        "title": "清雪",
        "starts_at": "2024-01-15T10:00:00+08:00",
        "place": "广场",
    }
    assert_refused_unnamed(
        api.post("/api/v1/activities/", {**payload, "organiser_unit": far.pk}, format="json"), "organiser_unit"
    )
    assert_refused_unnamed(api.post("/api/v1/activities/", {**payload, "units": [far.pk]}, format="json"), "units")


def test_joining_a_unit_out_of_sight_is_refused_unnamed(api, alliances, city, far):
    response = api.post(
        "/api/v1/alliance-memberships/",
        {"alliance": alliances.c1.pk, "unit": far.pk, "joined_on": "2026-01-01", "committee_member": "周"},
        format="json",
    )
    assert_refused_unnamed(response, "unit")
    assert not alliances.c1.memberships.filter(unit=far).exists()


@pytest.mark.parametrize("path", ["/api/v1/activities/", "/api/v1/alliance-committees/"])
def test_browsable_api_forms_offer_only_units_in_sight(client, alliances, city, far, path):
    client.force_login(alliances.c1_secretary)
    page = client.get(path, HTTP_ACCEPT="text/html").content.decode()
    assert city.unit_1.name in page and city.unit_2.name in page  # C1's members (unit_2 stationed in C2)
    assert FAR_NAME not in page


def test_join_page_offers_only_units_the_secretary_sees(client, alliances, city, far):
    own = MemberUnitFactory(location=city.c1, name="东艺本地公司")
    elsewhere = MemberUnitFactory(location=city.c3, name="北寿另一公司")  # same district, another street
    other_district = MemberUnitFactory(location=child(child(city.district_b, "street"), "community"))
    client.force_login(alliances.c1_secretary)
    response = client.get(reverse("alliances:member_join", args=[alliances.c1.pk]))
    offered = set(response.context["form"].fields["unit"].queryset)
    assert own in offered
    assert not offered & {elsewhere, other_district, far, city.unit_1, city.unit_2}
    page = response.content.decode()
    assert elsewhere.name not in page and FAR_NAME not in page
    response = client.post(
        reverse("alliances:member_join", args=[alliances.c1.pk]), {"unit": elsewhere.pk, "joined_on": "2026-01-01"}
    )
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    assert not alliances.c1.memberships.filter(unit=elsewhere).exists()
