"""Every list of the wishes costs the same number of queries for 3 rows as for 9 (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from wishes.services import wishes as services

pytestmark = pytest.mark.django_db
PAGES = [
    "/wishes/staff/",
    "/wishes/staff/claim/",
    "/wishes/menu/",
    "/api/v1/wishes/",
    "/api/v1/service-menu/",
    "/open311/v2/requests.json",  # the public feed reads only the columns it shows: none may cost a query a row
]


def _make(city, wishes, n):
    for _i in range(n):
        wish = wishes.dispatched(city)
        services.wish_progress(user=wishes.unit_admin, wish=wish, note="在办")
        wishes.accepted(city)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_a_list_costs_the_same_queries_for_three_times_the_rows(city, wishes, url, client):
    from wishes.services import menu

    for account in (wishes.secretary, wishes.unit_admin):
        web = APIClient() if url.startswith("/api/") else client
        web.force_login(account)
        _make(city, wishes, 1)
        menu.item_create(user=wishes.secretary, community=city.c1, title=f"服务{timezone.now().timestamp()}")
        few = _count(web, url)
        _make(city, wishes, 2)
        for i in range(2):
            menu.item_create(user=wishes.secretary, community=city.c1, title=f"服务{i}{timezone.now().timestamp()}")
        assert _count(web, url) == few, (url, account)
