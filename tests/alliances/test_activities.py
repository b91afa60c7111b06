"""Activities: who records and edits them, membership of participating units, photos, pages and API."""

import datetime
import io
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from alliances.models import Activity, ActivityPhoto, Membership
from alliances.services import activities as services
from tests.factories import MemberUnitFactory

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def record(alliances, user=None, **fields) -> Activity:
    values = {
        "alliance": alliances.c1,
        "kind": Activity.Kind.VOLUNTEER_SERVICE,
        "title": "清雪除冰",
        "starts_at": at(2024, 1, 15),
        "place": "东艺社区广场",
    }
    values.update(fields)
    return services.activity_create(user=user or alliances.c1_secretary, **values)


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- the service ---------------------------------------------------------------------------------------


def test_secretary_records_an_activity_with_member_units(alliances, city):
    activity = record(
        alliances,
        kind=Activity.Kind.VISIT,
        unnamed_households=12,
        organiser_unit=city.unit_1,
        units=[city.unit_1, city.unit_2],
        unnamed_participants=8,
    )
    activity.refresh_from_db()
    assert activity.alliance == alliances.c1
    assert activity.unnamed_households == 12
    assert activity.organiser_unit == city.unit_1
    assert set(activity.units.all()) == {city.unit_1, city.unit_2}
    assert activity.created_by == alliances.c1_secretary


def test_participating_unit_not_a_member_is_refused(alliances, city):
    neighbour = MemberUnitFactory(location=city.c1)  # stationed in C1, seen by its secretary, not a member
    with pytest.raises(ValidationError) as exc:
        record(alliances, units=[city.unit_1, neighbour])
    assert neighbour.name in exc.value.message_dict["units"][0]
    assert not Activity.objects.exists()


def test_a_unit_out_of_sight_is_refused_without_its_name(alliances, city):
    for fields in ({"units": [city.unit_1, city.unit_3]}, {"organiser_unit": city.unit_3}):
        with pytest.raises(ValidationError) as exc:
            record(alliances, **fields)
        assert exc.value.message_dict == {next(iter(fields)): ["No such unit."]}
        assert city.unit_3.name not in str(exc.value)
    assert not Activity.objects.exists()


def test_unit_is_a_member_only_between_joining_and_leaving(alliances, city):
    late = MemberUnitFactory(location=city.c1)
    Membership.objects.create(alliance=alliances.c1, unit=late, joined_on=datetime.date(2024, 6, 1))
    Membership.objects.filter(alliance=alliances.c1, unit=city.unit_2).update(left_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as exc:
        record(alliances, starts_at=at(2024, 5, 1), units=[late])
    assert "units" in exc.value.message_dict
    with pytest.raises(ValidationError):
        record(alliances, starts_at=at(2024, 5, 1), units=[city.unit_2])
    with pytest.raises(ValidationError) as exc:
        record(alliances, starts_at=at(2024, 5, 1), organiser_unit=city.unit_2)
    assert "organiser_unit" in exc.value.message_dict
    assert record(alliances, starts_at=at(2024, 7, 1), units=[late]).units.get() == late
    assert record(alliances, starts_at=at(2024, 2, 1), units=[city.unit_2]).units.get() == city.unit_2


def test_households_are_counted_only_for_visits(alliances):
    with pytest.raises(ValidationError) as exc:
        record(alliances, kind=Activity.Kind.THEME_PARTY_DAY, unnamed_households=3)
    assert "unnamed_households" in exc.value.message_dict


def test_end_must_follow_start_and_activity_cannot_predate_the_alliance(alliances):
    with pytest.raises(ValidationError) as exc:
        record(alliances, ends_at=at(2024, 1, 15, 9))
    assert "ends_at" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        record(alliances, starts_at=at(2019, 6, 1))
    assert "starts_at" in exc.value.message_dict


def test_only_the_alliances_secretaries_and_the_street_above_create(alliances):
    assert record(alliances, user=alliances.street_secretary).alliance == alliances.c1
    for outsider in (alliances.c2_secretary, alliances.unit_1_admin, alliances.city_office):
        with pytest.raises(PermissionDenied):
            record(alliances, user=outsider)


def test_organiser_units_admin_edits_its_activity_but_cannot_hand_it_over(alliances, city):
    activity = record(alliances, organiser_unit=city.unit_1)
    values = services.activity_values(activity)
    services.activity_update(user=alliances.unit_1_admin, activity=activity, **{**values, "unnamed_participants": 40})
    activity.refresh_from_db()
    assert activity.unnamed_participants == 40
    with pytest.raises(ValidationError) as exc:
        services.activity_update(user=alliances.unit_1_admin, activity=activity, **{**values, "organiser_unit": None})
    assert "organiser_unit" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.activity_update(user=alliances.unit_3_admin, activity=activity, **values)


# --- photos ----------------------------------------------------------------------------------------


def test_real_png_is_accepted_and_stored_under_its_real_format(alliances):
    activity = record(alliances)
    upload = SimpleUploadedFile("photo.jpg", png_bytes(), content_type="image/jpeg")
    photo = services.activity_photo_add(user=alliances.c1_secretary, activity=activity, image=upload, caption="合影")
    assert photo.image.name.endswith(".png")
    assert os.path.exists(photo.image.path)
    assert activity.photos.get().caption == "合影"


def test_a_text_file_renamed_jpg_is_refused(alliances):
    activity = record(alliances)
    upload = SimpleUploadedFile("photo.jpg", b"not an image at all" * 20, content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.activity_photo_add(user=alliances.c1_secretary, activity=activity, image=upload)
    assert "not an image" in exc.value.message_dict["image"][0]
    assert not ActivityPhoto.objects.exists()


def test_an_image_larger_than_5_mb_is_refused(alliances):
    activity = record(alliances)
    noise = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG", compress_level=0)
    assert buffer.tell() > services.MAX_PHOTO_BYTES
    upload = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        services.activity_photo_add(user=alliances.c1_secretary, activity=activity, image=upload)
    assert "5 MB" in exc.value.message_dict["image"][0]
    assert not ActivityPhoto.objects.exists()


def test_a_truncated_image_is_refused(alliances):
    activity = record(alliances)
    upload = SimpleUploadedFile("cut.png", png_bytes((64, 64))[:60], content_type="image/png")
    with pytest.raises(ValidationError):
        services.activity_photo_add(user=alliances.c1_secretary, activity=activity, image=upload)


def test_photo_page_refuses_a_non_image_with_the_reason(client, alliances):
    activity = record(alliances)
    client.force_login(alliances.c1_secretary)
    upload = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 fake", content_type="image/jpeg")
    response = client.post(reverse("alliances:activity_photo_add", args=[activity.pk]), {"images": upload})
    assert response.status_code == 200
    assert "not an image" in response.content.decode()
    assert not ActivityPhoto.objects.exists()
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    response = client.post(reverse("alliances:activity_photo_add", args=[activity.pk]), {"images": upload})
    assert response.status_code == 302
    assert activity.photos.count() == 1


def test_photo_page_is_404_outside_and_403_read_only(client, alliances):
    activity = record(alliances)
    upload = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    client.force_login(alliances.c2_secretary)
    assert (
        client.post(reverse("alliances:activity_photo_add", args=[activity.pk]), {"images": upload}).status_code == 404
    )
    client.force_login(alliances.city_office)
    assert (
        client.post(reverse("alliances:activity_photo_add", args=[activity.pk]), {"images": upload}).status_code == 403
    )
    assert not ActivityPhoto.objects.exists()


# --- pages -----------------------------------------------------------------------------------------


def test_create_page_records_an_activity(client, alliances, city):
    client.force_login(alliances.c1_secretary)
    response = client.post(
        reverse("alliances:activity_create"),
        {
            "alliance": alliances.c1.pk,
            "kind": Activity.Kind.VISIT,
            "title": "走访独居老人",
            "starts_at": "2024-02-01T09:30",
            "place": "东艺社区",
            "units": [city.unit_1.pk],
            "unnamed_participants": 6,
            "unnamed_households": 9,
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == activity.get_absolute_url()
    assert activity.unnamed_households == 9
    assert timezone.localtime(activity.starts_at).hour == 9
    assert list(activity.units.all()) == [city.unit_1]


def test_create_page_keeps_what_was_typed_and_shows_the_error(client, alliances, city):
    client.force_login(alliances.c1_secretary)
    response = client.post(
        reverse("alliances:activity_create"),
        {
            "alliance": alliances.c1.pk,
            "kind": Activity.Kind.THEME_PARTY_DAY,
            "title": "重温入党誓词",
            "starts_at": "2024-02-01T09:30",
            "place": "东艺社区",
            "unnamed_participants": 20,
            "unnamed_households": 4,
        },
    )
    assert response.status_code == 200
    assert "Only a visit to people in difficulty counts households visited." in response.content.decode()
    assert "重温入党誓词" in response.content.decode()
    assert not Activity.objects.exists()


def test_create_page_rejects_a_bad_date_without_a_500(client, alliances):
    client.force_login(alliances.c1_secretary)
    response = client.post(
        reverse("alliances:activity_create"),
        {"alliance": alliances.c1.pk, "kind": "visit", "title": "x", "starts_at": "not-a-date", "place": "y"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"]


def test_create_page_is_forbidden_to_those_who_may_not_create(client, alliances):
    for user in (alliances.unit_1_admin, alliances.city_office):
        client.force_login(user)
        assert client.get(reverse("alliances:activity_create")).status_code == 403


def test_create_page_offers_only_the_chosen_alliances_units(client, alliances, city):
    client.force_login(alliances.street_secretary)
    response = client.get(reverse("alliances:activity_create"), {"alliance": alliances.c1.pk})
    assert set(response.context["form"].fields["units"].queryset) == {city.unit_1, city.unit_2}


def test_edit_page_owner_neighbour_outsider(client, alliances, city):
    activity = record(alliances, organiser_unit=city.unit_1)
    url = reverse("alliances:activity_edit", args=[activity.pk])
    client.force_login(alliances.unit_1_admin)
    assert client.get(url).status_code == 200
    client.force_login(alliances.c2_secretary)
    assert client.get(url).status_code == 404
    client.force_login(alliances.city_office)
    assert client.get(url).status_code == 403
    client.force_login(alliances.c1_secretary)
    response = client.post(
        url,
        {
            "kind": activity.kind,
            "title": "新标题",
            "starts_at": "2024-01-15T10:00",
            "place": activity.place,
            "organiser_unit": city.unit_1.pk,
            "units": [city.unit_3.pk],
            "unnamed_participants": 3,
            "unnamed_households": 0,
        },
    )
    assert response.status_code == 200  # unit_3 is not even offered: the form refuses it
    activity.refresh_from_db()
    assert activity.title == "清雪除冰"


def test_detail_page_shows_photos_to_those_in_scope(client, alliances):
    activity = record(alliances)
    services.activity_photo_add(
        user=alliances.c1_secretary,
        activity=activity,
        image=SimpleUploadedFile("a.png", png_bytes()),
        caption="志愿者合影",
    )
    client.force_login(alliances.city_office)
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    assert "志愿者合影" in response.content.decode()
    assert not response.context["can_change"]
    client.force_login(alliances.unit_3_admin)
    assert client.get(activity.get_absolute_url()).status_code == 404


def test_list_filters_by_kind_area_and_period(client, alliances, city):
    visit = record(alliances, kind=Activity.Kind.VISIT, unnamed_households=2, starts_at=at(2024, 3, 1))
    day = record(alliances, kind=Activity.Kind.THEME_PARTY_DAY, starts_at=at(2024, 5, 1))
    client.force_login(alliances.city_office)
    url = reverse("alliances:activities")
    assert list(client.get(url, {"kind": "visit"}).context["page"]) == [visit]
    assert list(client.get(url, {"period_after": "2024-04-01"}).context["page"]) == [day]
    assert list(client.get(url, {"under": city.street_2.pk}).context["page"]) == []
    assert set(client.get(url, {"under": city.street_1.pk}).context["page"]) == {visit, day}
    response = client.get(url, {"period_after": "2024-05-01", "period_before": "2024-01-01"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["period"]


def test_list_shows_the_neighbour_nothing(client, alliances):
    record(alliances)
    client.force_login(alliances.c2_secretary)
    assert list(client.get(reverse("alliances:activities")).context["page"]) == []


def test_list_page_queries_do_not_grow_with_rows(client, alliances, city, django_assert_max_num_queries):
    client.force_login(alliances.street_secretary)
    record(alliances, units=[city.unit_1])
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("alliances:activities"))
    for i in range(15):
        record(alliances, title=f"活动{i}", units=[city.unit_1, city.unit_2], organiser_unit=city.unit_2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("alliances:activities"))
    assert len(response.context["page"]) == 16


# --- API -------------------------------------------------------------------------------------------


def api_payload(alliances, city, **fields):
    data = {
        "alliance": alliances.c1.pk,
        "kind": "volunteer_service",
        "title": "义诊进社区",
        "starts_at": "2024-04-02T09:00:00+08:00",
        "place": "社区卫生站",
        "units": [city.unit_1.pk],
        "unnamed_participants": 12,
    }
    data.update(fields)
    return data


def test_api_creates_lists_and_filters(client, alliances, city):
    client.force_login(alliances.c1_secretary)
    response = client.post("/api/v1/activities/", api_payload(alliances, city), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["units"] == [city.unit_1.pk]
    activity = Activity.objects.get()
    assert activity.created_by == alliances.c1_secretary
    data = client.get("/api/v1/activities/", {"kind": "volunteer_service", "under": city.c1.pk}).json()
    assert data["count"] == 1
    assert data["results"][0]["title"] == "义诊进社区"
    assert client.get("/api/v1/activities/", {"kind": "visit"}).json()["count"] == 0


def test_api_refuses_a_non_member_unit_with_field_errors(client, alliances, city):
    client.force_login(alliances.c1_secretary)
    response = client.post(
        "/api/v1/activities/", api_payload(alliances, city, units=[city.unit_3.pk]), content_type="application/json"
    )
    assert response.status_code == 400
    assert "units" in response.json()["error"]["fields"]
    response = client.post(
        "/api/v1/activities/",
        api_payload(alliances, city, kind="training", unnamed_households=5),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "unnamed_households" in response.json()["error"]["fields"]
    assert not Activity.objects.exists()


def test_api_bad_filter_is_a_400(client, alliances):
    client.force_login(alliances.c1_secretary)
    assert client.get("/api/v1/activities/", {"period_after": "yesterday"}).status_code == 400


def test_api_create_in_an_alliance_outside_scope_or_read_only(client, alliances, city):
    client.force_login(alliances.c2_secretary)
    response = client.post("/api/v1/activities/", api_payload(alliances, city), content_type="application/json")
    assert response.status_code == 400  # the alliance is not even visible
    assert "alliance" in response.json()["error"]["fields"]
    client.force_login(alliances.city_office)
    response = client.post("/api/v1/activities/", api_payload(alliances, city), content_type="application/json")
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_api_update_by_organiser_admin_and_not_by_the_city_office(client, alliances, city):
    activity = record(alliances, organiser_unit=city.unit_1, units=[city.unit_1])
    client.force_login(alliances.unit_1_admin)
    response = client.patch(
        f"/api/v1/activities/{activity.pk}/", {"unnamed_participants": 33}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["units"] == [city.unit_1.pk]
    activity.refresh_from_db()
    assert activity.unnamed_participants == 33
    client.force_login(alliances.city_office)
    response = client.patch(
        f"/api/v1/activities/{activity.pk}/", {"unnamed_participants": 1}, content_type="application/json"
    )
    assert response.status_code == 403
    client.force_login(alliances.unit_3_admin)
    response = client.patch(
        f"/api/v1/activities/{activity.pk}/", {"unnamed_participants": 1}, content_type="application/json"
    )
    assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.unnamed_participants == 33


def test_api_photo_upload(client, alliances):
    activity = record(alliances)
    client.force_login(alliances.c1_secretary)
    url = f"/api/v1/activities/{activity.pk}/photos/"
    fake = SimpleUploadedFile("fake.jpg", b"GIF89a-but-not-really", content_type="image/jpeg")
    response = client.post(url, {"image": fake})
    assert response.status_code == 400
    assert "not an image" in response.json()["error"]["fields"]["image"][0]
    real = SimpleUploadedFile("real.png", png_bytes(), content_type="image/png")
    response = client.post(url, {"image": real, "caption": "现场"})
    assert response.status_code == 201, response.json()
    assert response.json()["caption"] == "现场"
    assert activity.photos.count() == 1
    client.force_login(alliances.city_office)
    real = SimpleUploadedFile("real.png", png_bytes(), content_type="image/png")
    assert client.post(url, {"image": real}).status_code == 403


def test_api_list_queries_do_not_grow_with_rows(client, alliances, city, django_assert_max_num_queries):
    client.force_login(alliances.street_secretary)
    record(alliances, units=[city.unit_1])
    with django_assert_max_num_queries(25) as one:
        client.get("/api/v1/activities/")
    for i in range(10):
        record(alliances, title=f"活动{i}", units=[city.unit_1, city.unit_2])
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get("/api/v1/activities/").json()["count"] == 11
