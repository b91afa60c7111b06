"""The volunteers' API: dual reports decided by the community, posts and shifts, claims, check-in and check-out with
the organiser's code, declared hours and their approval, teams. Every refusal the issue names is a 400 with a
field error and nothing written; every list is scoped."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from organisations.models import PartyOrganisation
from people.models import Person
from tests.factories import PersonFactory
from tests.volunteers.conftest import tomorrow_at
from volunteers import services
from volunteers.models import Claim, DualReport, Post, ServiceRecord, Shift

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def fields(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]


def _running(shift) -> Shift:
    """Moves the shift so that it runs now, with a valid code."""
    now = timezone.now()
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(hours=2),
        code="123456",
        code_expires_at=now + datetime.timedelta(hours=4),
    )
    shift.refresh_from_db()
    return shift


# --- dual reports -------------------------------------------------------------------------------------------


def test_member_reports_and_the_community_approves_with_the_api(city, actors):
    member = client_for(actors.member)
    response = member.post("/api/v1/dual-reports/", {"community": city.c1.pk})
    assert response.status_code == 201, response.content
    report = response.json()
    assert (report["person"], report["status"]) == (actors.member_person.pk, "pending")

    community = client_for(actors.c1)
    assert [r["id"] for r in community.get("/api/v1/dual-reports/").json()["results"]] == [report["id"]]
    assert client_for(actors.c3).get("/api/v1/dual-reports/").json()["results"] == []
    assert member.post(f"/api/v1/dual-reports/{report['id']}/approve/").status_code == 403
    assert client_for(actors.c3).post(f"/api/v1/dual-reports/{report['id']}/approve/").status_code == 404

    response = community.post(f"/api/v1/dual-reports/{report['id']}/approve/")
    assert response.json()["status"] == "approved"
    actors.member_person.refresh_from_db()
    assert actors.member_person.reported_on == timezone.localdate()


def test_declining_a_report_needs_a_reason(city, actors):
    report = services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    community = client_for(actors.c1)
    assert "reason" in fields(community.post(f"/api/v1/dual-reports/{report.pk}/decline/", {"reason": ""}))
    response = community.post(f"/api/v1/dual-reports/{report.pk}/decline/", {"reason": "不在本社区居住"})
    assert (response.json()["status"], response.json()["reason"]) == ("declined", "不在本社区居住")


def test_unit_admin_reports_several_members_at_once_or_none(city, actors):
    admin = client_for(actors.unit_1_admin)
    people = [actors.member_person.pk, actors.other_person.pk]
    response = admin.post(
        "/api/v1/dual-reports/batch/", {"unit": city.unit_1.pk, "community": city.c1.pk, "people": people}
    )
    assert response.status_code == 201, response.content
    assert sorted(r["person"] for r in response.json()) == sorted(people)
    again = admin.post(
        "/api/v1/dual-reports/batch/", {"unit": city.unit_1.pk, "community": city.c1.pk, "people": people}
    )
    assert "person" in fields(again)
    assert DualReport.objects.count() == 2


def test_reporting_twice_is_a_400(city, actors):
    member = client_for(actors.member)
    member.post("/api/v1/dual-reports/", {"community": city.c1.pk})
    assert "person" in fields(member.post("/api/v1/dual-reports/", {"community": city.c1.pk}))
    assert DualReport.objects.count() == 1


# --- posts and shifts ---------------------------------------------------------------------------------------


def test_community_publishes_a_post_with_shifts_and_shows_the_code_only_to_its_organisers(city, actors, post):
    community = client_for(actors.c1)
    response = community.post(
        "/api/v1/posts/", {"node": city.c1.pk, "title": "平安巡逻", "category": "public_order", "place": "南门"}
    )
    assert response.status_code == 201, response.content
    post_id = response.json()["id"]
    response = community.post(
        f"/api/v1/posts/{post_id}/shifts/",
        {
            "starts_at": tomorrow_at(8).isoformat(),
            "ends_at": tomorrow_at(10).isoformat(),
            "capacity": 3,
            "count": 2,
            "repeat_days": 7,
        },
    )
    assert response.status_code == 201, response.content
    shift_id = response.json()[0]["id"]
    code = community.post(f"/api/v1/posts/{post_id}/code/", {"shift": shift_id}).json()["code"]
    assert len(code) == 6 and code.isdigit()

    member_view = client_for(actors.member).get(f"/api/v1/posts/{post_id}/shifts/").json()["results"]
    assert [s["code"] for s in member_view] == ["", ""]
    assert client_for(actors.member).post(f"/api/v1/posts/{post_id}/code/", {"shift": shift_id}).status_code == 403


def test_shift_ending_before_it_starts_is_a_400_and_nothing_is_added(actors, post):
    response = client_for(actors.c1).post(
        f"/api/v1/posts/{post.pk}/shifts/",
        {"starts_at": tomorrow_at(10).isoformat(), "ends_at": tomorrow_at(9).isoformat(), "capacity": 3},
    )
    assert "ends_at" in fields(response)
    assert not post.shifts.exists()


def test_open_posts_are_a_directory_and_closed_ones_stay_in_their_area(actors, post):
    outsider = client_for(actors.c3)
    assert [p["id"] for p in outsider.get("/api/v1/posts/").json()["results"]] == [post.pk]
    client_for(actors.c1).post(f"/api/v1/posts/{post.pk}/close/")
    assert outsider.get("/api/v1/posts/").json()["results"] == []
    assert outsider.get(f"/api/v1/posts/{post.pk}/").status_code == 404


# --- claims -------------------------------------------------------------------------------------------------


def test_member_claims_and_withdraws_a_place(actors, shift):
    member = client_for(actors.member)
    response = member.post("/api/v1/claims/", {"shift": shift.pk})
    assert response.status_code == 201, response.content
    claim = response.json()
    assert (claim["person"], claim["status"]) == (actors.member_person.pk, "active")
    shift.refresh_from_db()
    assert shift.claimed == 1
    response = member.post(f"/api/v1/claims/{claim['id']}/withdraw/")
    assert response.json()["status"] == "withdrawn"
    shift.refresh_from_db()
    assert shift.claimed == 0
    assert "status" in fields(member.post(f"/api/v1/claims/{claim['id']}/withdraw/"))


def test_unit_admin_claims_for_a_named_member_and_withdraws_it(actors, shift):
    admin = client_for(actors.unit_1_admin)
    response = admin.post("/api/v1/claims/", {"shift": shift.pk, "person": actors.other_person.pk})
    assert response.status_code == 201, response.content
    assert admin.post(f"/api/v1/claims/{response.json()['id']}/withdraw/").status_code == 200


def test_claiming_a_full_shift_is_a_400_and_nothing_is_recorded(city, actors, shift):
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    services.claim(user=actors.unit_1_admin, shift=shift, person=actors.other_person)
    third = PersonFactory(household=city.household_1, party_status=Person.PartyStatus.COMMUNITY)
    response = client_for(actors.c1).post("/api/v1/claims/", {"shift": shift.pk, "person": third.pk})
    assert fields(response) == {"shift": ["This shift is full."]}
    assert not Claim.objects.filter(person=third).exists()


def test_claiming_a_past_shift_is_a_400(actors, shift):
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert fields(client_for(actors.member).post("/api/v1/claims/", {"shift": shift.pk})) == {
        "shift": ["This shift has already started."]
    }
    assert not Claim.objects.exists()


def test_claiming_a_shift_of_a_closed_post_out_of_the_members_scope_is_a_400(actors, shift, post):
    services.post_close(user=actors.c1, post=post)
    response = client_for(actors.member).post("/api/v1/claims/", {"shift": shift.pk})
    assert "shift" in fields(response)  # a closed post outside one's area is not offered at all
    response = client_for(actors.c1).post("/api/v1/claims/", {"shift": shift.pk, "person": actors.member_person.pk})
    assert fields(response) == {"shift": ["This post is closed."]}
    assert not Claim.objects.exists()


def test_claiming_for_someone_one_may_not_act_for_is_a_400(actors, shift):
    response = client_for(actors.member).post("/api/v1/claims/", {"shift": shift.pk, "person": actors.other_person.pk})
    assert "person" in fields(response)
    assert not Claim.objects.exists()


def test_claims_are_seen_by_the_person_the_unit_and_the_area_only(actors, shift):
    made = services.claim(user=actors.member, shift=shift, person=actors.member_person)
    for user in (actors.member, actors.unit_1_admin, actors.c1):
        assert [c["id"] for c in client_for(user).get("/api/v1/claims/").json()["results"]] == [made.pk]
    assert client_for(actors.c3).get("/api/v1/claims/").json()["results"] == []
    assert client_for(actors.c3).post(f"/api/v1/claims/{made.pk}/withdraw/").status_code == 404


# --- check-in, check-out, declared hours --------------------------------------------------------------------


def test_member_checks_in_and_out_with_the_code_and_checking_out_twice_is_a_400(actors, shift):
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    _running(shift)
    member = client_for(actors.member)
    response = member.post("/api/v1/service-records/check-in/", {"code": "123456"})
    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["checked_out_at"]) == ("recorded", None)
    response = member.post("/api/v1/service-records/check-out/", {"code": "123456", "shift": shift.pk})
    assert response.status_code == 200, response.content
    record = ServiceRecord.objects.get()
    assert record.checked_out_at is not None
    assert fields(member.post("/api/v1/service-records/check-out/", {"code": "123456"})) == {
        "code": ["Already checked out."]
    }
    assert ServiceRecord.objects.get().checked_out_at == record.checked_out_at


def test_checking_in_with_a_wrong_or_expired_code_is_a_400_and_nothing_is_recorded(actors, shift):
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    _running(shift)
    member = client_for(actors.member)
    assert "code" in fields(member.post("/api/v1/service-records/check-in/", {"code": "654321"}))
    assert fields(member.post("/api/v1/service-records/check-in/", {"code": "654321", "shift": shift.pk})) == {
        "code": ["Wrong check-in code."]
    }
    Shift.objects.filter(pk=shift.pk).update(code_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert fields(member.post("/api/v1/service-records/check-in/", {"code": "123456", "shift": shift.pk})) == {
        "code": ["This check-in code has expired."]
    }
    assert "code" in fields(member.post("/api/v1/service-records/check-in/", {"code": "12ab56"}))
    assert not ServiceRecord.objects.exists()


def test_declaring_more_hours_than_the_shift_lasted_is_a_400(actors, shift):
    past = timezone.now() - datetime.timedelta(days=1)
    Shift.objects.filter(pk=shift.pk).update(starts_at=past, ends_at=past + datetime.timedelta(hours=3))
    community = client_for(actors.c1)
    response = community.post(
        "/api/v1/service-records/declare/", {"person": actors.member_person.pk, "shift": shift.pk, "hours": "3.5"}
    )
    assert fields(response) == {"hours": ["More hours than the shift lasted (3.0)."]}
    assert not ServiceRecord.objects.exists()


def test_declared_hours_wait_for_approval_and_count_apart(city, actors):
    community = client_for(actors.c1)
    day = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    response = community.post(
        "/api/v1/service-records/declare/",
        {"person": actors.member_person.pk, "community": city.c1.pk, "served_on": day, "hours": "2.5"},
    )
    assert response.status_code == 201, response.content
    record = response.json()
    totals = community.get("/api/v1/service-records/totals/").json()["results"][0]
    assert (totals["declared_times"], Decimal(totals["declared_hours"])) == (0, 0)
    assert client_for(actors.member).post(f"/api/v1/service-records/{record['id']}/approve/").status_code == 403
    assert community.post(f"/api/v1/service-records/{record['id']}/approve/").json()["status"] == "approved"
    totals = community.get("/api/v1/service-records/totals/", {"group": "person"}).json()["results"]
    assert totals == [
        {
            "key": actors.member_person.pk,
            "recorded_times": 0,
            "recorded_hours": "0.00",
            "declared_times": 1,
            "declared_hours": "2.50",
        }
    ]
    assert "status" in fields(community.post(f"/api/v1/service-records/{record['id']}/decline/", {"reason": "x"}))


def test_declaring_for_another_area_is_forbidden(city, actors):
    person = PersonFactory(household=city.household_1, party_status=Person.PartyStatus.COMMUNITY)
    response = client_for(actors.c3).post(
        "/api/v1/service-records/declare/",
        {"person": person.pk, "community": city.c1.pk, "served_on": "2024-05-01", "hours": "1"},
    )
    assert "person" in fields(response)  # a person out of sight is not offered
    assert not ServiceRecord.objects.exists()


# --- teams --------------------------------------------------------------------------------------------------


def test_teams_endpoint_sets_up_a_volunteer_team_with_a_leader_who_is_not_a_party_member(city, actors):
    community = client_for(actors.c1)
    response = community.post(
        "/api/v1/teams/",
        {"kind": "volunteer_team", "node": city.c1.pk, "founded_on": "2024-01-01", "secretary": city.resident_1.pk},
    )
    assert response.status_code == 201, response.content
    team = response.json()
    assert (team["kind"], team["secretary"], team["name"]) == (
        "volunteer_team",
        city.resident_1.pk,
        f"{city.c1.name}志愿者服务队",
    )
    assert [t["id"] for t in community.get("/api/v1/teams/").json()["results"]] == [team["id"]]
    assert client_for(actors.c3).get("/api/v1/teams/").json()["results"] == []


def test_teams_endpoint_refuses_other_kinds_of_organisation(city, actors):
    response = client_for(actors.c1).post(
        "/api/v1/teams/", {"kind": "grid_branch", "node": city.grid_1.pk, "founded_on": "2024-01-01"}
    )
    assert "kind" in fields(response)
    assert not PartyOrganisation.objects.exists()


def test_posts_list_does_not_grow_its_queries_with_rows(actors, post):
    client = client_for(actors.member)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get("/api/v1/posts/").json()["results"]) == Post.objects.count()
        return len(ctx.captured_queries)

    client.get("/api/v1/posts/")  # the session and throttle rows exist from here on
    few = queries()
    for i in range(5):
        services.post_create(user=actors.c1, node=post.node, title=f"岗{i}", category="other", place="x")
    assert queries() == few


def test_totals_per_group_are_paged_by_key_with_records_of_no_unit_last(city, actors):
    day = timezone.localdate() - datetime.timedelta(days=2)
    for person, hours in ((actors.member_person, "2.0"), (actors.other_person, "1.0")):
        record = services.declare_hours(
            user=actors.c1, person=person, community=city.c1, served_on=day, hours=Decimal(hours)
        )
        services.declared_decide(user=actors.c1, record=record, approve=True)
    lone = PersonFactory(household=city.household_1, party_status=Person.PartyStatus.IN_SERVICE)
    record = services.declare_hours(user=actors.c1, person=lone, community=city.c1, served_on=day, hours=Decimal("4.0"))
    services.declared_decide(user=actors.c1, record=record, approve=True)

    community = client_for(actors.c1)
    first = community.get("/api/v1/service-records/totals/", {"group": "unit", "page_size": 1}).json()
    assert first["count"] == 2 and first["next"]
    assert [(row["key"], row["declared_hours"]) for row in first["results"]] == [(city.unit_1.pk, "3.00")]
    second = community.get(first["next"]).json()
    assert [(row["key"], row["declared_hours"]) for row in second["results"]] == [(None, "4.00")]
