"""The security log (``liaoyuan.security``): failed sign-ins, lockouts, 403, 404 on a record out of scope,
429 — each with user, address and path, never a password or a token."""

import datetime
import io
import logging
import types

import pytest
from django.urls import reverse
from gunicorn.config import Config
from rest_framework.test import APIClient

from accounts.models import Role
from liaoyuan.core.gunicorn_logging import RedactingLogger
from liaoyuan.core.logs import RedactSecrets, redact
from tests.factories import user_with_role

SECRET = "s3cr3t-Token-Value-0123456789"


@pytest.fixture
def events(caplog):
    caplog.set_level(logging.INFO, logger="liaoyuan.security")

    def lines():
        """The security log's lines, without the sign-ins that signing in the test's user writes."""
        records = [r.getMessage() for r in caplog.records if r.name == "liaoyuan.security"]
        return [line for line in records if not line.startswith("login user=")]

    return lines


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, username="dongyi")


def test_a_failed_sign_in_is_logged_with_user_address_and_path_but_not_the_password(client, secretary, events):
    client.post(reverse("login"), {"username": "dongyi", "password": SECRET}, REMOTE_ADDR="10.1.2.3")
    assert events() == ["login_failed user=dongyi address=10.1.2.3 path=/login/"]
    assert all(SECRET not in line for line in events())


def test_a_successful_sign_in_is_logged_at_info(client, secretary, caplog):
    caplog.set_level(logging.INFO, logger="liaoyuan.security")
    client.post(reverse("login"), {"username": "dongyi", "password": "pw-liaoyuan-1"}, REMOTE_ADDR="10.1.2.3")
    [record] = [r for r in caplog.records if r.name == "liaoyuan.security"]
    assert record.levelno == logging.INFO
    assert record.getMessage() == "login user=dongyi address=10.1.2.3 path=/login/"


def test_a_lockout_is_logged(client, secretary, events, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("login"), {"username": "dongyi", "password": SECRET})
    assert "locked_out user=dongyi address=127.0.0.1 path=/login/" in events()
    assert all(SECRET not in line for line in events())


def test_a_read_only_page_refusal_403_is_logged(client, city, events):
    office = user_with_role(Role.CITY_OFFICE, node=city.city, username="cityoffice")
    client.force_login(office)
    assert client.get(reverse("grids:edit", args=[city.c1.pk])).status_code == 403
    assert events() == [f"forbidden user=cityoffice address=127.0.0.1 path=/tree/{city.c1.pk}/edit/"]


def test_404_on_a_record_out_of_scope_is_logged_and_a_missing_one_is_not(client, city, secretary, events):
    client.force_login(secretary)
    assert client.get(reverse("grids:node", args=[city.c2.pk])).status_code == 404
    assert client.get(reverse("grids:node", args=[999999])).status_code == 404
    assert events() == [f"out_of_scope user=dongyi address=127.0.0.1 path=/tree/{city.c2.pk}/"]


def test_api_404_out_of_scope_and_403_are_logged(city, secretary, events):
    api = APIClient()
    api.force_authenticate(secretary)
    assert api.get(f"/api/v1/nodes/{city.c2.pk}/").status_code == 404
    assert api.get("/api/v1/nodes/999999/").status_code == 404
    assert events() == [f"out_of_scope user=dongyi address=127.0.0.1 path=/api/v1/nodes/{city.c2.pk}/"]


def test_429_is_logged(city, secretary, events, settings):
    rest = settings.REST_FRAMEWORK
    settings.REST_FRAMEWORK = {**rest, "DEFAULT_THROTTLE_RATES": {**rest["DEFAULT_THROTTLE_RATES"], "user": "1/minute"}}
    api = APIClient()
    api.force_authenticate(secretary)
    api.get("/api/v1/me/")
    assert api.get("/api/v1/me/").status_code == 429
    assert events() == ["throttled user=dongyi address=127.0.0.1 path=/api/v1/me/"]


def test_a_refused_token_is_logged_without_the_token_or_the_query_string(db, events):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {SECRET}")
    response = api.get(f"/api/v1/me/?token={SECRET}&page=2")
    assert response.status_code == 401
    assert events() == ["token_refused user=- address=127.0.0.1 path=/api/v1/me/"]
    assert all(SECRET not in line for line in events())


def test_log_lines_with_a_calendar_secret_or_a_token_in_the_query_are_redacted():
    assert redact(f"GET /calendar/{SECRET}.ics HTTP/1.1") == "GET /calendar/[redacted].ics HTTP/1.1"
    assert redact(f"/api/v1/me/?page=2&token={SECRET}&x=1") == "/api/v1/me/?page=2&token=[redacted]&x=1"
    assert SECRET not in redact(f"/x?password={SECRET}")
    assert redact("POST /alliances/calendar/links/new/") == "POST /alliances/calendar/links/new/"


def test_djangos_request_log_prints_a_calendar_path_redacted():
    """Django logs every 404 with its path: a wrong or revoked calendar secret must not reach the log."""
    handler = next(
        h for h in logging.getLogger("django").handlers if any(isinstance(f, RedactSecrets) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        logging.getLogger("django.request").warning("Not Found: %s", f"/calendar/{SECRET}.ics")
    finally:
        handler.setStream(previous)
    assert "Not Found: /calendar/[redacted].ics" in stream.getvalue()
    assert SECRET not in stream.getvalue()


def test_gunicorns_access_log_prints_the_path_without_the_secret():
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/calendar/{SECRET}.ics",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": f"/calendar/{SECRET}.ics",
        "QUERY_STRING": f"token={SECRET}&page=2",
        "REMOTE_ADDR": "10.0.0.1",
    }
    request = types.SimpleNamespace(headers=[("AUTHORIZATION", f"Token {SECRET}")])
    response = types.SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = RedactingLogger(Config()).atoms(response, request, environ, datetime.timedelta(seconds=1))
    assert atoms["r"] == "GET /calendar/[redacted].ics HTTP/1.1"
    assert atoms["U"] == "/calendar/[redacted].ics"
    assert atoms["q"] == "token=[redacted]&page=2"
    assert atoms["{authorization}i"] == "[redacted]"
    assert SECRET not in str(atoms)
