"""No list or feed shows a whole mainland mobile number, whoever looks: the staff's lists, the wish pages, the
API, the tracking page and the Open311 feed. Only the contact page (logged) shows it, to those handling the wish."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from grids.models import Node
from liaoyuan.core import pickers
from wishes.services import wishes as services

pytestmark = pytest.mark.django_db
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def test_no_list_feed_or_page_shows_a_whole_phone(city, wishes):
    typed = "请打13812345678联系我"
    submitted = wishes.submit(city, description=typed, contact_name="王小明")
    dispatched = wishes.dispatched(city, description=typed, title="电话13700001111")
    services.wish_progress(user=wishes.unit_admin, wish=dispatched, note="已联系13600002222")
    accepted = wishes.accepted(city, description=typed)
    urls = [
        "/wishes/staff/",
        "/wishes/staff/claim/",
        "/api/v1/wishes/",
        *[f"/wishes/staff/{w.pk}/" for w in (submitted, dispatched, accepted)],
        *[f"/api/v1/wishes/{w.pk}/" for w in (submitted, dispatched, accepted)],
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{dispatched.pk}.json",
    ]
    checked = 0
    for user in (wishes.secretary, wishes.street, wishes.chief, wishes.unit_admin, wishes.member, None):
        web, api = Client(), APIClient()
        if user is not None:
            web.force_login(user)
            api.force_authenticate(user)
        for url in urls:
            response = (api if url.startswith("/api/") else web).get(url)
            if response.status_code == 200:
                body = response.content.decode()
                assert not MOBILE.search(body), (url, user, MOBILE.search(body).group(0))
                assert "王小明" not in body
                checked += 1
    tracker = Client()
    tracker.post(reverse("wishes:track"), {"code": dispatched.tracking_code, "last_four": "5678"})
    page = tracker.get(reverse("wishes:tracked", args=[dispatched.tracking_code])).content.decode()
    assert not MOBILE.search(page)
    assert checked > 30


def test_the_building_picker_searches_only_where_the_user_enters_wishes(city, wishes):
    found = pickers.matches(user=wishes.street, name="building", term="1号楼")
    assert {pk for pk, _label in found} == {city.building_1.pk, Node.objects.get_parent(city.stairwell_2).pk}
    assert pickers.matches(user=wishes.chief, name="building", term="1号楼") == [(city.building_1.pk, "1号楼")]
    assert pickers.matches(user=wishes.unit_admin, name="building", term="楼") == []
