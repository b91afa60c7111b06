"""Dates outside 2000-01-01 … 2100-12-31 are refused with a field error (400 in the API), never a 500, and the
rotation is never stored further than five years ahead, so no input makes thousands of terms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from alliances.models import Activity, Alliance, ChairTerm, JointMeeting, TrackedProblem
from alliances.services import meetings as meeting_services
from alliances.services import rotation
from tests.factories import MemberUnitFactory

pytestmark = pytest.mark.django_db

D = datetime.date
WINDOW_ERROR = "Choose a day between 2000-01-01 and 2100-12-31."
BAD_DAYS = {"9999": "9999-12-01", "0001": "0001-01-01"}
# year 1 as a naive time: DRF's own conversion of it to the time zone used to raise OverflowError (a 500)
BAD_TIMES = {"9999": "9999-12-01T09:00:00+08:00", "0001": "0001-01-01T09:00:00"}


@pytest.fixture
def api(alliances, clock):
    clock.set(2026, 6, 20)
    client = APIClient()
    client.force_authenticate(alliances.c1_secretary)
    return client


def api_cases(alliances, city, year):
    """Returns (method, path, payload, field) for every date the API takes."""
    day, time = BAD_DAYS[year], BAD_TIMES[year]
    c1 = f"/api/v1/alliances/{alliances.c1.pk}/"
    membership = alliances.c1.memberships.get(unit=city.unit_2)
    newcomer = MemberUnitFactory(location=city.c1, party_secretary="周书记")
    return [
        ("patch", c1, {"rotation_starts_on": day}, "rotation_starts_on"),
        ("patch", c1, {"founded_on": day}, "founded_on"),
        ("get", c1 + "rotation/", {"until": day}, "until"),
        ("post", c1 + "swap-terms/", {"starts_on": day, "other_starts_on": "2026-07-01", "reason": "x"}, "starts_on"),
        ("post", c1 + "skip-term/", {"starts_on": day, "reason": "x"}, "starts_on"),
        (
            "post",
            c1 + "reschedule-term/",
            {"starts_on": "2026-07-01", "new_starts_on": "2026-07-01", "new_ends_on": day, "reason": "x"},
            "new_ends_on",
        ),
        (
            "post",
            "/api/v1/joint-meetings/",
            {"alliance": alliances.c1.pk, "title": "会", "starts_at": time, "place": "社区"},
            "starts_at",
        ),
        (
            "post",
            "/api/v1/activities/",
            {"alliance": alliances.c1.pk, "kind": "visit", "title": "走访", "starts_at": time, "place": "社区"},
            "starts_at",
        ),
        (
            "post",
            "/api/v1/alliance-memberships/",
            {"alliance": alliances.c1.pk, "unit": newcomer.pk, "joined_on": day},
            "joined_on",
        ),
        (
            "post",
            f"/api/v1/alliance-memberships/{membership.pk}/leave/",
            {"left_on": day, "leave_reason": "迁出"},
            "left_on",
        ),
        (
            "post",
            "/api/v1/tracked-problems/",
            {
                "alliance": alliances.c1.pk,
                "title": "路灯",
                "category": "environment",
                "responsible_unit": city.unit_1.pk,
                "deadline": day,
            },
            "deadline",
        ),
        ("get", "/api/v1/four-ones/", {"on": day}, "on"),
    ]


@pytest.mark.parametrize("year", ["9999", "0001"])
def test_a_far_date_is_a_400_field_error_in_the_api(api, alliances, city, year):
    for method, path, payload, field in api_cases(alliances, city, year):
        kwargs = {} if method == "get" else {"format": "json"}
        response = getattr(api, method)(path, payload, **kwargs)
        assert response.status_code == 400, (path, response.content)
        assert field in response.json()["error"]["fields"], (path, response.json())
    api.force_authenticate(alliances.c2_secretary)
    payload = {
        "node": city.c2.pk,
        "name": "福镇联合体",
        "founded_on": "2026-01-01",
        "rotation_starts_on": BAD_DAYS[year],
    }
    response = api.post("/api/v1/alliances/", payload, format="json")
    assert response.json()["error"]["fields"]["rotation_starts_on"] == [WINDOW_ERROR]
    alliances.c1.refresh_from_db()
    assert alliances.c1.rotation_starts_on == D(2020, 1, 1) and alliances.c1.founded_on == D(2020, 1, 1)
    assert not Alliance.objects.filter(node=city.c2).exists()
    assert not JointMeeting.objects.exists() and not Activity.objects.exists() and not TrackedProblem.objects.exists()
    assert alliances.c1.memberships.filter(left_on=None).count() == 2
    assert ChairTerm.objects.count() < 100


def test_the_window_error_says_which_days_are_accepted(api, alliances):
    response = api.patch(f"/api/v1/alliances/{alliances.c1.pk}/", {"rotation_starts_on": "9999-12-01"}, format="json")
    assert response.json()["error"]["fields"]["rotation_starts_on"] == [WINDOW_ERROR]


@pytest.mark.parametrize("year", ["9999", "0001"])
def test_a_far_date_is_a_field_error_in_the_pages(client, alliances, city, clock, year):
    clock.set(2026, 6, 20)
    client.force_login(alliances.c1_secretary)
    day, time = BAD_DAYS[year], BAD_TIMES[year][:16]
    alliance = {
        "name": "东艺联合体",
        "founded_on": "2020-01-01",
        "term_months": 3,
        "secretary_chair_position": 0,
        "four_ones_period_months": 3,
    }
    meeting = {"title": "会", "starts_at": time, "place": "社区", "host_unit": "chair", "status": "scheduled"}
    activity = {
        "alliance": alliances.c1.pk,
        "kind": "visit",
        "title": "走访",
        "starts_at": time,
        "place": "社区",
        "unnamed_participants": 3,
        "unnamed_households": 2,
    }
    reschedule = {
        "action": "reschedule",
        "starts_on": "2026-07-01",
        "new_starts_on": "2026-07-01",
        "new_ends_on": day,
        "reason": "x",
    }
    newcomer = MemberUnitFactory(location=city.c1, party_secretary="周书记")
    problem = {"title": "路灯", "category": "environment", "responsible_unit": city.unit_1.pk, "deadline": day}
    cases = [
        (
            reverse("alliances:edit", args=[alliances.c1.pk]),
            {**alliance, "rotation_starts_on": day},
            "rotation_starts_on",
        ),
        (reverse("alliances:meeting_create", args=[alliances.c1.pk]), meeting, "starts_at"),
        (reverse("alliances:activity_create"), activity, "starts_at"),
        (reverse("alliances:terms", args=[alliances.c1.pk]), reschedule, "new_ends_on"),
        (
            reverse("alliances:member_join", args=[alliances.c1.pk]),
            {"unit": newcomer.pk, "joined_on": day},
            "joined_on",
        ),
        (reverse("alliances:problem_create", args=[alliances.c1.pk]), problem, "deadline"),
    ]
    for url, data, field in cases:
        response = client.post(url, data)
        assert response.status_code == 200, (url, response.status_code)
        assert WINDOW_ERROR in response.context["form"].errors[field], (url, response.context["form"].errors)
    alliances.c1.refresh_from_db()
    assert alliances.c1.rotation_starts_on == D(2020, 1, 1)
    assert not JointMeeting.objects.exists() and not Activity.objects.exists() and not TrackedProblem.objects.exists()
    assert not alliances.c1.memberships.filter(unit=newcomer).exists()


def test_terms_are_never_stored_beyond_five_years_ahead(alliances, clock):
    clock.set(2026, 6, 20)
    with pytest.raises(ValidationError) as exc:
        rotation.chair_terms_ensure(alliance=alliances.c1, until=D(2100, 12, 31), field="starts_at")
    assert "at most 5 years ahead" in exc.value.message_dict["starts_at"][0]
    assert not ChairTerm.objects.exists()
    terms = rotation.chair_terms_ensure(alliance=alliances.c1, until=D(2031, 6, 20))
    assert terms[-1].starts_on == D(2031, 4, 1) and len(terms) == ChairTerm.objects.count() == 46


def test_a_meeting_beyond_the_rotations_horizon_is_refused(alliances, clock):
    clock.set(2026, 6, 20)
    with pytest.raises(ValidationError) as exc:
        meeting_services.meeting_create(
            user=alliances.c1_secretary,
            alliance=alliances.c1,
            title="远期会议",
            starts_at=datetime.datetime(2040, 1, 10, 9, tzinfo=datetime.UTC),
            place="社区",
        )
    assert "starts_at" in exc.value.message_dict
    assert not JointMeeting.objects.exists() and not ChairTerm.objects.exists()


def test_the_rotation_api_stops_at_the_horizon(api, alliances):
    terms = api.get(f"/api/v1/alliances/{alliances.c1.pk}/rotation/", {"until": "2100-12-31"}).json()
    assert terms[-1]["starts_on"] == "2031-04-01"
