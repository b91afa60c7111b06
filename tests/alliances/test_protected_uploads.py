"""Uploads are served through views that check the scope, never from a public /media/ URL; they are stored
under generated names; nginx or Apache can send the bytes (X-Accel-Redirect / X-Sendfile) once Django allowed."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from alliances.models import Activity
from alliances.services import activities as activity_services
from alliances.services import alliances as alliance_services

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 rules of procedure"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def rules(alliances):
    upload = SimpleUploadedFile("东艺社区 议事规则（内部）.pdf", PDF)
    alliance_services.alliance_update(user=alliances.c1_secretary, alliance=alliances.c1, rules_file=upload)
    alliances.c1.refresh_from_db()
    return alliances.c1


@pytest.fixture
def photo(alliances):
    activity = activity_services.activity_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        kind=Activity.Kind.VOLUNTEER_SERVICE,
        title="清雪",
        starts_at=datetime.datetime(2024, 1, 15, 10, tzinfo=timezone.get_current_timezone()),
        place="广场",
    )
    upload = SimpleUploadedFile("家门口 合影.png", png_bytes(), content_type="image/png")
    return activity_services.activity_photo_add(user=alliances.c1_secretary, activity=activity, image=upload)


def test_uploads_are_stored_under_generated_names(rules, photo):
    assert "议事规则" not in rules.rules_file.name and rules.rules_file.name.endswith(".pdf")
    assert "合影" not in photo.image.name and photo.image.name.endswith(".png")
    assert rules.rules_file.name.startswith("alliances/rules/")


def test_there_is_no_public_media_url(client, rules, photo):
    for name in (rules.rules_file.name, photo.image.name):
        assert client.get(f"/media/{name}").status_code == 404


def test_the_rules_file_is_served_to_those_in_scope(client, alliances, rules):
    url = rules.rules_file_url()
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(alliances.unit_1_admin)  # a member unit of the alliance
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"].startswith("private")
    client.force_login(alliances.c2_secretary)  # the neighbour
    assert client.get(url).status_code == 404
    client.force_login(alliances.unit_3_admin)  # an outsider
    assert client.get(url).status_code == 404


def test_a_photo_is_served_to_those_in_scope(client, alliances, photo):
    url = photo.get_absolute_url()
    client.force_login(alliances.city_office)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()
    client.force_login(alliances.unit_3_admin)
    assert client.get(url).status_code == 404


def test_pages_and_api_link_the_protected_views(client, alliances, rules, photo):
    client.force_login(alliances.c1_secretary)
    detail = client.get(rules.get_absolute_url()).content.decode()
    assert rules.rules_file_url() in detail and "/media/" not in detail
    activity = client.get(photo.activity.get_absolute_url()).content.decode()
    assert photo.get_absolute_url() in activity and "/media/" not in activity
    api = APIClient()
    api.force_authenticate(alliances.c1_secretary)
    body = api.get(f"/api/v1/alliances/{rules.pk}/").json()
    assert body["rules_file"] == "http://testserver" + rules.rules_file_url()
    body = api.get(f"/api/v1/activities/{photo.activity_id}/").json()
    assert body["photos"][0]["image"] == "http://testserver" + photo.get_absolute_url()


def test_nginx_sends_the_bytes_when_configured(client, alliances, photo, settings):
    settings.MEDIA_ACCEL = "x-accel-redirect"
    client.force_login(alliances.c1_secretary)
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{photo.image.name}"
    assert response["Content-Type"] == "image/png" and response.content == b""


def test_apache_sends_the_bytes_when_configured(client, alliances, rules, settings):
    settings.MEDIA_ACCEL = "x-sendfile"
    client.force_login(alliances.c1_secretary)
    response = client.get(rules.rules_file_url())
    assert response["X-Sendfile"] == rules.rules_file.path and response.content == b""


def test_a_file_missing_on_disk_is_not_found(client, alliances, photo):
    photo.image.storage.delete(photo.image.name)
    client.force_login(alliances.c1_secretary)
    assert client.get(photo.get_absolute_url()).status_code == 404
