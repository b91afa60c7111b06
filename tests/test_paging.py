"""City-wide lists count at most LIST_COUNT_CAP rows: "10,000+" beyond it, on the web pages and in the API."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from grids.models import Node
from liaoyuan.core.paging import CappedPaginator, page_of
from tests.factories import user_with_role


@pytest.fixture
def office(city):
    return user_with_role(Role.CITY_OFFICE, node=city.city)


def test_a_list_below_the_cap_is_counted_exactly(city):
    paginator = CappedPaginator(Node.objects.all(), 5, cap=100)
    assert (paginator.count, paginator.capped, paginator.count_label) == (14, False, "14")
    assert paginator.num_pages == 3 and paginator.num_pages_label == "3"


def test_a_list_over_the_cap_counts_no_further_than_the_cap(city):
    paginator = CappedPaginator(Node.objects.order_by("path"), 2, cap=4)
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.capped, paginator.count_label) == (4, True, "4+")
    assert len(queries) == 1 and "LIMIT 5" in queries[0]["sql"] and "ORDER BY" not in queries[0]["sql"]
    assert paginator.num_pages_label == "2+"


def test_pages_reach_the_rows_up_to_the_cap(city):
    rows = Node.objects.order_by("path")
    page = page_of(RequestFactory().get("/", {"page": "99"}), rows, 2)
    assert page.number == 7 and not page.has_next()  # below the cap: all 14 nodes on 7 pages
    paginator = CappedPaginator(rows, 2, cap=4)
    last = paginator.get_page(99)
    assert last.number == 2 and not last.has_next()
    assert [node.pk for node in last.object_list] == [node.pk for node in rows[2:4]]


def test_a_list_of_python_rows_is_counted_by_its_length():
    paginator = CappedPaginator(list(range(7)), 5, cap=5)
    assert (paginator.count, paginator.capped) == (5, True)


def test_a_city_wide_page_says_how_far_it_counted(client, city, office, settings):
    settings.LIST_COUNT_CAP = 1
    client.force_login(office)
    response = client.get(reverse("units:list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count_label == "1+"
    assert b'<small class="text-muted fs-6">1+</small>' in response.content


def test_the_api_says_when_its_count_is_capped(client, city, office, settings):
    client.force_login(office)
    answer = client.get("/api/v1/nodes/").json()
    assert answer["count"] == 14 and answer["count_is_capped"] is False
    settings.LIST_COUNT_CAP = 3
    answer = client.get("/api/v1/nodes/?page_size=2").json()
    assert answer["count"] == 3 and answer["count_is_capped"] is True and len(answer["results"]) == 2
