"""Recording visits, inspections and zero reports, on pages and in the API: owner, neighbour and outsider, bad
input kept and explained, the duty of the period done."""

import datetime

import pytest
from rest_framework.test import APIClient

from reviews.models import ChecklistItem, Inspection, Rectification, ReviewKind, ReviewTask, Visit, ZeroReport
from reviews.services import duties, records
from tests.reviews.conftest import cycle

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def checklist(db):
    return [
        ChecklistItem.objects.create(title="党建阵地建设", max_score=10, position=1),
        ChecklistItem.objects.create(title="台账规范", max_score=20, position=2),
    ]


# ---- visits ----------------------------------------------------------------------------------------------


def test_a_secretary_records_the_months_visit_and_the_duty_is_done(client, city, staff, clock):
    clock.at(2026, 5, 20, 15)
    client.force_login(staff.c1)
    form = client.get(f"/reviews/visits/new/?node={city.c1.pk}")
    assert form.status_code == 200 and f'value="{city.c1.pk}" selected' in form.content.decode()
    response = client.post(
        "/reviews/visits/new/",
        {
            "node": city.c1.pk,
            "visited_on": "2026-05-20",
            "places": "1号楼",
            "people_met": "楼栋长",
            "findings": "楼道灯坏",
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == f"/reviews/visits/{visit.pk}/"
    task = ReviewTask.objects.get(node=city.c1, period="2026-05")
    assert task.done_at is not None and visit.task == task and visit.recorded_by == staff.c1


def test_a_visit_form_with_errors_keeps_what_was_typed(client, city, staff, clock):
    clock.at(2026, 5, 20, 15)
    client.force_login(staff.c1)
    data = {"node": city.c1.pk, "visited_on": "2026-06-30", "places": "活动室", "people_met": "居民", "findings": "x"}
    response = client.post("/reviews/visits/new/", data)
    page = response.content.decode()
    assert response.status_code == 200 and "活动室" in page
    assert "Choose a day between 2000-01-01 and 2026-05-20." in page
    response = client.post("/reviews/visits/new/", {**data, "visited_on": "2026-05-20", "people_met": ""})
    assert "people_met" in response.context["form"].errors and "活动室" in response.content.decode()
    assert not Visit.objects.exists()


def test_visits_are_seen_in_scope_only(client, city, staff, clock):
    clock.at(2026, 5, 20, 15)
    visit = records.visit_record(
        user=staff.c1, node=city.c1, visited_on=D(2026, 5, 20), places="活动室", people_met="居民", findings="无"
    )
    client.force_login(staff.c2)  # the neighbouring community
    assert client.get(visit.get_absolute_url()).status_code == 404
    assert "活动室" not in client.get("/reviews/visits/").content.decode()
    client.force_login(staff.street_1)  # above
    assert client.get(visit.get_absolute_url()).status_code == 200
    client.force_login(staff.unit_3_admin)  # outsider
    assert client.get(visit.get_absolute_url()).status_code == 404
    client.force_login(staff.city_office)  # sees, records nothing
    assert client.get(visit.get_absolute_url()).status_code == 200
    assert client.get("/reviews/visits/new/").status_code == 403


def test_a_neighbours_node_cannot_be_named(client, city, staff):
    client.force_login(staff.c2)
    response = client.post(
        "/reviews/visits/new/",
        {"node": city.c1.pk, "visited_on": "2026-05-20", "places": "x", "people_met": "x", "findings": "x"},
    )
    assert response.status_code == 200 and not Visit.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_api_records_a_visit_and_answers_field_errors(api, city, staff, clock):
    clock.at(2026, 5, 20, 15)
    api.force_authenticate(staff.c1)
    bad = api.post(
        "/api/v1/visits/",
        {"node": city.c1.pk, "visited_on": "2026-05-20", "places": "", "people_met": "x", "findings": "x"},
    )
    assert bad.status_code == 400 and "places" in bad.json()["error"]["fields"]
    ok = api.post(
        "/api/v1/visits/",
        {"node": city.c1.pk, "visited_on": "2026-05-20", "places": "活动室", "people_met": "x", "findings": "x"},
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["node_name"] == city.c1.name
    api.force_authenticate(staff.c2)
    assert api.get(f"/api/v1/visits/{ok.json()['id']}/").status_code == 404
    refused = api.post(
        "/api/v1/visits/",
        {"node": city.c1.pk, "visited_on": "2026-05-20", "places": "x", "people_met": "x", "findings": "x"},
    )
    assert refused.status_code == 400 and "node" in refused.json()["error"]["fields"]


# ---- inspections ------------------------------------------------------------------------------------------


def inspection_post(city, checklist, **overrides):
    data = {
        "node": city.street_1.pk,
        "inspected_on": "2026-05-20",
        f"score_{checklist[0].pk}": 8,
        f"score_{checklist[1].pk}": 15,
        f"comment_{checklist[1].pk}": "台账不全",
        "rectification_1": "补齐会议台账",
        "deadline_1": "2026-06-30",
        "summary": "总体良好",
    }
    return {**data, **overrides}


def test_the_district_office_inspects_a_street_with_scores_and_rectifications(client, city, staff, checklist, clock):
    clock.at(2026, 5, 20, 15)
    client.force_login(staff.district)
    response = client.post("/reviews/inspections/new/", inspection_post(city, checklist))
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert (inspection.total_score, inspection.max_total) == (23, 30)
    assert list(inspection.rectifications.values_list("description", flat=True)) == ["补齐会议台账"]
    assert ReviewTask.objects.get(node=city.street_1, period="2026-Q2").done_at is not None


def test_a_score_above_the_items_maximum_is_refused_and_the_form_kept(client, city, staff, checklist, clock):
    clock.at(2026, 5, 20, 15)
    client.force_login(staff.district)
    response = client.post(
        "/reviews/inspections/new/", inspection_post(city, checklist, **{f"score_{checklist[0].pk}": 11})
    )
    assert response.status_code == 200 and not Inspection.objects.exists()
    assert "补齐会议台账" in response.content.decode()


def test_only_the_district_office_inspects(client, city, staff, checklist):
    client.force_login(staff.street_1)
    assert client.get("/reviews/inspections/new/").status_code == 403
    with pytest.raises(records.PermissionDenied):
        records.inspection_record(
            user=staff.street_1, node=city.street_1, inspected_on=D(2026, 5, 20), scores=[], rectifications=[]
        )


def test_the_street_reports_a_rectification_done(client, city, staff, checklist, clock):
    clock.at(2026, 5, 20, 15)
    inspection = records.inspection_record(
        user=staff.district,
        node=city.street_1,
        inspected_on=D(2026, 5, 20),
        scores=[records.ScoreInput(item=i, score=5) for i in checklist],
        rectifications=[records.RectificationInput(description="补齐台账", deadline=D(2026, 6, 30))],
    )
    rectification = inspection.rectifications.get()
    client.force_login(staff.street_2)  # the neighbouring street
    assert (
        client.post(
            f"/reviews/rectifications/{rectification.pk}/done/", {"done_on": "2026-05-25", "note": "x"}
        ).status_code
        == 404
    )
    client.force_login(staff.street_1)
    bad = client.post(f"/reviews/rectifications/{rectification.pk}/done/", {"done_on": "2026-05-25", "note": ""})
    assert bad.status_code == 400
    clock.at(2026, 5, 26, 9)
    client.force_login(staff.street_1)  # a new day, a new session
    ok = client.post(f"/reviews/rectifications/{rectification.pk}/done/", {"done_on": "2026-05-25", "note": "已补齐"})
    assert ok.status_code == 302 and ok.url == inspection.get_absolute_url()
    rectification.refresh_from_db()
    assert (rectification.status, rectification.done_on) == (Rectification.Status.DONE, D(2026, 5, 25))


def test_api_inspection_needs_every_item(api, city, staff, checklist, clock):
    clock.at(2026, 5, 20, 15)
    api.force_authenticate(staff.district)
    body = {"node": city.street_1.pk, "inspected_on": "2026-05-20", "scores": [{"item": checklist[0].pk, "score": 8}]}
    response = api.post("/api/v1/inspections/", body, format="json")
    assert response.status_code == 400 and "scores" in response.json()["error"]["fields"]
    body["scores"].append({"item": checklist[1].pk, "score": 20})
    response = api.post("/api/v1/inspections/", body, format="json")
    assert response.status_code == 201 and response.json()["total_score"] == 28


# ---- zero reports --------------------------------------------------------------------------------------------


@pytest.fixture
def zero_task(city, clock):
    clock.at(2026, 5, 20, 15)
    return duties.task_for(
        cycle=cycle(ReviewKind.ZERO_REPORT, "unit"), node=city.c1, unit=city.unit_1, day=D(2026, 5, 20)
    )


def test_nothing_to_report_is_a_report(client, staff, zero_task):
    client.force_login(staff.unit_1_admin)
    response = client.post(
        f"/reviews/duties/{zero_task.pk}/zero-report/",
        {"nothing_to_report": "on", "disputes": 0, "public_order": 0, "safety": 0},
    )
    report = ZeroReport.objects.get()
    assert response.status_code == 302 and report.nothing_to_report and report.period == "2026-W21"
    zero_task.refresh_from_db()
    assert zero_task.done_at is not None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"nothing_to_report": "on", "disputes": 1, "public_order": 0, "safety": 0}, "nothing_to_report"),
        ({"disputes": 0, "public_order": 0, "safety": 0}, "nothing_to_report"),
        ({"disputes": 2, "public_order": 0, "safety": 0, "details": ""}, "details"),
    ],
)
def test_a_zero_report_says_nothing_or_something(client, staff, zero_task, data, field):
    client.force_login(staff.unit_1_admin)
    response = client.post(f"/reviews/duties/{zero_task.pk}/zero-report/", data)
    assert response.status_code == 200 and not ZeroReport.objects.exists()
    assert field in response.context["form"].errors


def test_a_zero_report_is_filed_once(staff, zero_task):
    records.zero_report_file(user=staff.unit_1_admin, task=zero_task, nothing_to_report=True)
    with pytest.raises(records.ValidationError):
        records.zero_report_file(user=staff.unit_1_admin, task=zero_task, nothing_to_report=True)
    assert ZeroReport.objects.count() == 1


def test_another_units_zero_report_is_out_of_sight(client, api, staff, zero_task):
    client.force_login(staff.unit_3_admin)
    assert client.get(f"/reviews/duties/{zero_task.pk}/zero-report/").status_code == 404
    api.force_authenticate(staff.unit_3_admin)
    response = api.post("/api/v1/zero-reports/", {"task": zero_task.pk, "nothing_to_report": True}, format="json")
    assert response.status_code == 400 and "task" in response.json()["error"]["fields"]
    api.force_authenticate(staff.unit_1_admin)
    response = api.post(
        "/api/v1/zero-reports/", {"task": zero_task.pk, "disputes": 1, "details": "邻里纠纷已调解"}, format="json"
    )
    assert response.status_code == 201 and response.json()["disputes"] == 1


# ---- duties ------------------------------------------------------------------------------------------------


def test_the_calendar_counts_due_done_and_overdue_per_period(client, city, staff, visit_cycle, clock):
    clock.at(2026, 4, 10)
    for node in (city.c1, city.c2):
        duties.task_for(cycle=visit_cycle, node=node, unit=None, day=D(2026, 4, 1))
    records.visit_record(
        user=staff.c1, node=city.c1, visited_on=D(2026, 4, 9), places="x", people_met="x", findings="x"
    )
    clock.at(2026, 5, 10)
    client.force_login(staff.street_1)
    page = client.get("/reviews/?year=2026")
    row = next(r for r in page.context["calendar"].rows if r.period == "2026-04")
    assert (row.total, row.done, row.overdue, row.due) == (2, 1, 1, 0)
    assert "50%" in page.content.decode()
    client.force_login(staff.c2)
    row = next(r for r in client.get("/reviews/?year=2026").context["calendar"].rows if r.period == "2026-04")
    assert (row.total, row.done, row.overdue) == (1, 0, 1)


def test_my_duties_and_the_duty_link_open_the_form(client, city, staff, visit_cycle, clock):
    clock.at(2026, 5, 25)
    task = duties.task_for(cycle=visit_cycle, node=city.c1, unit=None, day=D(2026, 5, 25))
    client.force_login(staff.c1)
    page = client.get("/reviews/")
    assert [t.pk for t in page.context["mine"]] == [task.pk]
    response = client.get(f"/reviews/tasks/{task.pk}/")
    assert response.status_code == 302 and response.url == f"/reviews/visits/new/?node={city.c1.pk}"
    client.force_login(staff.c2)
    assert client.get(f"/reviews/tasks/{task.pk}/").status_code == 404
    client.force_login(staff.district)  # an office that cannot do it sees the month's duties of the review
    response = client.get(f"/reviews/tasks/{task.pk}/")
    assert response.url == f"/reviews/duties/?cycle={visit_cycle.pk}&period=2026-05"


def test_api_review_tasks_are_scoped_and_filtered(api, city, staff, visit_cycle, clock):
    clock.at(2026, 6, 5)
    for node in (city.c1, city.c2, city.c3):
        duties.task_for(cycle=visit_cycle, node=node, unit=None, day=D(2026, 5, 5))
    api.force_authenticate(staff.street_1)
    body = api.get("/api/v1/review-tasks/?status=overdue").json()
    assert sorted(r["organisation"] for r in body["results"]) == sorted([city.c1.name, city.c2.name])
    assert {r["status"] for r in body["results"]} == {"overdue"}
    api.force_authenticate(staff.unit_3_admin)
    assert api.get("/api/v1/review-tasks/").json()["count"] == 0


def test_calendar_queries_do_not_grow_with_duties(
    client, city, staff, visit_cycle, clock, django_assert_max_num_queries
):
    clock.at(2026, 5, 10)
    duties.task_for(cycle=visit_cycle, node=city.c1, unit=None, day=D(2026, 5, 1))
    client.force_login(staff.city_office)
    with django_assert_max_num_queries(30) as few:
        client.get("/reviews/")
    for month in range(1, 5):
        for node in (city.c1, city.c2, city.c3):
            duties.task_for(cycle=visit_cycle, node=node, unit=None, day=D(2026, month, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/reviews/")
