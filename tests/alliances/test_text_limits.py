"""Free text has a limit that fits its use, the same on the pages, in the API and in the database: a 1 MB
description or set of minutes is refused with a field error and nothing is saved."""

import datetime
import zoneinfo

import pytest
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from alliances.models import LONG_TEXT, TEXT, Activity, Alliance, JointMeeting, TrackedProblem
from alliances.services import meetings as meeting_services
from alliances.services import problems as problem_services

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MEGABYTE = "字" * (1024 * 1024 // 3)


@pytest.fixture
def api(alliances):
    api = APIClient()
    api.force_authenticate(alliances.c1_secretary)
    return api


def fields(response) -> dict:
    assert response.status_code == 400, response.content[:300]
    return response.json()["error"]["fields"]


@pytest.fixture
def problem(alliances, city, clock):
    clock.set(2026, 5, 1)
    return problem_services.problem_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="供暖不热",
        category=TrackedProblem.Category.WATER_HEATING,
        responsible_unit=city.unit_1,
        deadline=datetime.date(2026, 12, 31),
    )


@pytest.fixture
def held(alliances, clock):
    clock.set(2026, 5, 1)
    return meeting_services.meeting_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="联席会议",
        starts_at=datetime.datetime(2026, 4, 20, 9, tzinfo=SHANGHAI),
        place="社区",
        status=JointMeeting.Status.HELD,
    )


def test_a_megabyte_problem_description_is_refused_in_the_api(api, alliances, city, clock):
    clock.set(2026, 5, 1)
    payload = {
        "alliance": alliances.c1.pk,
        "title": "供暖",
        "description": MEGABYTE,
        "category": "water_heating",
        "responsible_unit": city.unit_1.pk,
        "deadline": "2026-12-31",
    }
    assert "description" in fields(api.post("/api/v1/tracked-problems/", payload, format="json"))
    assert not TrackedProblem.objects.exists()
    payload["description"] = "描" * TEXT
    assert api.post("/api/v1/tracked-problems/", payload, format="json").status_code == 201


def test_a_long_problem_description_is_a_form_error(client, alliances, problem):
    client.force_login(alliances.c1_secretary)
    response = client.post(
        f"/alliances/problems/{problem.pk}/edit/",
        {
            "title": "供暖",
            "description": "描" * (TEXT + 1),
            "category": "water_heating",
            "responsible_unit": problem.responsible_unit_id,
            "deadline": "2026-12-31",
        },
    )
    assert "description" in response.context["form"].errors
    problem.refresh_from_db()
    assert problem.description == ""


def test_a_long_progress_note_is_refused(api, problem):
    response = api.post(f"/api/v1/tracked-problems/{problem.pk}/progress/", {"note": "进" * (TEXT + 1)}, format="json")
    assert "note" in fields(response)
    assert not problem.updates.exists()


def test_megabyte_minutes_are_refused(api, held):
    response = api.post(f"/api/v1/joint-meetings/{held.pk}/minutes/", {"minutes": MEGABYTE}, format="json")
    assert "minutes" in fields(response)
    response = api.post(
        f"/api/v1/joint-meetings/{held.pk}/minutes/", {"minutes": "纪要", "decisions": ["决" * 1001]}, format="json"
    )
    assert "decisions" in fields(response)
    held.refresh_from_db()
    assert held.minutes == ""
    ok = api.post(f"/api/v1/joint-meetings/{held.pk}/minutes/", {"minutes": "纪" * LONG_TEXT}, format="json")
    assert ok.status_code == 200


def test_long_minutes_and_decision_lines_are_form_errors(client, alliances, held):
    client.force_login(alliances.c1_secretary)
    url = f"/alliances/meetings/{held.pk}/minutes/"
    response = client.post(url, {"minutes": "纪" * (LONG_TEXT + 1), "decisions": ""})
    assert "minutes" in response.context["form"].errors
    response = client.post(url, {"minutes": "纪要", "decisions": "短\n" + "决" * 1001})
    assert "decisions" in response.context["form"].errors


def test_a_long_agenda_item_is_refused_not_cut(api, alliances, clock):
    clock.set(2026, 5, 1)
    payload = {"alliance": alliances.c1.pk, "title": "会", "starts_at": "2026-05-20T09:00:00+08:00", "place": "社区"}
    with pytest.raises(meeting_services.ValidationError) as exc:
        meeting_services.meeting_create(
            user=alliances.c1_secretary,
            alliance=alliances.c1,
            title="会",
            starts_at=datetime.datetime(2026, 5, 20, 9, tzinfo=SHANGHAI),
            place="社区",
            agenda=["议" * 201],
        )
    assert "agenda" in exc.value.message_dict
    assert "agenda" in fields(api.post("/api/v1/joint-meetings/", {**payload, "agenda": ["议" * 201]}, format="json"))
    assert not JointMeeting.objects.exists()


def test_a_megabyte_activity_description_is_refused(api, alliances, clock):
    clock.set(2026, 5, 1)
    payload = {
        "alliance": alliances.c1.pk,
        "kind": "public_event",
        "title": "宣讲",
        "starts_at": "2026-04-20T09:00:00+08:00",
        "place": "广场",
        "description": MEGABYTE,
    }
    assert "description" in fields(api.post("/api/v1/activities/", payload, format="json"))
    assert not Activity.objects.exists()


def test_long_alliance_texts_are_refused(api, alliances):
    response = api.patch(
        f"/api/v1/alliances/{alliances.c1.pk}/",
        {"brand_description": "品" * (TEXT + 1), "rules_text": "规" * (LONG_TEXT + 1)},
        format="json",
    )
    assert {"brand_description", "rules_text"} <= set(fields(response))


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [(Alliance, "rules_text", LONG_TEXT), (TrackedProblem, "description", TEXT), (JointMeeting, "minutes", LONG_TEXT)],
)
def test_the_database_holds_the_limits(alliances, problem, held, model, field, limit):
    model.objects.update(**{field: "字" * limit})
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.update(**{field: "字" * (limit + 1)})
