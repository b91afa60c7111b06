"""The ledgers' API: scoped like the pages, the same rules through the services, field errors for bad input."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ledgers.models import Need, Resource
from ledgers.services.needs import need_create, resource_create

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_secretary_creates_a_need_and_matches_a_proposed_resource(city, people):
    client = api(people.c1)
    response = client.post(
        reverse("api:ledger-need-list"), {"node": city.c1.pk, "title": "老年活动室", "category": "venue"}, format="json"
    )
    assert response.status_code == 201, response.data
    need_id = response.data["id"]
    resource = resource_create(
        user=people.c1, node=city.c1, title="会议室", category="venue", quantity=2, provider_name="张"
    )
    proposals = client.get(reverse("api:ledger-need-proposals", args=[need_id])).data
    assert [r["id"] for r in proposals] == [resource.pk]
    response = client.post(
        reverse("api:ledger-need-match", args=[need_id]), {"resource": resource.pk, "quantity": 3}, format="json"
    )
    assert response.status_code == 400
    assert "quantity" in str(response.data)
    response = client.post(
        reverse("api:ledger-need-match", args=[need_id]), {"resource": resource.pk, "quantity": 2}, format="json"
    )
    assert response.status_code == 201
    assert Resource.objects.get(pk=resource.pk).remaining == 0
    assert Need.objects.get(pk=need_id).status == "matched"
    history = client.get(reverse("api:ledger-need-history", args=[need_id])).data
    assert [h["action"] for h in history][:2] == ["matched", "status"]


def test_lists_are_scoped_and_others_items_are_not_found(city, people):
    mine = need_create(user=people.c1, node=city.c1, title="东艺", category="venue")
    need_create(user=people.c3, node=city.c3, title="北寿", category="venue")
    client = api(people.c1)
    titles = [n["title"] for n in client.get(reverse("api:ledger-need-list")).data["results"]]
    assert titles == ["东艺"]
    assert api(people.c3).get(reverse("api:ledger-need-detail", args=[mine.pk])).status_code == 404
    response = api(people.city_office).patch(
        reverse("api:ledger-need-detail", args=[mine.pk]), {"title": "改"}, format="json"
    )
    assert response.status_code == 403


def test_a_need_in_anothers_area_is_refused_as_a_field_error(city, people):
    response = api(people.c1).post(
        reverse("api:ledger-need-list"), {"node": city.c3.pk, "title": "x", "category": "venue"}, format="json"
    )
    assert response.status_code == 400
    assert "node" in str(response.data)
    assert not Need.objects.exists()


def test_a_project_done_through_the_api_meets_its_needs(city, people):
    need = need_create(user=people.c1, node=city.c1, title="东艺", category="venue")
    client = api(people.c1)
    response = client.post(
        reverse("api:ledger-project-list"),
        {"node": city.c1.pk, "title": "改造", "owner_name": "张三", "needs": [need.pk]},
        format="json",
    )
    assert response.status_code == 201, response.data
    project_id = response.data["id"]
    client.post(reverse("api:ledger-project-status", args=[project_id]), {"status": "in_progress"}, format="json")
    response = client.post(
        reverse("api:ledger-project-status", args=[project_id]), {"status": "done", "results": "好"}, format="json"
    )
    assert response.status_code == 200
    assert Need.objects.get(pk=need.pk).status == "met"


def test_secretary_projects_through_the_api(city, people):
    client = api(people.c1)
    response = client.post(
        reverse("api:secretary-project-list"),
        {"node": city.c1.pk, "secretary": "张书记", "year": 2026, "title": "社工岗", "plan": "建"},
        format="json",
    )
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    response = client.post(
        reverse("api:secretary-project-step", args=[pk]), {"status": "completed", "text": "x"}, format="json"
    )
    assert response.status_code == 400
    response = client.post(
        reverse("api:secretary-project-step", args=[pk]), {"status": "checked", "text": "过半"}, format="json"
    )
    assert response.data["status"] == "checked"
