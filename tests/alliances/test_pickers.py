"""Search-as-you-type pickers: a long choice list is searched, not rendered; what they offer stays in scope,
a chosen value survives a form re-shown with errors, and the server still checks the id."""

import re

import pytest

from tests.factories import MemberUnitFactory

pytestmark = pytest.mark.django_db


def select_options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return re.findall(r'<option value="([^"]*)"', select.group(1))


def test_a_short_list_is_a_plain_select(client, alliances, city):
    client.force_login(alliances.street_secretary)
    html = client.get("/alliances/meetings/").content.decode()
    assert "data-picker" not in html
    assert str(city.c1.pk) in select_options(html, "under")
    assert str(alliances.c1.pk) in select_options(html, "alliance")


def test_a_long_list_is_searched_instead_of_listed(client, alliances, city, settings):
    settings.PICKER_THRESHOLD = 1
    client.force_login(alliances.city_office)
    html = client.get("/alliances/meetings/").content.decode()
    assert 'hx-get="/pickers/alliance/"' in html
    assert 'hx-get="/pickers/area/"' in html
    assert select_options(html, "under") == [""]  # nothing listed until one is chosen
    assert select_options(html, "alliance") == [""]


def test_a_chosen_value_is_kept_when_the_form_comes_back_with_errors(client, alliances, city, settings):
    settings.PICKER_THRESHOLD = 2
    client.force_login(alliances.city_office)
    response = client.get(
        "/alliances/exports/meetings.xlsx",
        {"host_unit": city.unit_1.pk, "period_after": "2026-05-01", "period_before": "2026-01-01"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<option value="{city.unit_1.pk}" selected>' in html


def test_the_search_offers_only_what_the_user_sees(client, alliances, city):
    MemberUnitFactory(location=city.c3, name="北寿供热公司")
    MemberUnitFactory(location=city.c1, name="东艺供热公司")
    client.force_login(alliances.street_secretary)  # street_1: communities c1 and c2, not c3
    html = client.get("/pickers/unit/", {"q": "供热"}).content.decode()
    assert "东艺供热公司" in html
    assert "北寿供热公司" not in html


def test_an_unknown_picker_is_not_found_and_anonymous_visitors_sign_in(client, alliances):
    assert client.get("/pickers/unit/", {"q": "x"}).status_code == 302
    client.force_login(alliances.city_office)
    assert client.get("/pickers/nothing/").status_code == 404


def test_an_id_outside_the_scope_is_still_refused(client, alliances, city, settings):
    settings.PICKER_THRESHOLD = 1
    client.force_login(alliances.c1_secretary)
    response = client.get("/alliances/exports/meetings.csv", {"host_unit": city.unit_3.pk})
    assert response.status_code == 400
    assert f'value="{city.unit_3.pk}"' not in response.content.decode()
