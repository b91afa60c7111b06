"""API tokens: issued for username and password at /api/token/, shown once, stored as a digest, expiring
after API_TOKEN_DAYS, listed and revoked by their owner only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import Role
from tests.factories import user_with_role

PASSWORD = "pw-liaoyuan-1"


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, username="dongyi")


def issue(username="dongyi", password=PASSWORD, **extra):
    return APIClient().post("/api/token/", {"username": username, "password": password, **extra}, format="json")


def with_token(token) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def test_a_token_is_issued_once_stored_as_a_digest_and_expires_after_the_setting(secretary, settings):
    response = issue()
    assert response.status_code == 200
    body = response.json()
    stored = AuthToken.objects.get(user=secretary)
    assert body["token"] not in stored.digest and len(stored.digest) == 128
    assert body["token_key"] == stored.token_key == body["token"][: len(stored.token_key)]
    remaining = stored.expiry - timezone.now()
    assert datetime.timedelta(days=29, hours=23) < remaining <= datetime.timedelta(days=settings.API_TOKEN_DAYS)
    assert with_token(body["token"]).get("/api/v1/me/").json()["username"] == "dongyi"
    listed = with_token(body["token"]).get("/api/v1/tokens/").json()
    assert listed == [
        {"token_key": stored.token_key, "created": listed[0]["created"], "expiry": listed[0]["expiry"], "current": True}
    ]
    assert "token" not in listed[0]


def test_wrong_password_and_bad_input_answer_in_the_error_shape(secretary):
    wrong = issue(password="wrong")
    assert wrong.status_code == 401 and wrong["WWW-Authenticate"] == "Token"
    assert wrong.json()["error"]["message"] == "The username or password is not right."
    missing = APIClient().post("/api/token/", {"username": "dongyi"}, format="json")
    assert missing.status_code == 400 and "password" in missing.json()["error"]["fields"]
    assert not AuthToken.objects.exists()


def test_an_expired_token_answers_401_with_a_clear_message(secretary):
    token = issue().json()["token"]
    AuthToken.objects.filter(user=secretary).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    response = with_token(token).get("/api/v1/me/")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "authentication_failed" and "expired" in error["message"]
    assert not AuthToken.objects.filter(user=secretary).exists()  # knox deletes it


def test_an_inactive_account_gets_no_token(secretary):
    secretary.is_active = False
    secretary.save()
    assert issue().status_code == 401


def test_the_owner_lists_and_revokes_tokens_and_nobody_else_can(secretary, city):
    first, second = issue().json(), issue().json()
    api = with_token(first["token"])
    assert {t["token_key"] for t in api.get("/api/v1/tokens/").json()} == {first["token_key"], second["token_key"]}
    other = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2, username="fuzhen")
    outsider = with_token(issue("fuzhen").json()["token"])
    assert outsider.delete(f"/api/v1/tokens/{second['token_key']}/").status_code == 404
    assert api.delete(f"/api/v1/tokens/{second['token_key']}/").status_code == 204
    assert with_token(second["token"]).get("/api/v1/me/").status_code == 401
    assert [t["token_key"] for t in api.get("/api/v1/tokens/").json()] == [first["token_key"]]
    assert AuthToken.objects.filter(user=other).count() == 1


def test_my_account_page_issues_a_token_once_lists_it_and_revokes_it(client, secretary):
    client.force_login(secretary)
    made = client.post(reverse("accounts:api_token_create"))
    assert made.status_code == 200
    secret = made.context["secret"]
    token = AuthToken.objects.get(user=secretary)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert token.token_key[:8] in profile and secret not in profile
    client.post(reverse("accounts:api_token_revoke", args=[token.token_key]))
    assert not AuthToken.objects.filter(user=secretary).exists()
    assert with_token(secret).get("/api/v1/me/").status_code == 401


def test_a_garbled_authorization_header_is_a_401_not_a_500(db):
    for header in ["Token", "Token a b", "Token ", "Token \u00e9\u00e9\u00e9", "Token " + "f" * 500]:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=header)
        assert api.get("/api/v1/me/").status_code == 401, header
