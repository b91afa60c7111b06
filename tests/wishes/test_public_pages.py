"""The resident's pages on a phone, without an account: order or write a wish, follow it by code and the last
four digits of the phone, rate it and reopen it; what the pages refuse (robots, floods, wrong digits)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from wishes.models import Wish
from wishes.services import wishes as services

pytestmark = pytest.mark.django_db


def form_data(city, **extra):
    data = {"building": city.building_1.pk, "title": "帮忙修水管", "contact_phone": "13912345678", "door": "302"}
    data.update(extra)
    return data


def track(client, wish, last_four="5678"):
    return client.post(reverse("wishes:track"), {"code": wish.tracking_code.lower(), "last_four": last_four})


def test_a_resident_writes_a_wish_and_gets_a_tracking_code(client, city, wishes):
    response = client.post(reverse("wishes:submit", args=[city.c1.pk]), form_data(city))
    wish = Wish.objects.get()
    assert response.status_code == 200
    assert wish.tracking_code in response.content.decode()
    assert (wish.community, wish.channel, wish.door) == (city.c1, "web", "302")
    assert client.get(reverse("wishes:tracked", args=[wish.tracking_code])).status_code == 200


def test_an_order_asks_the_items_questions_and_keeps_what_was_typed(client, city, wishes):
    url = reverse("wishes:submit", args=[city.c1.pk]) + f"?item={wishes.meals.pk}"
    page = client.get(url).content.decode()
    assert "几份" in page and "午餐" in page
    response = client.post(url, form_data(city, answer_meal="午餐", contact_phone="123"))
    assert response.status_code == 200 and not Wish.objects.exists()
    assert "帮忙修水管" in response.content.decode()  # kept
    client.post(url, form_data(city, answer_portions="2", answer_meal="午餐"))
    assert Wish.objects.get().answers == {"portions": "2", "meal": "午餐"}


def test_a_building_of_another_community_is_not_offered(client, city, wishes):
    response = client.post(reverse("wishes:submit", args=[city.c1.pk]), form_data(city, building=city.stairwell_2.pk))
    assert "building" in response.context["form"].errors
    assert not Wish.objects.exists()


def test_the_honeypot_stores_nothing_and_says_nothing(client, city, wishes):
    response = client.post(reverse("wishes:submit", args=[city.c1.pk]), form_data(city, website="http://spam"))
    assert response.status_code == 200
    assert not Wish.objects.exists()


def test_a_flood_from_one_address_is_refused_with_429_and_nothing_else_changes(client, city, wishes, settings):
    settings.WISHES_RATE_LIMITS = {"submit_ip": (3, 3600)}
    url = reverse("wishes:submit", args=[city.c1.pk])
    answers = [client.post(url, form_data(city, contact_phone=f"1391234567{i}")).status_code for i in range(6)]
    assert answers[:3] == [200, 200, 200]
    assert set(answers[3:]) == {429}
    assert Wish.objects.count() == 3


def test_one_phone_may_send_only_so_many_wishes_a_day(client, city, wishes, settings):
    settings.WISHES_RATE_LIMITS = {"submit_phone": (2, 86400)}
    url = reverse("wishes:submit", args=[city.c1.pk])
    answers = [client.post(url, form_data(city), REMOTE_ADDR=f"10.0.0.{i}").status_code for i in range(3)]
    assert answers == [200, 200, 429]


def test_a_photo_is_checked_by_its_content(client, city, wishes):
    url = reverse("wishes:submit", args=[city.c1.pk])
    fake = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = client.post(url, {**form_data(city), "photo": fake})
    assert response.context["form"].errors.get("photo") and not Wish.objects.exists()
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(picture, "PNG")
    client.post(url, {**form_data(city), "photo": SimpleUploadedFile("x.png", picture.getvalue())})
    assert Wish.objects.get().photo.name.startswith("wishes/")


def test_tracking_needs_the_code_and_the_last_four_digits(client, city, wishes):
    wish = wishes.submit(city)
    assert client.get(reverse("wishes:tracked", args=[wish.tracking_code])).status_code == 404
    wrong_digits = track(client, wish, "1234")
    unknown_code = client.post(reverse("wishes:track"), {"code": "ZZZZZZZZ", "last_four": "5678"})
    assert wrong_digits.status_code == unknown_code.status_code == 200
    errors = [r.context["form"].non_field_errors() for r in (wrong_digits, unknown_code)]
    assert errors[0] == errors[1]  # the same answer: no oracle for which codes exist
    assert track(client, wish).status_code == 302
    page = client.get(reverse("wishes:tracked", args=[wish.tracking_code])).content.decode()
    assert wish.title in page and "13912345678" not in page


def test_guessing_the_digits_of_one_code_is_stopped(client, city, wishes, settings):
    settings.WISHES_RATE_LIMITS = {"track_code": (3, 3600)}
    wish = wishes.submit(city)
    answers = [track(client, wish, f"{i:04d}").status_code for i in range(3)]
    assert answers == [200, 200, 200]
    assert track(client, wish).status_code == 429  # even the right digits, once the code is locked


def test_the_resident_rates_a_done_wish_and_may_reopen_it(client, city, wishes):
    wish = services.wish_complete(user=wishes.unit_admin, wish=wishes.dispatched(city))
    track(client, wish)
    page = client.get(reverse("wishes:tracked", args=[wish.tracking_code]))
    assert page.context["rate_form"] is not None
    bad = client.post(reverse("wishes:rate", args=[wish.tracking_code]), {"rating": "9"})
    assert bad.status_code == 400
    client.post(reverse("wishes:rate", args=[wish.tracking_code]), {"rating": "4", "comment": "不错"})
    assert Wish.objects.get(pk=wish.pk).rating == 4
    client.post(reverse("wishes:reopen", args=[wish.tracking_code]), {"note": "又漏水了"})
    assert Wish.objects.get(pk=wish.pk).status == Wish.Status.REOPENED


def test_rating_someone_elses_wish_without_the_digits_is_404(client, city, wishes):
    wish = services.wish_complete(user=wishes.unit_admin, wish=wishes.dispatched(city))
    response = client.post(reverse("wishes:rate", args=[wish.tracking_code]), {"rating": "1"})
    assert response.status_code == 404
    assert Wish.objects.get(pk=wish.pk).rating is None


def test_html_in_a_wish_is_shown_as_text(client, city, wishes):
    wish = wishes.submit(city, title="<script>alert(1)</script>")
    track(client, wish)
    page = client.get(reverse("wishes:tracked", args=[wish.tracking_code])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_community_page_shows_its_menu(client, city, wishes):
    page = client.get(reverse("wishes:community", args=[city.c1.pk])).content.decode()
    assert "送餐上门" in page
    assert client.get(reverse("wishes:start"), {"q": "东艺"}).context["communities"] == [city.c1]
