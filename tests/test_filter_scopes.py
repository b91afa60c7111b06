"""Filters offer and accept only what the user may see: no unit or node of another community leaks
through a filter's choices, and naming one is refused."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from tests.factories import user_with_role


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)


def test_export_page_lists_only_units_in_scope(client, city, secretary):
    client.force_login(secretary)
    response = client.get(reverse("alliances:exports"))
    body = response.content.decode()
    assert city.unit_1.name in body
    assert city.unit_2.name not in body and city.unit_3.name not in body


def test_api_refuses_a_filter_naming_a_unit_out_of_sight(city, secretary):
    api = APIClient()
    api.force_authenticate(secretary)
    response = api.get("/api/v1/people/", {"work_unit": city.unit_2.pk})
    assert response.status_code == 400
    assert "work_unit" in response.json()["error"]["fields"]
    assert api.get("/api/v1/people/", {"work_unit": city.unit_1.pk}).status_code == 200


def test_browsable_api_filter_form_lists_only_units_in_scope(city, secretary):
    api = APIClient()
    api.force_authenticate(secretary)
    body = api.get("/api/v1/people/", HTTP_ACCEPT="text/html").content.decode()
    assert city.unit_1.name in body
    assert city.unit_2.name not in body


def test_under_a_node_out_of_sight_is_refused(city, secretary):
    api = APIClient()
    api.force_authenticate(secretary)
    response = api.get("/api/v1/units/", {"under": city.c2.pk})
    assert response.status_code == 400
    assert [u["id"] for u in api.get("/api/v1/units/", {"under": city.c1.pk}).json()["results"]] == [city.unit_1.pk]


def test_area_filter_on_pages_offers_districts_streets_and_communities_only(client, city):
    client.force_login(user_with_role(Role.STREET_SECRETARY, node=city.street_1))
    form = client.get(reverse("alliances:meetings")).context["filter"].form
    offered = {pk for pk, _label in form.fields["under"].choices if pk}
    assert {city.street_1.pk, city.c1.pk, city.c2.pk} == {int(str(pk)) for pk in offered}
