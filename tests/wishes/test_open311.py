"""Open311 GeoReport v2 conformance: every endpoint in XML and JSON, the filters and limits, posting with an
API key, the standard's error list with 400, 403 and 404, and a public feed that never carries a phone."""

import gzip
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses the portal's own answers

import pytest
from django.urls import reverse

from wishes.models import Wish
from wishes.services import menu
from wishes.services import wishes as services
from wishes.services.keys import api_key_issue, api_key_revoke

pytestmark = pytest.mark.django_db


def fromstring(content: bytes):
    return ET.fromstring(content)  # noqa: S314 - the portal's own answer


FORMATS = ("json", "xml")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def parse(response):
    """Returns the body as Python data: JSON as is, XML as (root tag, [child element dicts])."""
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)
    root = fromstring(response.content)
    return root.tag, [{child.tag: child for child in element} for element in root]


@pytest.fixture
def key(db):
    return api_key_issue(name="微信小程序")[1]


def post(client, key, city, fmt="json", **extra):
    data = {
        "api_key": key,
        "service_code": "wish",
        "address_id": city.stairwell_1.pk,
        "description": "帮忙换灯泡\n楼道灯坏了",
        "phone": "13912345678",
        "first_name": "小明",
        "last_name": "王",
    }
    data.update(extra)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(reverse("open311:requests", kwargs={"fmt": fmt}), data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_lists_the_endpoint(client, fmt):
    response = client.get(reverse("open311:discovery", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    if fmt == "json":
        endpoint = parse(response)["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["formats"] == ["text/xml", "application/json"]
        assert endpoint["url"].endswith("/open311/v2/")
    else:
        root = fromstring(response.content)
        assert root.tag == "discovery"
        assert [f.text for f in root.find("endpoints/endpoint/formats")] == ["text/xml", "application/json"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_list_the_wish_and_each_menu_item(client, wishes, fmt):
    response = client.get(reverse("open311:services", kwargs={"fmt": fmt}))
    assert response.status_code == 200
    if fmt == "json":
        services_ = parse(response)
        assert [s["service_code"] for s in services_] == ["wish", wishes.meals.service_code]
        assert services_[1]["metadata"] is True and services_[1]["type"] == "realtime"
    else:
        tag, services_ = parse(response)
        assert tag == "services"
        assert [s["service_code"].text for s in services_] == ["wish", wishes.meals.service_code]
        assert services_[1]["metadata"].text == "true"


def test_the_citys_service_list_is_kept_for_the_stated_time_and_a_community_list_is_fresh(client, wishes, city):
    url = reverse("open311:services", kwargs={"fmt": "json"})
    first = client.get(url)
    assert "max-age=300" in first["Cache-Control"] and "public" in first["Cache-Control"]
    repairs = menu.item_create(user=wishes.secretary, community=city.c1, title="上门维修", provider="物业")

    assert client.get(url).content == first.content  # the whole city's list: from the shared cache
    narrowed = {s["service_code"]: s for s in parse(client.get(url, {"community": city.c1.pk}))}
    assert narrowed[repairs.service_code]["metadata"] is False  # no question asked
    assert narrowed[wishes.meals.service_code]["metadata"] is True


def test_without_a_cache_time_the_citys_service_list_is_built_on_each_request(client, wishes, city, settings):
    settings.OPEN311_SERVICES_SECONDS = 0
    url = reverse("open311:services", kwargs={"fmt": "xml"})
    client.get(url)
    repairs = menu.item_create(user=wishes.secretary, community=city.c1, title="上门维修", provider="物业")
    _, services_ = parse(client.get(url))
    assert repairs.service_code in [s["service_code"].text for s in services_]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_definition_carries_the_questions_as_attributes(client, wishes, fmt):
    response = client.get(reverse("open311:service", kwargs={"code": wishes.meals.service_code, "fmt": fmt}))
    assert response.status_code == 200
    if fmt == "json":
        attributes = parse(response)["attributes"]
        assert [(a["code"], a["datatype"], a["required"], a["order"]) for a in attributes] == [
            ("portions", "number", True, 1),
            ("meal", "singlevaluelist", False, 2),
        ]
        assert attributes[1]["values"] == [{"key": "午餐", "name": "午餐"}, {"key": "晚餐", "name": "晚餐"}]
    else:
        root = fromstring(response.content)
        assert root.tag == "service_definition"
        assert [v.find("key").text for v in root.find("attributes/attribute[2]/values")] == ["午餐", "晚餐"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_creates_a_request_and_answers_its_id_and_token(client, city, wishes, key, fmt):
    response = post(client, key, city, fmt)
    assert response.status_code == 201
    wish = Wish.objects.get()
    assert (wish.channel, wish.title, wish.community, wish.contact_name) == ("open311", "帮忙换灯泡", city.c1, "王小明")
    if fmt == "json":
        (answer,) = parse(response)
        assert answer["service_request_id"] == str(wish.pk) and answer["token"] == wish.tracking_code
    else:
        tag, (answer,) = parse(response)
        assert tag == "service_requests" and answer["service_request_id"].text == str(wish.pk)


def test_post_an_order_with_its_attributes(client, city, wishes, key):
    response = post(client, key, city, service_code=wishes.meals.service_code, **{"attribute[portions]": "2"})
    assert response.status_code == 201
    assert Wish.objects.get().answers == {"portions": "2"}
    bad = post(client, key, city, service_code=wishes.meals.service_code, **{"attribute[portions]": "许多"})
    assert bad.status_code == 400 and "answers.portions" in parse(bad)[0]["description"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"api_key": None}, 403),
        ({"api_key": "wrong"}, 403),
        ({"service_code": None}, 400),
        ({"service_code": "menu-999999"}, 404),
        ({"address_id": None}, 400),
        ({"address_id": "abc"}, 400),
        ({"phone": "12"}, 400),
        ({"jurisdiction_id": "elsewhere"}, 404),
    ],
)
def test_post_errors_are_the_standards_error_list(client, city, wishes, key, fmt, change, status):
    response = post(client, key, city, fmt, **change)
    assert response.status_code == status
    if fmt == "json":
        (err,) = parse(response)
        assert err["code"] == status and err["description"]
    else:
        tag, (err,) = parse(response)
        assert tag == "errors" and err["code"].text == str(status) and err["description"].text
    assert not Wish.objects.exists()


def test_a_revoked_key_is_refused(client, city, wishes):
    key, secret = api_key_issue(name="热线")
    api_key_revoke(key=key)
    assert post(client, secret, city).status_code == 403


def test_a_flood_of_posts_is_refused_with_429(client, city, wishes, key, settings):
    settings.WISHES_RATE_LIMITS = {"open311_post": (2, 3600), "submit_phone": (99, 60)}
    answers = [post(client, key, city).status_code for _i in range(4)]
    assert answers == [201, 201, 429, 429]
    assert Wish.objects.count() == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_requests_maps_statuses_to_open_and_closed(client, city, wishes, fmt):
    open_wish = wishes.accepted(city)
    declined = services.wish_decline(user=wishes.secretary, wish=wishes.submit(city), reason="不属于服务范围")
    url = reverse("open311:requests", kwargs={"fmt": fmt})
    for status, expected in (("open", [open_wish.pk]), ("closed", [declined.pk]), ("open,closed", None)):
        data = parse(client.get(url, {"status": status}))
        rows = data if fmt == "json" else data[1]
        ids = [int(r["service_request_id"] if fmt == "json" else r["service_request_id"].text) for r in rows]
        assert ids == (expected or [declined.pk, open_wish.pk])
    (row,) = parse(client.get(url, {"service_request_id": str(declined.pk)}))[:1] if fmt == "json" else [None]
    if fmt == "json":
        assert (row["status"], row["status_notes"]) == ("closed", "Declined: 不属于服务范围")


def test_get_requests_filters_by_service_code_date_and_limit(client, city, wishes):
    wishes.submit(city)
    order = wishes.submit(city, kind="order", item=wishes.meals, answers={"portions": "1"})
    url = reverse("open311:requests", kwargs={"fmt": "json"})
    assert [r["service_request_id"] for r in parse(client.get(url, {"service_code": wishes.meals.service_code}))] == [
        str(order.pk)
    ]
    assert len(parse(client.get(url, {"limit": "1"}))) == 1
    assert parse(client.get(url, {"start_date": "2099-01-01T00:00:00+08:00"})) == []
    for bad in ({"limit": "0"}, {"status": "pending"}, {"start_date": "yesterday"}, {"service_code": "nope"}):
        response = client.get(url, bad)
        assert response.status_code == 400 and parse(response)[0]["code"] == 400


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request_and_a_token(client, city, wishes, fmt):
    wish = wishes.submit(city)
    one = client.get(reverse("open311:request", kwargs={"pk": wish.pk, "fmt": fmt}))
    assert one.status_code == 200
    missing = client.get(reverse("open311:request", kwargs={"pk": "999999", "fmt": fmt}))
    assert missing.status_code == 404
    by_token = client.get(reverse("open311:token", kwargs={"token": wish.tracking_code, "fmt": fmt}))
    assert by_token.status_code == 200 and str(wish.pk).encode() in by_token.content
    assert client.get(reverse("open311:token", kwargs={"token": "NOPE", "fmt": fmt})).status_code == 404


def test_the_public_feed_never_carries_a_phone_or_a_name(client, city, wishes):
    wishes.submit(city, description="请打我电话13812345678", contact_name="王小明")
    for fmt in FORMATS:
        body = client.get(reverse("open311:requests", kwargs={"fmt": fmt})).content.decode()
        assert not MOBILE.search(body), body
        assert "王小明" not in body and "138****5678" in body


def test_the_lists_are_sent_compressed_to_a_client_that_accepts_gzip_and_a_post_is_not(client, city, wishes, key):
    for _i in range(3):
        wishes.submit(city)
    for name in ("requests", "services"):
        url = reverse(f"open311:{name}", kwargs={"fmt": "json"})
        plain = client.get(url)
        packed = client.get(url, headers={"accept-encoding": "gzip, deflate"})
        assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
        assert len(packed.content) < len(plain.content)
        assert json.loads(gzip.decompress(packed.content)) == json.loads(plain.content)
    data = {"api_key": key, "service_code": "wish", "address_id": city.stairwell_1.pk, "phone": "13912345678"}
    created = client.post(
        reverse("open311:requests", kwargs={"fmt": "json"}),
        {**data, "description": "帮忙换灯泡"},
        headers={"accept-encoding": "gzip"},
    )
    assert created.status_code == 201 and not created.has_header("Content-Encoding")
    assert json.loads(created.content)[0]["token"]


def test_an_unknown_service_definition_is_404(client, wishes):
    response = client.get(reverse("open311:service", kwargs={"code": "menu-0", "fmt": "xml"}))
    assert response.status_code == 404 and fromstring(response.content).tag == "errors"
