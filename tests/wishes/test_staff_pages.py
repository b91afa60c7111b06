"""The staff's pages: the queue (special care first, phones masked), triage, dispatch, claims, progress; the
whole contact only for those handling the wish, each view logged."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from wishes.models import ContactView, Wish

pytestmark = pytest.mark.django_db
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def test_the_queue_puts_special_care_first_and_masks_phones(client, city, wishes):
    wishes.submit(city, title="普通心愿")
    wishes.submit(city, title="独居老人心愿", care_group="elderly_alone")
    client.force_login(wishes.secretary)
    response = client.get(reverse("wishes:list"))
    titles = [w.title for w in response.context["page"]]
    assert titles == ["独居老人心愿", "普通心愿"]
    page = response.content.decode()
    assert not MOBILE.search(page) and "139****5678" in page


def test_the_neighbour_community_sees_nothing_and_gets_404(client, city, wishes):
    wish = wishes.submit(city)
    client.force_login(wishes.neighbour)
    assert list(client.get(reverse("wishes:list")).context["page"]) == []
    assert client.get(reverse("wishes:detail", args=[wish.pk])).status_code == 404


def test_triage_and_dispatch_from_the_page(client, city, wishes):
    wish = wishes.submit(city)
    client.force_login(wishes.secretary)
    client.post(reverse("wishes:accept", args=[wish.pk]), {"accept-note": "好的"})
    promised = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("wishes:dispatch", args=[wish.pk]),
        {"dispatch-provider_kind": "unit", "dispatch-provider_unit": city.unit_1.pk, "dispatch-promised_on": promised},
    )
    assert response.status_code == 302
    wish.refresh_from_db()
    assert (wish.status, wish.provider_unit, wish.promised_on.isoformat()) == ("dispatched", city.unit_1, promised)


def test_a_refused_dispatch_keeps_what_was_typed(client, city, wishes):
    wish = wishes.accepted(city)
    client.force_login(wishes.secretary)
    response = client.post(
        reverse("wishes:dispatch", args=[wish.pk]),
        {"dispatch-provider_kind": "team", "dispatch-provider_name": "", "dispatch-promised_on": "2020-01-01"},
    )
    assert response.status_code == 400
    assert response.context["forms"]["dispatch"].errors


def test_a_unit_claims_from_the_list_of_open_wishes(client, city, wishes):
    wish = wishes.accepted(city)
    client.force_login(wishes.unit_admin)
    assert [w.pk for w in client.get(reverse("wishes:claimable")).context["page"]] == [wish.pk]
    assert client.get(reverse("wishes:detail", args=[wish.pk])).status_code == 404  # not theirs yet
    client.post(reverse("wishes:claim", args=[wish.pk]), {"claim-promised_on": timezone.localdate().isoformat()})
    assert Wish.objects.get(pk=wish.pk).provider_unit == city.unit_1
    assert client.get(reverse("wishes:detail", args=[wish.pk])).status_code == 200
    client.post(reverse("wishes:complete", args=[wish.pk]), {"complete-note": "已完成"})
    assert Wish.objects.get(pk=wish.pk).status == "done"


def test_the_contact_page_is_for_those_handling_the_wish_and_is_logged(client, city, wishes):
    wish = wishes.dispatched(city)
    client.force_login(wishes.chief)  # sees the wish in the grid, not the contact
    assert client.get(reverse("wishes:detail", args=[wish.pk])).status_code == 200
    assert client.get(reverse("wishes:contact", args=[wish.pk])).status_code == 403
    client.force_login(wishes.unit_admin)
    assert "13912345678" in client.get(reverse("wishes:contact", args=[wish.pk])).content.decode()
    assert list(ContactView.objects.values_list("user", "channel")) == [(wishes.unit_admin.pk, "web")]


def test_a_chief_enters_a_wish_from_a_home_visit(client, city, wishes):
    client.force_login(wishes.chief)
    response = client.post(
        reverse("wishes:create"),
        {"building": city.stairwell_1.pk, "title": "代买药", "contact_phone": "13800001111", "channel": "home_visit"},
    )
    wish = Wish.objects.get()
    assert response.status_code == 302 and (wish.channel, wish.submitted_by) == ("home_visit", wishes.chief)


def test_staff_add_a_menu_item_with_a_question(client, city, wishes):
    client.force_login(wishes.secretary)
    response = client.post(
        reverse("wishes:item_create"), {"community": city.c1.pk, "title": "理发上门", "is_active": "on"}
    )
    item = wishes.meals.__class__.objects.get(title="理发上门")
    assert response.status_code == 302
    client.post(reverse("wishes:question_add", args=[item.pk]), {"code": "when", "label": "哪天", "kind": "date"})
    assert list(item.questions.values_list("code", flat=True)) == ["when"]


def test_a_reply_template_stands_in_for_an_empty_reason(client, city, wishes):
    from wishes.services.menu import reply_template_add

    template = reply_template_add(user=wishes.secretary, community=city.c1, title="不属于范围", text="请拨打12345")
    wish = wishes.submit(city)
    client.force_login(wishes.secretary)
    response = client.post(reverse("wishes:decline", args=[wish.pk]), {"decline-reply": template.pk})
    assert response.status_code == 302
    assert Wish.objects.get(pk=wish.pk).reason == "请拨打12345"


def test_a_template_of_another_community_is_not_offered(client, city, wishes):
    from wishes.services.menu import reply_template_add

    other = reply_template_add(user=wishes.neighbour, community=city.c2, title="别处", text="别处的回复")
    wish = wishes.submit(city)
    client.force_login(wishes.secretary)
    response = client.post(reverse("wishes:decline", args=[wish.pk]), {"decline-reply": other.pk})
    assert response.status_code == 400 and Wish.objects.get(pk=wish.pk).status == "submitted"


def test_staff_add_reply_templates_for_their_community(client, city, wishes):
    client.force_login(wishes.secretary)
    client.post(reverse("wishes:replies"), {"community": city.c1.pk, "title": "已受理", "text": "已受理，请等候"})
    assert [t.title for t in client.get(reverse("wishes:replies")).context["page"]] == ["已受理"]
    client.force_login(wishes.unit_admin)
    assert (
        client.post(reverse("wishes:replies"), {"community": city.c1.pk, "title": "x", "text": "y"}).status_code == 403
    )


def test_the_provider_adds_a_photo_of_the_result(client, city, wishes, tmp_path, settings):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    wish = wishes.dispatched(city)
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(picture, "JPEG")
    client.force_login(wishes.unit_admin)
    bad = client.post(
        reverse("wishes:complete", args=[wish.pk]),
        {"complete-photo": SimpleUploadedFile("x.jpg", b"not an image")},
    )
    assert bad.status_code == 400 and Wish.objects.get(pk=wish.pk).status == "dispatched"
    client.post(
        reverse("wishes:complete", args=[wish.pk]),
        {"complete-note": "换好了", "complete-photo": SimpleUploadedFile("x.jpg", picture.getvalue())},
    )
    event = Wish.objects.get(pk=wish.pk).events.get(status_to="done")
    assert event.photo.name.startswith("wishes/done/")
    url = reverse("wishes:event_photo", args=[wish.pk, event.pk])
    assert client.get(url).status_code == 200
    client.force_login(wishes.neighbour)
    assert client.get(url).status_code == 404
