"""The site's own error pages: 400, 403, 404 and 500 in the site's layout, translated, fit for a phone; the
500 page is rendered without the database or a request context (either may be what failed)."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.models import Role
from liaoyuan.core.views import server_error
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


@pytest.fixture
def chinese(client):
    client.cookies["django_language"] = "zh-hans"
    return client


def test_404_is_translated_in_the_layout(chinese, city):
    body = chinese.get("/no-such-page/").content.decode()
    assert "页面不存在" in body or "未找到" in body
    assert VIEWPORT in body and 'class="navbar' in body and 'lang="zh-hans"' in body


def test_404_for_a_signed_in_user_keeps_the_navigation(chinese, city):
    chinese.force_login(user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1))
    body = chinese.get(f"/people/{city.resident_2.pk}/").content.decode()
    assert "组织架构" in body  # the menu of the user's role


def test_403_is_translated_in_the_layout(chinese, city):
    chinese.force_login(user_with_role(Role.CITY_OFFICE, node=city.city))
    response = chinese.get(f"/tree/{city.c1.pk}/edit/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权" in body and VIEWPORT in body and 'class="navbar' in body


def test_400_is_translated_in_the_layout(chinese, db):
    response = chinese.get("/calendar/%00.ics")
    assert response.status_code == 400
    body = response.content.decode()
    assert "请求有误" in body and VIEWPORT in body and 'class="navbar' in body


def test_500_needs_no_database_and_no_request_context():
    request = RequestFactory().get("/alliances/")  # no session, no user, no middleware
    with translation.override("zh-hans"), CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert len(queries) == 0
    assert "服务器出错" in body and VIEWPORT in body and 'class="navbar' in body
    assert 'lang="zh-hans"' in body and "bootstrap" in body


def test_500_speaks_english_when_chosen():
    with translation.override("en"):
        body = server_error(RequestFactory().get("/")).content.decode()
    assert "Something went wrong" in body and 'lang="en"' in body


def test_api_errors_keep_the_error_shape(client, db):
    body = client.get("/api/v1/no-such-endpoint/").json()
    assert body["error"]["status"] == 404
    assert server_error(RequestFactory().get("/api/v1/alliances/")).status_code == 500
