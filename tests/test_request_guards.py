"""Request values no column can hold are refused at the door with a 400, never a 500: NUL characters in
the path, query, form fields, cookies or JSON; JSON nested beyond any sensible depth; bodies too large."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Role
from alliances.models import Alliance
from tests.factories import AllianceFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance(city):
    return AllianceFactory(node=city.c1)


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)


@pytest.fixture
def signed_in(secretary):
    client = Client()
    client.force_login(secretary)
    return client


@pytest.fixture
def api(secretary):
    api = APIClient()
    api.force_authenticate(secretary)
    return api


def error(response, status=400) -> dict:
    assert response.status_code == status, response.content[:300]
    return response.json()["error"]


@pytest.mark.parametrize("path", ["/calendar/%00.ics", "/calendar/abc%00def.ics", "/people/%00/"])
def test_nul_in_the_path_is_a_bad_request(client, db, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_nul_in_a_calendar_feeds_query_is_a_bad_request(client, db):
    response = client.get("/calendar/abc.ics", {"token": "\x00"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["/alliances/", "/alliances/meetings/", "/alliances/problems/", "/units/", "/people/", "/"]
)
def test_nul_in_a_filter_of_a_page_is_a_bad_request(signed_in, path):
    assert signed_in.get(path, {"q": "a\x00b"}).status_code == 400
    assert signed_in.get(path, {"q\x00": "x"}).status_code == 400


def test_nul_in_an_api_filter_answers_in_the_error_shape(api):
    body = error(api.get("/api/v1/alliances/", {"q": "\x00"}))
    assert body["code"] == "bad_request" and "NUL" in body["message"]
    error(api.get("/api/v1/people/", {"search": "\x00"}))


def test_nul_in_a_form_field_is_refused_and_nothing_is_saved(signed_in, alliance):
    response = signed_in.post(
        f"/alliances/{alliance.pk}/edit/",
        {"name": "新\x00名", "founded_on": "2020-01-01", "rotation_starts_on": "2020-01-01", "term_months": 3},
    )
    assert response.status_code == 400
    alliance.refresh_from_db()
    assert alliance.name != "新\x00名"


def test_nul_in_a_sign_in_form_is_a_bad_request(client, db):
    assert client.post("/login/", {"username": "admin\x00", "password": "x"}).status_code == 400


def test_nul_in_a_session_cookie_is_a_bad_request(client, db):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert client.get("/").status_code == 400


def test_nul_in_json_is_a_bad_request_in_the_error_shape(api, alliance):
    body = error(APIClient().post("/api/token/", {"username": "\x00", "password": "x"}, format="json"))
    assert body["code"] == "parse_error"
    error(api.patch(f"/api/v1/alliances/{alliance.pk}/", {"brand": "东\x00艺"}, format="json"))
    error(api.patch(f"/api/v1/alliances/{alliance.pk}/", {"brand\x00": "东艺"}, format="json"))
    alliance.refresh_from_db()
    assert "\x00" not in alliance.brand


def test_nul_in_an_api_form_body_is_a_bad_request(api, alliance):
    error(api.patch(f"/api/v1/alliances/{alliance.pk}/", {"brand": "东\x00艺"}, format="multipart"))


def deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


def test_deeply_nested_json_to_the_token_endpoint_is_a_bad_request(db):
    body = error(APIClient().post("/api/token/", deep(100_000), content_type="application/json"))
    assert body["code"] == "parse_error" and "deep" in body["message"]


def test_deeply_nested_json_to_any_endpoint_is_a_bad_request(api, alliance):
    for levels in (100_000, 100):
        error(api.patch(f"/api/v1/alliances/{alliance.pk}/", deep(levels), content_type="application/json"))
    nested = {"brand": "东艺", "x": json.loads(deep(20))}
    response = api.patch(f"/api/v1/alliances/{alliance.pk}/", nested, format="json")
    assert response.status_code == 200  # reasonable nesting is still read (unknown keys are ignored)
    assert Alliance.objects.get(pk=alliance.pk).brand == "东艺"


def test_a_json_body_over_the_limit_is_refused_with_413(api, alliance, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api.patch(f"/api/v1/alliances/{alliance.pk}/", {"brand_description": "长" * 20_000}, format="json")
    assert error(response, 413)["code"] == "payload_too_large"


def test_a_request_over_the_body_cap_is_refused_before_it_is_read(client, db, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.post("/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413


def test_ordinary_requests_pass(client, db):
    user = UserFactory(username="ordinary")
    assert client.post("/login/", {"username": user.username, "password": "pw-liaoyuan-1"}).status_code == 302
    assert client.get("/").status_code == 200


def test_form_fields_over_the_limit_are_refused_with_413(client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_the_bad_request_page_speaks_the_chosen_language(client, db):
    client.cookies["django_language"] = "zh-hans"
    response = client.get("/calendar/%00.ics")
    assert response.status_code == 400
    assert "请求" in response.content.decode()
