"""A member unit hosts joint meetings in the terms it chairs: its admin cannot date a meeting it hosts in
another unit's (or the secretary's) term, nor move one there; the alliance's managers may arrange any host."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from alliances.models import JointMeeting
from alliances.services import meetings as services

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def schedule(alliances, user, starts_at, host_unit):
    return services.meeting_create(
        user=user, alliance=alliances.c1, title="联席会议", starts_at=starts_at, place="单位会议室", host_unit=host_unit
    )


def test_a_unit_admin_cannot_host_outside_its_chair_term(alliances, city, clock):
    # c1 rotates quarterly from 2020-01-01: secretary, unit_1, unit_2 — unit_1 chairs 2026-04-01 … 2026-06-30
    clock.set(2026, 4, 1)
    for day in (at(2026, 8, 20), at(2026, 12, 1)):  # unit_2's term, the secretary's term
        with pytest.raises(ValidationError) as exc:
            schedule(alliances, alliances.unit_1_admin, day, city.unit_1)
        assert "starts_at" in exc.value.message_dict
    assert not JointMeeting.objects.exists()
    assert schedule(alliances, alliances.unit_1_admin, at(2026, 6, 30), city.unit_1).term.chair_unit == city.unit_1


def test_a_unit_admin_cannot_move_its_meeting_out_of_its_term(alliances, city, clock):
    clock.set(2026, 4, 1)
    meeting = schedule(alliances, alliances.unit_1_admin, at(2026, 5, 20), city.unit_1)
    values = {**services.meeting_values(meeting), "starts_at": at(2026, 7, 2)}
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(user=alliances.unit_1_admin, meeting=meeting, **values)
    assert "starts_at" in exc.value.message_dict
    meeting.refresh_from_db()
    assert meeting.starts_at == at(2026, 5, 20)


def test_the_secretary_may_arrange_a_unit_as_host_in_any_term(alliances, city, clock):
    clock.set(2026, 4, 1)
    meeting = schedule(alliances, alliances.c1_secretary, at(2026, 8, 20), city.unit_1)
    assert meeting.host_unit == city.unit_1 and meeting.term.chair_unit == city.unit_2


def test_the_api_refuses_a_unit_admin_hosting_outside_its_term(alliances, city, clock):
    clock.set(2026, 4, 1)
    api = APIClient()
    api.force_authenticate(alliances.unit_1_admin)
    payload = {
        "alliance": alliances.c1.pk,
        "title": "联席会议",
        "starts_at": "2026-08-20T09:00:00+08:00",
        "place": "单位会议室",
        "host_unit": city.unit_1.pk,
    }
    response = api.post("/api/v1/joint-meetings/", payload, format="json")
    assert response.status_code == 400 and "starts_at" in response.json()["error"]["fields"]
    payload.pop("host_unit")  # the chair of the term (unit_2) would host: not the admin's to schedule
    response = api.post("/api/v1/joint-meetings/", payload, format="json")
    assert response.status_code == 400
    assert not JointMeeting.objects.exists()
