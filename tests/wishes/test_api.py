"""The staff's API of the wishes and the service menu: scoped, masked, and every write through the services."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from wishes.models import ContactView, ServiceItem, Wish

pytestmark = pytest.mark.django_db
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_list_is_scoped_and_never_carries_a_whole_phone(city, wishes):
    wishes.submit(city, description="电话13812345678")
    wishes.submit(city, building=city.stairwell_2)
    response = api(wishes.secretary).get("/api/v1/wishes/")
    assert response.status_code == 200
    assert [w["community"] for w in response.data["results"]] == [city.c1.pk]
    body = response.content.decode()
    assert not MOBILE.search(body) and "139****5678" in body and "contact_name" not in body


def test_triage_dispatch_and_complete_through_the_api(city, wishes):
    wish = wishes.submit(city)
    client = api(wishes.secretary)
    assert (
        client.post(f"/api/v1/wishes/{wish.pk}/triage/", {"decision": "accept"}, format="json").data["status"]
        == "accepted"
    )
    promised = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        f"/api/v1/wishes/{wish.pk}/dispatch/",
        {"provider_kind": "unit", "provider_unit": city.unit_1.pk, "promised_on": promised},
        format="json",
    )
    assert response.status_code == 200 and response.data["provider_unit"] == city.unit_1.pk
    done = api(wishes.unit_admin).post(f"/api/v1/wishes/{wish.pk}/complete/", {"note": "好了"}, format="json")
    assert done.data["status"] == "done"
    assert [e["status_to"] for e in done.data["events"]] == ["submitted", "accepted", "dispatched", "done"]


def test_a_decline_without_reason_is_a_field_error(city, wishes):
    wish = wishes.submit(city)
    response = api(wishes.secretary).post(f"/api/v1/wishes/{wish.pk}/triage/", {"decision": "decline"}, format="json")
    assert response.status_code == 400 and "reason" in response.data["error"]["fields"]


def test_a_provider_may_not_triage(city, wishes):
    wish = wishes.dispatched(city)
    response = api(wishes.unit_admin).post(f"/api/v1/wishes/{wish.pk}/triage/", {"decision": "accept"}, format="json")
    assert response.status_code == 403


def test_a_unit_claims_through_the_api_and_a_second_claim_is_refused(city, wishes):
    wish = wishes.accepted(city)
    today = timezone.localdate().isoformat()
    first = api(wishes.unit_admin).post(f"/api/v1/wishes/{wish.pk}/claim/", {"promised_on": today}, format="json")
    assert first.status_code == 200 and first.data["provider_unit"] == city.unit_1.pk
    second = api(wishes.member).post(f"/api/v1/wishes/{wish.pk}/claim/", {"promised_on": today}, format="json")
    assert second.status_code == 400
    outsider = api(wishes.other_unit_admin).post(
        f"/api/v1/wishes/{wish.pk}/claim/", {"promised_on": today}, format="json"
    )
    assert outsider.status_code == 404


def test_the_contact_is_logged(city, wishes):
    wish = wishes.submit(city)
    response = api(wishes.secretary).post(f"/api/v1/wishes/{wish.pk}/contact/")
    assert response.data["contact_phone"] == "13912345678"
    assert ContactView.objects.filter(wish=wish, channel="api").count() == 1
    assert api(wishes.chief).post(f"/api/v1/wishes/{wish.pk}/contact/").status_code == 403


def test_staff_enter_a_wish_on_behalf(city, wishes):
    data = {"building": city.stairwell_1.pk, "title": "代买米", "contact_phone": "13800000000", "channel": "wechat"}
    response = api(wishes.worker).post("/api/v1/wishes/", data, format="json")
    assert response.status_code == 201 and Wish.objects.get().channel == "wechat"
    refused = api(wishes.neighbour).post("/api/v1/wishes/", data, format="json")
    assert refused.status_code == 400  # the building is out of sight: "does not exist"


def test_the_menu_api_adds_an_item_and_a_question(city, wishes):
    client = api(wishes.secretary)
    response = client.post("/api/v1/service-menu/", {"community": city.c1.pk, "title": "理发"}, format="json")
    assert response.status_code == 201
    item = ServiceItem.objects.get(title="理发")
    question = client.post(
        f"/api/v1/service-menu/{item.pk}/questions/", {"code": "when", "label": "哪天", "kind": "date"}, format="json"
    )
    assert question.status_code == 201 and question.data["questions"][0]["code"] == "when"
    assert api(wishes.neighbour).get(f"/api/v1/service-menu/{item.pk}/").status_code == 404


def test_filters_of_the_list(city, wishes):
    wishes.submit(city, care_group="disabled")
    wishes.accepted(city)
    client = api(wishes.secretary)
    assert client.get("/api/v1/wishes/", {"care_group": "disabled"}).data["count"] == 1
    assert client.get("/api/v1/wishes/", {"status": "accepted"}).data["count"] == 1
    assert client.get(reverse("api:wish-list"), {"status": "nope"}).status_code == 400
