"""API of alliances, memberships, committees, chair terms, meetings and problems: scoped, filtered,
paginated, writing through the services, with 400 field errors for bad input."""

import datetime
import zoneinfo

import pytest
from rest_framework.test import APIClient

from alliances.models import Alliance, Attendance, ChairTerm, Committee, JointMeeting, Membership, TrackedProblem
from alliances.services import meetings as meeting_services
from alliances.services import problems as problem_services
from tests.factories import MemberUnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

D = datetime.date


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user) -> APIClient:
    api.force_authenticate(user)
    return api


def fields(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def test_alliance_list_is_scoped_paginated_and_filtered(api, city, alliances):
    body = as_user(api, alliances.city_office).get("/api/v1/alliances/").json()
    assert body["count"] == 2 and {"results", "next", "previous"} <= set(body)
    under = api.get("/api/v1/alliances/", {"under": city.street_2.pk}).json()
    assert [a["id"] for a in under["results"]] == [alliances.c3.pk]
    mine = as_user(api, alliances.unit_1_admin).get("/api/v1/alliances/").json()
    assert [a["id"] for a in mine["results"]] == [alliances.c1.pk]
    assert as_user(api, alliances.c2_secretary).get(f"/api/v1/alliances/{alliances.c1.pk}/").status_code == 404


def test_create_alliance_through_the_service(api, city, alliances):
    as_user(api, alliances.c2_secretary)
    payload = {"node": city.c2.pk, "name": "福镇联合体", "founded_on": "2026-01-01", "rotation_starts_on": "2026-01-01"}
    response = api.post("/api/v1/alliances/", payload, format="json")
    assert response.status_code == 201
    assert Alliance.objects.get(node=city.c2).name == "福镇联合体"
    assert "already has an alliance" in fields(api.post("/api/v1/alliances/", payload, format="json"))["node"][0]
    assert "node" in fields(api.post("/api/v1/alliances/", {**payload, "node": city.c1.pk}, format="json"))


def test_unit_admin_cannot_edit_the_alliance(api, alliances):
    response = as_user(api, alliances.unit_1_admin).patch(
        f"/api/v1/alliances/{alliances.c1.pk}/", {"brand": "改"}, format="json"
    )
    assert response.status_code == 403
    response = as_user(api, alliances.c1_secretary).patch(
        f"/api/v1/alliances/{alliances.c1.pk}/", {"brand": "东艺之家", "term_months": 13}, format="json"
    )
    assert "term_months" in fields(response)
    api.patch(f"/api/v1/alliances/{alliances.c1.pk}/", {"brand": "东艺之家"}, format="json")
    alliances.c1.refresh_from_db()
    assert alliances.c1.brand == "东艺之家"


def test_rules_file_is_checked_in_the_api(api, alliances):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = as_user(api, alliances.c1_secretary).patch(
        f"/api/v1/alliances/{alliances.c1.pk}/",
        {"rules_file": SimpleUploadedFile("rules.odt", b"not a zip")},
        format="multipart",
    )
    assert "not a real .odt" in fields(response)["rules_file"][0]


def test_memberships_join_leave_and_history(api, city, alliances):
    as_user(api, alliances.c1_secretary)
    unit = MemberUnitFactory(location=city.c1, party_secretary="郑书记")
    response = api.post(
        "/api/v1/alliance-memberships/",
        {"alliance": alliances.c1.pk, "unit": unit.pk, "joined_on": "2026-01-01", "chair_position": 2},
        format="json",
    )
    assert "already taken" in fields(response)["chair_position"][0]
    response = api.post(
        "/api/v1/alliance-memberships/",
        {"alliance": alliances.c1.pk, "unit": unit.pk, "joined_on": "2026-01-01", "chair_position": 3},
        format="json",
    )
    assert response.status_code == 201 and response.json()["committee_member"] == "郑书记"
    pk = response.json()["id"]
    assert "leave_reason" in fields(api.post(f"/api/v1/alliance-memberships/{pk}/leave/", {"left_on": "2026-02-01"}))
    api.post(f"/api/v1/alliance-memberships/{pk}/leave/", {"left_on": "2026-02-01", "leave_reason": "迁出"})
    assert Membership.objects.get(pk=pk).left_on == D(2026, 2, 1)
    current = api.get("/api/v1/alliance-memberships/", {"alliance": alliances.c1.pk, "current": "true"}).json()
    assert {m["unit"] for m in current["results"]} == {city.unit_1.pk, city.unit_2.pk}
    during = api.get(
        "/api/v1/alliance-memberships/", {"alliance": alliances.c1.pk, "period_after": "2026-01-15"}
    ).json()
    assert unit.pk in {m["unit"] for m in during["results"]}
    response = as_user(api, alliances.unit_1_admin).post(f"/api/v1/alliance-memberships/{pk}/leave/", {})
    assert response.status_code == 403  # the alliance's membership history: visible to its members, not theirs
    response = as_user(api, alliances.unit_3_admin).post(f"/api/v1/alliance-memberships/{pk}/leave/", {})
    assert response.status_code == 404  # another alliance's member: out of sight


def test_committees_crud_through_the_service(api, city, alliances):
    as_user(api, alliances.c1_secretary)
    response = api.post(
        "/api/v1/alliance-committees/",
        {"alliance": alliances.c1.pk, "kind": "aid", "name": "帮扶专委", "units": [city.unit_3.pk]},
        format="json",
    )
    assert "units" in fields(response)
    response = api.post(
        "/api/v1/alliance-committees/",
        {"alliance": alliances.c1.pk, "kind": "aid", "name": "帮扶专委", "units": [city.unit_1.pk]},
        format="json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    api.patch(f"/api/v1/alliance-committees/{pk}/", {"name": "困难帮扶专委"}, format="json")
    assert alliances.c1.committees.get().name == "困难帮扶专委"
    assert as_user(api, alliances.c2_secretary).get(f"/api/v1/alliance-committees/{pk}/").status_code == 404


def test_rotation_swap_skip_and_gap_refusal(api, city, alliances, clock):
    clock.set(2026, 6, 20)
    as_user(api, alliances.c1_secretary)
    terms = api.get(f"/api/v1/alliances/{alliances.c1.pk}/rotation/", {"until": "2026-12-31"}).json()
    assert [(t["starts_on"], t["chair_unit"]) for t in terms[-3:]] == [
        ("2026-04-01", city.unit_1.pk),
        ("2026-07-01", city.unit_2.pk),
        ("2026-10-01", None),
    ]
    url = f"/api/v1/alliances/{alliances.c1.pk}/"
    response = api.post(
        url + "swap-terms/", {"starts_on": "2026-07-01", "other_starts_on": "2026-10-15", "reason": "x"}
    )
    assert "gap or an overlap" in fields(response)["other_starts_on"][0]
    response = api.post(
        url + "swap-terms/", {"starts_on": "2026-07-01", "other_starts_on": "2026-10-01", "reason": "x"}
    )
    assert response.status_code == 200
    assert ChairTerm.objects.get(alliance=alliances.c1, starts_on=D(2026, 7, 1)).chair_unit is None
    response = api.post(
        url + "reschedule-term/",
        {"starts_on": "2026-07-01", "new_starts_on": "2026-07-01", "new_ends_on": "2026-09-10", "reason": "x"},
    )
    assert "gap" in fields(response)["new_ends_on"][0]
    response = api.post(url + "skip-term/", {"starts_on": "2026-04-01", "reason": "x"})
    assert response.status_code == 200 and response.json()[0]["chair_unit"] == city.unit_2.pk
    stored = api.get("/api/v1/chair-terms/", {"alliance": alliances.c1.pk, "period_after": "2026-06-01"}).json()
    assert [t["starts_on"] for t in stored["results"]][:2] == ["2026-04-01", "2026-07-01"]
    as_user(api, alliances.unit_1_admin)
    assert api.post(url + "skip-term/", {"starts_on": "2026-07-01", "reason": "x"}).status_code == 403
    terms = api.get("/api/v1/chair-terms/").json()["results"]
    assert {t["alliance"] for t in terms} == {alliances.c1.pk}  # the rotation of its own alliance only
    hosting = api.get("/api/v1/chair-terms/", {"chair_unit": city.unit_1.pk}).json()
    assert hosting["results"] and all(t["chair_unit"] == city.unit_1.pk for t in hosting["results"])


def test_meeting_bad_input_answers_400_with_field_errors(api, city, alliances, clock):
    clock.set(2026, 6, 1)
    as_user(api, alliances.c1_secretary)
    payload = {"alliance": alliances.c1.pk, "title": "会", "starts_at": "2026-05-20T09:00:00+08:00", "place": "社区"}
    assert (
        "past cannot be scheduled"
        in fields(api.post("/api/v1/joint-meetings/", payload, format="json"))["starts_at"][0]
    )
    payload["starts_at"] = "2026-06-10T09:00:00+08:00"
    payload["agenda"] = ["议题一", "议题二"]
    response = api.post("/api/v1/joint-meetings/", payload, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["agenda"] == ["议题一", "议题二"] and body["host_unit"] == city.unit_1.pk  # chair of 2026-Q2
    pk = body["id"]
    clock.set(2026, 6, 10, 12)
    neighbour = MemberUnitFactory(location=city.c1)  # seen by the C1 secretary, not a member
    rows = [{"unit": neighbour.pk, "attendee": "外人", "status": "present"}]
    response = api.post(f"/api/v1/joint-meetings/{pk}/attendance/", {"attendance": rows}, format="json")
    assert "not a member of this alliance" in fields(response)["attendance"][0]
    rows = [{"unit": city.unit_1.pk, "attendee": "刘一", "status": "absent"}]
    response = api.post(f"/api/v1/joint-meetings/{pk}/attendance/", {"attendance": rows}, format="json")
    assert "reason why" in fields(response)["attendance"][0]
    rows = [
        {"unit": city.unit_1.pk, "attendee": "刘一", "status": "present"},
        {"unit": None, "attendee": "书记", "status": "present"},
    ]
    response = api.post(f"/api/v1/joint-meetings/{pk}/attendance/", {"attendance": rows}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "held"
    assert Attendance.objects.filter(meeting_id=pk).count() == 2
    response = api.post(
        f"/api/v1/joint-meetings/{pk}/minutes/", {"minutes": "纪要", "decisions": ["修路"]}, format="json"
    )
    assert response.json()["decisions"][0]["text"] == "修路"


def test_meeting_list_filters_status_period_and_minutes_overdue(api, city, alliances, clock):
    clock.set(2026, 5, 1)
    old = meeting_services.meeting_create(
        user=alliances.c1_secretary, alliance=alliances.c1, title="旧", starts_at=at(2026, 5, 10), place="社区"
    )
    meeting_services.meeting_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="草稿",
        starts_at=at(2026, 6, 10),
        place="社区",
        status="draft",
    )
    clock.set(2026, 5, 20)
    as_user(api, alliances.c1_secretary)
    overdue = api.get("/api/v1/joint-meetings/", {"minutes_overdue": "true"}).json()
    assert [m["id"] for m in overdue["results"]] == [old.pk] and overdue["results"][0]["minutes_overdue_days"] == 7
    drafts = api.get("/api/v1/joint-meetings/", {"status": "draft"}).json()
    assert [m["title"] for m in drafts["results"]] == ["草稿"]
    period = api.get("/api/v1/joint-meetings/", {"period_after": "2026-06-01", "period_before": "2026-06-30"}).json()
    assert [m["title"] for m in period["results"]] == ["草稿"]
    outside = api.get("/api/v1/joint-meetings/", {"under": city.street_2.pk})  # a node out of sight
    assert outside.status_code == 400 and "under" in outside.json()["error"]["fields"]
    assert as_user(api, alliances.unit_3_admin).get("/api/v1/joint-meetings/").json()["count"] == 0


def test_problem_api_transitions_and_overdue(api, city, alliances, clock):
    clock.set(2026, 6, 1)
    as_user(api, alliances.c1_secretary)
    payload = {
        "alliance": alliances.c1.pk,
        "title": "供暖",
        "category": "water_heating",
        "responsible_unit": city.unit_3.pk,
        "deadline": "2026-06-10",
    }
    assert "responsible_unit" in fields(api.post("/api/v1/tracked-problems/", payload, format="json"))
    payload["responsible_unit"] = city.unit_1.pk
    pk = api.post("/api/v1/tracked-problems/", payload, format="json").json()["id"]
    as_user(api, alliances.unit_1_admin)
    assert "status" in fields(
        api.post(f"/api/v1/tracked-problems/{pk}/progress/", {"status": "solved", "resolution": "好"})
    )
    assert (
        api.post(f"/api/v1/tracked-problems/{pk}/progress/", {"status": "in_progress", "note": "处理中"}).status_code
        == 200
    )
    response = api.post(f"/api/v1/tracked-problems/{pk}/progress/", {"status": "solved", "note": "好了"})
    assert fields(response)["resolution"] == ["A problem cannot be marked solved without a resolution note."]
    assert api.patch(f"/api/v1/tracked-problems/{pk}/", {"deadline": "2027-01-01"}, format="json").status_code == 403
    clock.set(2026, 6, 11)
    overdue = api.get("/api/v1/tracked-problems/", {"overdue": "true"}).json()
    assert [p["id"] for p in overdue["results"]] == [pk] and overdue["results"][0]["is_overdue"]
    body = api.get(f"/api/v1/tracked-problems/{pk}/").json()
    assert [u["status_to"] for u in body["updates"]] == ["in_progress"]
    assert api.get("/api/v1/tracked-problems/", {"status": "open"}).json()["count"] == 0
    assert as_user(api, alliances.unit_3_admin).get(f"/api/v1/tracked-problems/{pk}/").status_code == 404


def test_problem_from_a_decision_in_the_api(api, city, alliances, clock):
    clock.set(2026, 5, 1)
    meeting = meeting_services.meeting_create(
        user=alliances.c1_secretary, alliance=alliances.c1, title="会", starts_at=at(2026, 5, 2), place="社区"
    )
    clock.set(2026, 5, 3)
    meeting_services.meeting_minutes_record(
        user=alliances.c1_secretary, meeting=meeting, minutes="m", decisions=["修路"]
    )
    decision = meeting.decisions.get()
    response = as_user(api, alliances.c1_secretary).post(
        "/api/v1/tracked-problems/",
        {
            "alliance": alliances.c1.pk,
            "decision": decision.pk,
            "title": "修路",
            "category": "environment",
            "responsible_unit": city.unit_2.pk,
            "deadline": "2026-08-01",
        },
        format="json",
    )
    assert response.status_code == 201 and TrackedProblem.objects.get().decision == decision
    problem_services.problem_progress(user=alliances.c1_secretary, problem=TrackedProblem.objects.get(), note="开工")
    assert JointMeeting.objects.get().decisions.get().problems.count() == 1


def test_partial_update_of_a_problem_keeps_its_other_values(api, city, alliances, clock):
    clock.set(2026, 6, 1)
    problem = problem_services.problem_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="供暖",
        description="三号楼",
        category="water_heating",
        responsible_unit=city.unit_2,
        deadline=D(2026, 7, 1),
    )
    assert problem_services.problem_values(problem) == {
        "title": "供暖",
        "description": "三号楼",
        "category": "water_heating",
        "responsible_unit": city.unit_2,
        "deadline": D(2026, 7, 1),
    }
    response = as_user(api, alliances.c1_secretary).patch(
        f"/api/v1/tracked-problems/{problem.pk}/", {"deadline": "2026-08-01"}, format="json"
    )
    assert response.status_code == 200
    problem.refresh_from_db()
    assert (problem.title, problem.description, problem.responsible_unit, problem.deadline) == (
        "供暖",
        "三号楼",
        city.unit_2,
        D(2026, 8, 1),
    )


@pytest.mark.parametrize(
    "path",
    ["/api/v1/joint-meetings/", "/api/v1/tracked-problems/", "/api/v1/alliance-memberships/", "/api/v1/chair-terms/"],
)
def test_a_period_that_ends_before_it_starts_is_refused(api, alliances, path):
    response = as_user(api, alliances.c1_secretary).get(
        path, {"period_after": "2026-06-30", "period_before": "2026-06-01"}
    )
    assert fields(response) == {"period": ["The end of the period comes before its start."]}


def test_committee_update_never_moves_it_to_another_alliance(api, city, alliances):
    other = Alliance.objects.create(
        node=city.street_1, name="向阳联合体", founded_on=D(2020, 1, 1), rotation_starts_on=D(2020, 1, 1)
    )
    as_user(api, alliances.street_secretary)  # sees and manages both alliances
    pk = api.post(
        "/api/v1/alliance-committees/",
        {"alliance": alliances.c1.pk, "kind": "aid", "name": "帮扶专委", "units": [city.unit_1.pk]},
        format="json",
    ).json()["id"]
    response = api.put(
        f"/api/v1/alliance-committees/{pk}/", {"kind": "civility", "name": "文明专委", "units": []}, format="json"
    )
    assert response.status_code == 200, response.content  # the alliance is not asked for
    response = api.patch(f"/api/v1/alliance-committees/{pk}/", {"alliance": other.pk, "name": "文明委"}, format="json")
    assert response.status_code == 200 and response.json()["alliance"] == alliances.c1.pk
    committee = Committee.objects.get(pk=pk)
    assert (committee.alliance, committee.kind, committee.name) == (alliances.c1, "civility", "文明委")
    assert list(committee.units.all()) == []


def test_rotation_endpoint_computes_the_rotation_once(api, alliances, monkeypatch):
    from alliances.services import rotation

    calls = []
    original = rotation.project_terms
    monkeypatch.setattr(rotation, "project_terms", lambda *a, **kw: calls.append(1) or original(*a, **kw))
    response = as_user(api, alliances.c1_secretary).get(f"/api/v1/alliances/{alliances.c1.pk}/rotation/")
    assert response.status_code == 200 and response.json()
    assert len(calls) == 1
