"""The city office configures review cycles (and their schedules, in the database) and the inspection checklist;
everyone else reads them."""

import json

import pytest
from django_celery_beat.models import PeriodicTask
from rest_framework.test import APIClient

from reviews.models import ChecklistItem, ReviewCycle, ReviewKind, TargetLevel

pytestmark = pytest.mark.django_db


def test_every_default_cycle_has_its_daily_schedule(db):
    cycles = ReviewCycle.objects.select_related("periodic_task__crontab")
    assert {(c.kind, c.level) for c in cycles} == {
        (ReviewKind.MONTHLY_VISIT, TargetLevel.STREET),
        (ReviewKind.MONTHLY_VISIT, TargetLevel.COMMUNITY),
        (ReviewKind.QUARTERLY_INSPECTION, TargetLevel.STREET),
        (ReviewKind.ANNUAL_EVALUATION, TargetLevel.STREET),
        (ReviewKind.ZERO_REPORT, TargetLevel.UNIT),
    }
    for cycle in cycles:
        task = cycle.periodic_task
        assert task.task == "reviews.tasks.cycle_run" and json.loads(task.args) == [cycle.pk] and task.enabled
        assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("8", "0", "Asia/Shanghai")
    visit = cycles.get(kind=ReviewKind.MONTHLY_VISIT, level=TargetLevel.COMMUNITY)
    assert (visit.lead_days, visit.second_lead_days) == (7, 1)


def test_the_city_office_changes_a_cycle_and_its_schedule_follows(client, staff):
    cycle = ReviewCycle.objects.get(kind=ReviewKind.MONTHLY_VISIT, level=TargetLevel.COMMUNITY)
    client.force_login(staff.city_office)
    data = {
        "kind": cycle.kind,
        "level": cycle.level,
        "period": cycle.period,
        "due_days_before_end": 5,
        "responsible_role": "community_secretary",
        "lead_days": 10,
        "second_lead_days": 2,
        "escalate_after_days": 4,
        "escalation_role": "street_secretary",
        "is_active": "",
    }
    assert client.post(f"/reviews/cycles/{cycle.pk}/", data).status_code == 302
    cycle.refresh_from_db()
    assert (cycle.lead_days, cycle.second_lead_days, cycle.escalate_after_days, cycle.is_active) == (10, 2, 4, False)
    assert PeriodicTask.objects.get(pk=cycle.periodic_task_id).enabled is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lead_days": 30}, "lead_days"),  # a month has 28 days at least
        ({"second_lead_days": 8}, "second_lead_days"),
        ({"escalation_role": "community_worker"}, "escalation_role"),  # not above the secretary
        ({"responsible_role": "unit_admin"}, "responsible_role"),
        (
            {
                "level": "street",
                "kind": "quarterly_inspection",
                "responsible_role": "district_office",
                "escalation_role": "city_office",
            },
            "level",
        ),  # that review has its cycle for streets already
    ],
)
def test_a_cycle_that_cannot_work_is_refused_with_the_form_kept(client, staff, change, field):
    cycle = ReviewCycle.objects.get(kind=ReviewKind.MONTHLY_VISIT, level=TargetLevel.COMMUNITY)
    client.force_login(staff.city_office)
    data = {
        "kind": cycle.kind,
        "level": cycle.level,
        "period": "month",
        "due_days_before_end": 0,
        "responsible_role": "community_secretary",
        "lead_days": 7,
        "second_lead_days": 1,
        "escalate_after_days": 3,
        "escalation_role": "street_secretary",
        "is_active": "on",
        **change,
    }
    response = client.post(f"/reviews/cycles/{cycle.pk}/", data)
    assert response.status_code == 200 and field in response.context["form"].errors
    cycle.refresh_from_db()
    assert cycle.lead_days == 7


def test_only_the_city_office_configures(client, api_client_factory, staff):
    cycle = ReviewCycle.objects.first()
    client.force_login(staff.street_1)
    assert client.get(f"/reviews/cycles/{cycle.pk}/").status_code == 200  # reads
    assert client.post(f"/reviews/cycles/{cycle.pk}/", {"lead_days": 3}).status_code == 403
    assert client.get("/reviews/cycles/new/").status_code == 403
    assert client.post("/reviews/checklist/", {"title": "x", "max_score": 5, "position": 1}).status_code == 403
    api = api_client_factory(staff.street_1)
    assert api.patch(f"/api/v1/review-cycles/{cycle.pk}/", {"lead_days": 3}, format="json").status_code == 403
    api = api_client_factory(staff.city_office)
    response = api.patch(f"/api/v1/review-cycles/{cycle.pk}/", {"lead_days": 61}, format="json")
    assert response.status_code == 400 and "lead_days" in response.json()["error"]["fields"]


def test_the_city_office_keeps_the_checklist(client, staff):
    client.force_login(staff.city_office)
    assert client.post("/reviews/checklist/", {"title": "阵地建设", "max_score": 10, "position": 1}).status_code == 302
    item = ChecklistItem.objects.get()
    assert client.post(f"/reviews/checklist/{item.pk}/toggle/").status_code == 302
    assert ChecklistItem.objects.get().is_active is False


@pytest.fixture
def api_client_factory():
    def make(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return make
