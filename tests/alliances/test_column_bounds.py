"""Numbers and lists larger than their columns (or than any real meeting) answer 400 with a field error,
in the API and on the pages, and nothing is saved; the attendance endpoint answers 400 for a row without
a status too."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from alliances.models import (
    MAX_AGENDA_ITEMS,
    MAX_ATTENDANCE_ROWS,
    MAX_CHAIR_POSITION,
    MAX_DECISIONS,
    Activity,
    JointMeeting,
)
from alliances.services import meetings as meeting_services

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def api(alliances):
    api = APIClient()
    api.force_authenticate(alliances.c1_secretary)
    return api


def fields(response) -> dict:
    assert response.status_code == 400, response.content[:500]
    return response.json()["error"]["fields"]


def test_secretary_place_beyond_the_column_is_a_field_error(api, alliances):
    response = api.patch(f"/api/v1/alliances/{alliances.c1.pk}/", {"secretary_chair_position": 40000}, format="json")
    assert "secretary_chair_position" in fields(response)
    alliances.c1.refresh_from_db()
    assert alliances.c1.secretary_chair_position == 0
    ok = api.patch(
        f"/api/v1/alliances/{alliances.c1.pk}/", {"secretary_chair_position": MAX_CHAIR_POSITION}, format="json"
    )
    assert ok.status_code == 200


def test_secretary_place_beyond_the_column_is_a_form_error(client, alliances):
    client.force_login(alliances.c1_secretary)
    response = client.post(
        f"/alliances/{alliances.c1.pk}/edit/",
        {
            "name": "东艺联合体",
            "founded_on": "2020-01-01",
            "rotation_starts_on": "2020-01-01",
            "term_months": 3,
            "secretary_chair_position": 40000,
            "four_ones_period_months": 3,
        },
    )
    assert response.status_code == 200
    assert "secretary_chair_position" in response.context["form"].errors
    alliances.c1.refresh_from_db()
    assert alliances.c1.secretary_chair_position == 0


def test_membership_place_beyond_the_column_is_a_field_error(api, alliances, city):
    membership = alliances.c1.memberships.get(unit=city.unit_1)
    response = api.put(
        f"/api/v1/alliance-memberships/{membership.pk}/",
        {"committee_member": "刘", "chair_position": 40000},
        format="json",
    )
    assert "chair_position" in fields(response)
    membership.refresh_from_db()
    assert membership.chair_position == 1


def test_membership_place_beyond_the_column_is_refused_on_the_page(client, alliances, city):
    client.force_login(alliances.c1_secretary)
    membership = alliances.c1.memberships.get(unit=city.unit_1)
    response = client.post(
        f"/alliances/members/{membership.pk}/edit/", {"committee_member": "刘", "chair_position": 40000}
    )
    assert "chair_position" in response.context["form"].errors


def test_an_agenda_longer_than_any_meeting_is_refused_whole(api, alliances, clock):
    clock.set(2026, 5, 1)
    payload = {
        "alliance": alliances.c1.pk,
        "title": "联席会议",
        "starts_at": "2026-05-20T09:00:00+08:00",
        "place": "社区",
        "agenda": [f"议题{i}" for i in range(32_768)],
    }
    assert "agenda" in fields(api.post("/api/v1/joint-meetings/", payload, format="json"))
    assert not JointMeeting.objects.exists()
    payload["agenda"] = payload["agenda"][:MAX_AGENDA_ITEMS]
    response = api.post("/api/v1/joint-meetings/", payload, format="json")
    assert response.status_code == 201
    assert len(response.json()["agenda"]) == MAX_AGENDA_ITEMS


def test_an_agenda_too_long_is_a_form_error_and_keeps_what_was_typed(client, alliances, clock):
    clock.set(2026, 5, 1)
    client.force_login(alliances.c1_secretary)
    agenda = "\n".join(f"议题{i}" for i in range(MAX_AGENDA_ITEMS + 1))
    response = client.post(
        f"/alliances/{alliances.c1.pk}/meetings/new/",
        {
            "title": "联席会议",
            "starts_at": "2026-05-20T09:00",
            "place": "社区",
            "host_unit": "chair",
            "status": "scheduled",
            "agenda": agenda,
        },
    )
    assert response.status_code == 200
    assert "agenda" in response.context["form"].errors
    assert "议题50" in response.content.decode()
    assert not JointMeeting.objects.exists()


def test_the_service_refuses_an_agenda_too_long(alliances, clock):
    clock.set(2026, 5, 1)
    with pytest.raises(ValidationError) as exc:
        meeting_services.meeting_create(
            user=alliances.c1_secretary,
            alliance=alliances.c1,
            title="联席会议",
            starts_at=at(2026, 5, 20),
            place="社区",
            agenda=["议题"] * (MAX_AGENDA_ITEMS + 1),
        )
    assert "agenda" in exc.value.message_dict


@pytest.fixture
def held(alliances, clock):
    clock.set(2026, 5, 1)
    meeting = meeting_services.meeting_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="联席会议",
        starts_at=at(2026, 4, 20),
        place="社区",
        status=JointMeeting.Status.HELD,
    )
    return meeting


def test_minutes_with_more_decisions_than_any_meeting_are_refused_whole(api, held):
    response = api.post(
        f"/api/v1/joint-meetings/{held.pk}/minutes/",
        {"minutes": "会议纪要", "decisions": [f"决定{i}" for i in range(33_000)]},
        format="json",
    )
    assert "decisions" in fields(response)
    held.refresh_from_db()
    assert held.minutes == "" and not held.decisions.exists()
    response = api.post(
        f"/api/v1/joint-meetings/{held.pk}/minutes/",
        {"minutes": "会议纪要", "decisions": [f"决定{i}" for i in range(MAX_DECISIONS)]},
        format="json",
    )
    assert response.status_code == 200
    assert held.decisions.count() == MAX_DECISIONS


def test_too_many_decisions_are_a_form_error(client, alliances, held):
    client.force_login(alliances.c1_secretary)
    decisions = "\n".join(f"决定{i}" for i in range(MAX_DECISIONS + 1))
    response = client.post(f"/alliances/meetings/{held.pk}/minutes/", {"minutes": "纪要", "decisions": decisions})
    assert "decisions" in response.context["form"].errors
    assert not held.decisions.exists()


def test_attendance_without_a_status_counts_as_present(api, held, city):
    response = api.post(
        f"/api/v1/joint-meetings/{held.pk}/attendance/", {"attendance": [{"attendee": "x"}]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert [(a["attendee"], a["status"]) for a in response.json()["attendance"]] == [("x", "present")]


def test_attendance_with_a_bad_row_is_a_field_error(api, held):
    url = f"/api/v1/joint-meetings/{held.pk}/attendance/"
    assert "attendance" in fields(api.post(url, {"attendance": [{"status": "present"}]}, format="json"))
    assert "attendance" in fields(api.post(url, {"attendance": [{"attendee": "x", "status": "?"}]}, format="json"))
    assert "attendance" in fields(api.post(url, {"attendance": ["x"]}, format="json"))
    assert "attendance" in fields(
        api.post(url, {"attendance": [{"attendee": f"x{i}"} for i in range(MAX_ATTENDANCE_ROWS + 1)]}, format="json")
    )
    assert not held.attendance.exists()


def test_activity_counts_beyond_any_activity_are_field_errors(api, alliances, clock):
    clock.set(2026, 5, 1)
    payload = {
        "alliance": alliances.c1.pk,
        "kind": "visit",
        "title": "走访",
        "starts_at": "2026-04-20T09:00:00+08:00",
        "place": "社区",
        "unnamed_participants": 3_000_000_000,
        "unnamed_households": 3_000_000_000,
    }
    errors = fields(api.post("/api/v1/activities/", payload, format="json"))
    assert {"unnamed_participants", "unnamed_households"} <= set(errors)
    assert not Activity.objects.exists()
