"""The responsibilities' project filter: a city holds thousands of projects, so they are searched, not listed."""

import pytest

from ledgers.services import projects as project_services
from tests.alliances.test_pickers import select_options

pytestmark = pytest.mark.django_db


def _projects(people, city):
    project_services.project_create(user=people.c1, node=city.c1, title="东艺助餐点", owner_name="张三")
    project_services.project_create(user=people.c3, node=city.c3, title="北寿助餐点", owner_name="李四")


def test_a_long_list_of_projects_is_searched_instead_of_listed(client, people, city, settings):
    _projects(people, city)
    settings.PICKER_THRESHOLD = 1
    client.force_login(people.city_office)
    for url in ("/ledgers/responsibilities/", "/ledgers/excel/"):
        html = client.get(url).content.decode()
        assert 'hx-get="/pickers/ledger_project/"' in html, url
        assert select_options(html, "project") == [""], url


def test_the_project_search_offers_only_what_the_user_sees(client, people, city):
    _projects(people, city)
    client.force_login(people.street)  # street_1: communities c1 and c2, not c3
    html = client.get("/pickers/ledger_project/", {"q": "助餐点"}).content.decode()
    assert "东艺助餐点" in html and "北寿助餐点" not in html
