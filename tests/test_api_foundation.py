"""The API skeleton: authentication, the tree endpoints, scoping, masking and the one error shape."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from liaoyuan.core.views import server_error
from people.models import PersonalDataAccess
from tests.factories import user_with_role


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)


def test_anonymous_call_gets_401_in_the_error_shape(api, db):
    response = api.get("/api/v1/nodes/")
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_token_authentication_works(api, city, secretary):
    issued = api.post("/api/token/", {"username": secretary.username, "password": "pw-liaoyuan-1"}, format="json")
    assert issued.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {issued.json()['token']}")
    response = api.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["roles"][0]["role"] == Role.COMMUNITY_SECRETARY
    assert response.json()["roles"][0]["node"] == city.c1.pk


def test_node_list_is_scoped_and_paginated(api, city, secretary):
    api.force_authenticate(secretary)
    body = api.get("/api/v1/nodes/").json()
    names = {n["name"] for n in body["results"]}
    assert body["count"] == 4  # community, grid, building, stairwell
    assert "东艺社区" in names and "福镇社区" not in names


def test_node_children_and_under_filters(api, city):
    user = user_with_role(Role.STREET_SECRETARY, node=city.street_1)
    api.force_authenticate(user)
    children = api.get(f"/api/v1/nodes/{city.street_1.pk}/children/").json()
    assert [n["id"] for n in children["results"]] == [city.c1.pk, city.c2.pk]
    grids = api.get("/api/v1/nodes/", {"kind": "grid", "under": city.c2.pk}).json()
    assert [n["id"] for n in grids["results"]] == [city.grid_2.pk]


def test_node_outside_scope_is_404_in_the_error_shape(api, city, secretary):
    api.force_authenticate(secretary)
    response = api.get(f"/api/v1/nodes/{city.c2.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_api_path_answers_json_404(api, db):
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_people_list_masks_and_detail_shows_whole_with_a_log_line(api, city, secretary):
    api.force_authenticate(secretary)
    listed = api.get("/api/v1/people/").json()["results"]
    assert [p["name"] for p in listed] == ["王**"]
    detail = api.get(f"/api/v1/people/{city.resident_1.pk}/").json()
    assert detail["name"] == "王小明" and detail["whole"] is True
    assert PersonalDataAccess.objects.filter(person=city.resident_1, channel="api").count() == 1


def test_unit_admin_updates_their_unit_with_field_errors_on_bad_input(api, city):
    admin = user_with_role(Role.UNIT_ADMIN, unit=city.unit_1)
    api.force_authenticate(admin)
    bad = api.patch(f"/api/v1/units/{city.unit_1.pk}/", {"phone": "12345"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["phone"]
    good = api.patch(f"/api/v1/units/{city.unit_1.pk}/", {"phone": "13912345678"}, format="json")
    assert good.status_code == 200
    city.unit_1.refresh_from_db()
    assert city.unit_1.phone == "13912345678"
    assert api.patch(f"/api/v1/units/{city.unit_2.pk}/", {"phone": "13912345678"}, format="json").status_code == 404


def test_read_only_role_gets_403_on_write(api, city):
    office = user_with_role(Role.CITY_OFFICE, node=city.city)
    api.force_authenticate(office)
    response = api.patch(f"/api/v1/units/{city.unit_1.pk}/", {"leader": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_schema_and_offline_docs_are_served_to_signed_in_users(client, city, secretary):
    assert client.get("/api/schema/").status_code == 401
    assert client.get("/api/docs/").status_code == 401
    client.force_login(secretary)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/nodes/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    body = docs.content.decode()
    assert "drf_spectacular_sidecar" in body and "cdn" not in body.lower()


def test_an_unexpected_api_error_answers_json_in_the_error_shape(rf):
    response = server_error(rf.get("/api/v1/nodes/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert b'"code": "server_error"' in response.content
    assert server_error(rf.get("/tree/"))["Content-Type"].startswith("text/html")


def test_ancestors_are_names_only(api, city, secretary):
    api.force_authenticate(secretary)
    ancestors = api.get(f"/api/v1/nodes/{city.c1.pk}/ancestors/").json()
    assert [a["name"] for a in ancestors] == ["辽源市", "龙山区", "向阳街道"]
    assert all(set(a) == {"id", "kind", "name"} for a in ancestors)
