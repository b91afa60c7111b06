"""Several photos are added at once, on the activity's page and already on the form that records it; one bad
file refuses the whole upload, naming that file, and nothing is stored."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from alliances.models import Activity, ActivityPhoto
from alliances.services import activities as services
from alliances.services.activities import MAX_PHOTOS_PER_UPLOAD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def activity(alliances):
    return services.activity_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        kind=Activity.Kind.VOLUNTEER_SERVICE,
        title="清雪除冰",
        starts_at=datetime.datetime(2024, 1, 15, 10, tzinfo=timezone.get_current_timezone()),
        place="广场",
    )


def test_several_photos_are_added_at_once_on_the_activity_page(client, alliances, activity, tmp_path):
    client.force_login(alliances.c1_secretary)
    files = [png(f"合影{i}.png") for i in range(3)]
    response = client.post(f"/alliances/activities/{activity.pk}/photos/", {"images": files, "caption": "清雪"})
    assert response.status_code == 302
    assert activity.photos.count() == 3
    assert {p.caption for p in activity.photos.all()} == {"清雪"}


def test_one_bad_file_refuses_the_whole_upload_and_names_it(client, alliances, activity, tmp_path):
    client.force_login(alliances.c1_secretary)
    bad = SimpleUploadedFile("说明.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client.post(f"/alliances/activities/{activity.pk}/photos/", {"images": [png("a.png"), bad]})
    assert response.status_code == 200
    assert "说明.jpg" in response.content.decode()
    assert not ActivityPhoto.objects.exists()
    assert not list(tmp_path.rglob("*.png"))  # nothing left on disk either


def test_too_many_at_once_are_refused(client, alliances, activity):
    client.force_login(alliances.c1_secretary)
    files = [png(f"{i}.png") for i in range(MAX_PHOTOS_PER_UPLOAD + 1)]
    response = client.post(f"/alliances/activities/{activity.pk}/photos/", {"images": files})
    assert response.status_code == 200 and "images" in response.context["photo_form"].errors
    assert not ActivityPhoto.objects.exists()


def test_photos_come_with_the_activity_on_the_create_form(client, alliances, city):
    client.force_login(alliances.c1_secretary)
    data = {
        "alliance": alliances.c1.pk,
        "kind": Activity.Kind.PUBLIC_EVENT,
        "title": "政策宣讲",
        "starts_at": "2024-03-01T09:00",
        "place": "东艺广场",
        "unnamed_participants": 40,
        "unnamed_households": 0,
        "photos": [png("1.png"), png("2.png")],
    }
    response = client.post("/alliances/activities/new/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    activity = Activity.objects.get(title="政策宣讲")
    assert activity.photos.count() == 2
    assert 'enctype="multipart/form-data"' in client.get("/alliances/activities/new/").content.decode()


def test_a_bad_photo_on_the_create_form_records_nothing(client, alliances):
    client.force_login(alliances.c1_secretary)
    data = {
        "alliance": alliances.c1.pk,
        "kind": Activity.Kind.PUBLIC_EVENT,
        "title": "政策宣讲",
        "starts_at": "2024-03-01T09:00",
        "place": "东艺广场",
        "unnamed_participants": 40,
        "unnamed_households": 0,
        "photos": [SimpleUploadedFile("x.gif", b"GIF89a broken", content_type="image/gif")],
    }
    response = client.post("/alliances/activities/new/", data)
    assert response.status_code == 200 and "photos" in response.context["form"].errors
    assert response.context["form"]["title"].value() == "政策宣讲"
    assert not Activity.objects.filter(title="政策宣讲").exists()
