"""The log says each refusal once, in one line: a 403 is the security log's line (no traceback, no second
line from Django), a 400 or a 404 one line without a traceback; a 500 keeps its traceback. The site has its
own favicon, served from the static files."""

import io
import logging
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts.models import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def log():
    """The text the console handler writes (the one handler of the root and the django loggers)."""
    handler = next(h for h in logging.getLogger("django").handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [line for line in stream.getvalue().splitlines() if line.strip()]
    handler.setStream(previous)


@pytest.fixture
def office(city):
    return user_with_role(Role.CITY_OFFICE, node=city.city, username="cityoffice")


def test_a_page_403_is_one_line_without_a_traceback(client, city, office, log):
    client.force_login(office)
    log()  # the sign-in
    start = len(log())
    assert client.get(f"/tree/{city.c1.pk}/edit/").status_code == 403
    lines = log()[start:]
    assert len(lines) == 1, lines
    assert "forbidden user=cityoffice" in lines[0]
    assert "Traceback" not in "\n".join(log())


def test_an_api_403_is_one_line(city, office, log):
    api = APIClient()
    api.force_authenticate(office)
    assert api.patch(f"/api/v1/units/{city.unit_1.pk}/", {"leader": "x"}, format="json").status_code == 403
    lines = log()
    assert len(lines) == 1 and "forbidden user=cityoffice" in lines[0], lines


def test_a_bad_request_is_one_line_without_a_traceback(client, db, log):
    assert client.get("/calendar/%00.ics").status_code == 400
    lines = log()
    assert len(lines) == 1 and "Traceback" not in lines[0], lines


def test_a_404_is_one_line(client, db, log):
    assert client.get("/no-such-page/").status_code == 404
    assert len(log()) == 1


def test_a_server_error_keeps_its_traceback(log):
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: /x", exc_info=True, extra={"status_code": 500}
        )
    assert "Traceback" in "\n".join(log())


def test_the_favicon_is_the_sites_own_from_the_static_files(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.startswith("/static/")
    assert response.url.endswith(".ico")
    ico = Path(settings.BASE_DIR, "static", "favicon.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/login/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
