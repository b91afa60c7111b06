"""Sessions that end when idle (sooner for office accounts) or too old; the headers every answer carries:
Content-Security-Policy without inline script, Permissions-Policy, no-store for signed-in users; API docs
for signed-in users only; no inline script or style left in the templates."""

import re
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import sessions
from accounts.models import Role
from tests.factories import user_with_role

TEMPLATES = Path(django_settings.BASE_DIR) / "templates"


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)


def age_session(client, *, idle_seconds: int = 0, since_seconds: int = 0) -> None:
    session = client.session
    now = int(time.time())
    session[sessions.SEEN_KEY] = now - idle_seconds
    policy = dict(session[sessions.POLICY_KEY])
    policy["since"] = now - since_seconds
    session[sessions.POLICY_KEY] = policy
    session.save()


def test_a_session_idle_longer_than_the_setting_ends(client, secretary, settings):
    client.force_login(secretary)
    age_session(client, idle_seconds=settings.SESSION_IDLE_MINUTES * 60 - 30)
    assert client.get(reverse("home")).status_code == 200  # still within the limit; activity renews it
    age_session(client, idle_seconds=settings.SESSION_IDLE_MINUTES * 60 + 30)
    response = client.get(reverse("grids:tree"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_office_sessions_end_sooner(client, city, secretary, settings):
    office = user_with_role(Role.DISTRICT_OFFICE, node=city.district_a)
    idle = settings.SESSION_IDLE_MINUTES_OFFICE * 60 + 30
    assert idle < settings.SESSION_IDLE_MINUTES * 60
    client.force_login(secretary)
    age_session(client, idle_seconds=idle)
    assert client.get(reverse("home")).status_code == 200
    client.force_login(office)
    age_session(client, idle_seconds=idle)
    assert client.get(reverse("home")).status_code == 302


def test_a_session_older_than_the_maximum_ends_however_active(client, secretary, settings):
    client.force_login(secretary)
    age_session(client, since_seconds=settings.SESSION_MAX_HOURS * 3600 + 1)
    assert client.get(reverse("home")).status_code == 302


def test_an_expired_session_gets_401_in_the_error_shape_from_the_api(client, secretary, settings):
    client.force_login(secretary)
    age_session(client, idle_seconds=settings.SESSION_IDLE_MINUTES * 60 + 30)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["error"]["code"] == "session_expired"


def test_pages_carry_a_csp_without_inline_script_and_a_permissions_policy(client, secretary):
    client.force_login(secretary)
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_signed_in_answers_are_never_stored(client, secretary):
    client.force_login(secretary)
    for url in [reverse("home"), reverse("people:list"), reverse("accounts:profile"), "/api/v1/me/"]:
        assert "no-store" in client.get(url)["Cache-Control"], url
    api = APIClient()
    api.force_authenticate(secretary)
    assert "no-store" in api.get("/api/v1/people/")["Cache-Control"]


def test_token_calls_are_never_stored_either(secretary):
    api = APIClient()
    token = api.post("/api/token/", {"username": secretary.username, "password": "pw-liaoyuan-1"}, format="json")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert "no-store" in api.get("/api/v1/me/")["Cache-Control"]
    assert "no-store" in token["Cache-Control"]


def test_api_docs_and_schema_need_a_signed_in_user_unless_the_setting_opens_them(client, db, settings):
    assert client.get("/api/schema/").status_code == 401
    assert client.get("/api/docs/").status_code == 401
    settings.API_DOCS_PUBLIC = True
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and "<style>" not in docs.content.decode()


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "an event-handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_template_has_inline_script_or_style_that_the_csp_would_block():
    found = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for pattern, what in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "move these into static/js/liaoyuan.js or static/css/liaoyuan.css: " + "; ".join(found)
