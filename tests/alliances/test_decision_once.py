"""A decision becomes a tracked problem once: a second attempt is refused (service, API, database), and the
meeting page replaces the "track" link by the problem the decision became."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from alliances.models import JointMeeting, TrackedProblem
from alliances.services import meetings as meeting_services
from alliances.services import problems as problem_services

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def decision(alliances, clock):
    clock.set(2026, 5, 1)
    meeting = meeting_services.meeting_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="联席会议",
        starts_at=datetime.datetime(2026, 4, 20, 9, tzinfo=SHANGHAI),
        place="社区",
        status=JointMeeting.Status.HELD,
    )
    meeting_services.meeting_minutes_record(
        user=alliances.c1_secretary, meeting=meeting, minutes="纪要", decisions=["修缮3号楼屋顶", "增设停车位"]
    )
    return meeting.decisions.get(position=1)


def track(alliances, city, decision):
    return problem_services.problem_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        decision=decision,
        title=decision.text,
        category=TrackedProblem.Category.OLD_COMPOUND,
        responsible_unit=city.unit_1,
        deadline=datetime.date(2026, 12, 31),
    )


def test_a_decision_is_tracked_once(alliances, city, decision):
    first = track(alliances, city, decision)
    with pytest.raises(ValidationError) as exc:
        track(alliances, city, decision)
    assert "decision" in exc.value.message_dict
    assert list(TrackedProblem.objects.all()) == [first]


def test_the_api_refuses_a_second_problem_from_one_decision(alliances, city, decision):
    api = APIClient()
    api.force_authenticate(alliances.c1_secretary)
    payload = {
        "alliance": alliances.c1.pk,
        "decision": decision.pk,
        "title": "屋顶",
        "category": "old_compound",
        "responsible_unit": city.unit_1.pk,
        "deadline": "2026-12-31",
    }
    assert api.post("/api/v1/tracked-problems/", payload, format="json").status_code == 201
    response = api.post("/api/v1/tracked-problems/", payload, format="json")
    assert response.status_code == 400
    assert "decision" in response.json()["error"]["fields"]
    assert TrackedProblem.objects.count() == 1


def test_the_database_holds_one_problem_per_decision(alliances, city, decision):
    problem = track(alliances, city, decision)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrackedProblem.objects.create(
            alliance=alliances.c1,
            decision=decision,
            title="again",
            category="other",
            responsible_unit=city.unit_1,
            deadline=problem.deadline,
        )


def test_the_meeting_page_links_the_problem_instead_of_offering_to_track_again(client, alliances, city, decision):
    problem = track(alliances, city, decision)
    client.force_login(alliances.c1_secretary)
    page = client.get(f"/alliances/meetings/{decision.meeting_id}/").content.decode()
    assert problem.get_absolute_url() in page
    assert f"?decision={decision.pk}" not in page
    other = decision.meeting.decisions.get(position=2)
    assert f"?decision={other.pk}" in page


def test_the_track_page_of_a_tracked_decision_leads_to_its_problem(client, alliances, city, decision):
    problem = track(alliances, city, decision)
    client.force_login(alliances.c1_secretary)
    response = client.get(f"/alliances/{alliances.c1.pk}/problems/new/", {"decision": decision.pk})
    assert response.status_code == 302 and response.url == problem.get_absolute_url()
    response = client.post(
        f"/alliances/{alliances.c1.pk}/problems/new/?decision={decision.pk}",
        {"title": "再来", "category": "other", "responsible_unit": city.unit_1.pk, "deadline": "2026-12-31"},
    )
    assert response.status_code == 302
    assert TrackedProblem.objects.count() == 1
