"""The tree browser, the home page and the people/unit pages, as each role sees them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from grids.models import Node
from people.models import Duty, PersonalDataAccess
from tests.factories import (
    AllianceFactory,
    DutyFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    child,
    user_with_role,
)


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, first_name="赵书记")


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_chinese_by_default(client, db, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()
    assert "登录" in response.content.decode()


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(client, db, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert 'lang="zh-hans"' in response.content.decode()


def test_english_is_selectable(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"}, follow=True)
    assert 'lang="en"' in response.content.decode()
    assert "Sign in" in response.content.decode()


def test_home_shows_the_secretarys_community_counts(client, city, secretary):
    client.force_login(secretary)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    areas = response.context["areas"]
    assert [a["node"] for a in areas] == [city.c1]
    assert areas[0]["counts"]["grid"] == 1
    assert areas[0]["counts"]["households"] == 1


def test_home_of_a_resident_shows_their_own_record(client, city):
    user = user_with_role(Role.RESIDENT, person=city.resident_1)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.context["areas"] == []
    assert response.context["person"] == city.resident_1


def test_tree_index_sends_a_single_scope_to_its_node(client, city, secretary):
    client.force_login(secretary)
    response = client.get(reverse("grids:tree"))
    assert response.status_code == 302
    assert response.url == city.c1.get_absolute_url()


def test_tree_page_shows_children_with_chiefs_and_counts(client, city, secretary):
    chief = PersonFactory(household=city.household_1, name="孙网格")
    DutyFactory(person=chief, kind=Duty.Kind.GRID_CHIEF, node=city.grid_1)
    client.force_login(secretary)
    response = client.get(city.c1.get_absolute_url())
    assert response.status_code == 200
    row = response.context["page"].children[0]
    assert row.node == city.grid_1
    assert row.counts == {"building": 1, "stairwell": 1}
    assert row.households == 1
    assert "孙网格" in response.content.decode()


def test_tree_page_of_a_neighbouring_community_is_not_found(client, city, secretary):
    client.force_login(secretary)
    assert client.get(city.c2.get_absolute_url()).status_code == 404


def test_stairwell_page_masks_residents_names(client, city, secretary):
    client.force_login(secretary)
    body = client.get(city.stairwell_1.get_absolute_url()).content.decode()
    assert "王**" in body
    assert "王小明" not in body


def test_tree_page_query_count_does_not_grow_with_children(client, city, secretary, django_assert_max_num_queries):
    client.force_login(secretary)
    url = city.grid_1.get_absolute_url()
    client.get(url)  # warm the session and translations

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        building = child(city.grid_1, Node.Kind.BUILDING, f"{i + 2}号楼")
        stairwell = child(building, Node.Kind.STAIRWELL, "1单元")
        HouseholdFactory(node=stairwell)
        DutyFactory(person=city.resident_1, kind=Duty.Kind.BUILDING_CHIEF, node=building)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"].children) == 9
    community_page = client.get(city.c1.get_absolute_url()).context["page"]
    assert community_page.children[0].counts == {"building": 9, "stairwell": 9}
    assert community_page.children[0].households == 9


def test_home_counts_every_node_below(client, city, secretary):
    for i in range(3):
        child(city.grid_1, Node.Kind.BUILDING, f"{i + 2}号楼")
    client.force_login(secretary)
    counts = client.get(reverse("home")).context["areas"][0]["counts"]
    assert counts["building"] == 4
    assert counts["grid"] == 1


def test_secretary_adds_a_grid_under_their_community(client, city, secretary):
    client.force_login(secretary)
    response = client.post(reverse("grids:add_child", args=[city.c1.pk]), {"kind": "grid", "name": "第2网格"})
    assert response.status_code == 302
    assert Node.objects.filter(name="第2网格", path__startswith=city.c1.path, kind="grid").exists()


def test_adding_a_node_of_the_wrong_kind_keeps_what_was_typed(client, city, secretary):
    client.force_login(secretary)
    response = client.post(reverse("grids:add_child", args=[city.c1.pk]), {"kind": "building", "name": "错的楼"})
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]
    assert 'value="错的楼"' in response.content.decode()
    assert not Node.objects.filter(name="错的楼").exists()


def test_city_office_may_look_but_not_edit(client, city):
    user = user_with_role(Role.CITY_OFFICE, node=city.city)
    client.force_login(user)
    assert client.get(city.c1.get_absolute_url()).status_code == 200
    assert client.get(reverse("grids:edit", args=[city.c1.pk])).status_code == 403
    assert client.post(reverse("grids:add_child", args=[city.c1.pk]), {"kind": "grid", "name": "x"}).status_code == 403


def test_people_list_masks_names_and_phones(client, city, secretary):
    client.force_login(secretary)
    body = client.get(reverse("people:list")).content.decode()
    assert "王**" in body
    assert city.resident_1.phone not in body
    assert city.resident_1.phone[:3] + "****" + city.resident_1.phone[-4:] in body


def test_whole_personal_data_is_shown_to_the_secretary_and_logged(client, city, secretary):
    client.force_login(secretary)
    body = client.get(city.resident_1.get_absolute_url()).content.decode()
    assert "王小明" in body
    assert PersonalDataAccess.objects.filter(user=secretary, person=city.resident_1, channel="web").count() == 1


def test_city_office_sees_personal_data_masked_and_unlogged(client, city):
    user = user_with_role(Role.CITY_OFFICE, node=city.city)
    client.force_login(user)
    body = client.get(city.resident_1.get_absolute_url()).content.decode()
    assert "王小明" not in body
    assert not PersonalDataAccess.objects.exists()


def test_residents_see_their_own_data_whole_without_a_log_line(client, city):
    user = user_with_role(Role.RESIDENT, person=city.resident_1)
    client.force_login(user)
    assert "王小明" in client.get(city.resident_1.get_absolute_url()).content.decode()
    assert client.get(city.resident_2.get_absolute_url()).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_unit_admin_sees_only_their_unit(client, city):
    user = user_with_role(Role.UNIT_ADMIN, unit=city.unit_1)
    client.force_login(user)
    response = client.get(reverse("units:list"))
    assert list(response.context["page"]) == [city.unit_1]
    assert client.get(city.unit_2.get_absolute_url()).status_code == 404


def test_user_without_role_sees_an_empty_home(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["areas"] == []


@pytest.mark.parametrize(
    ("role", "node_attr", "expected"),
    [
        (Role.CITY_OFFICE, "city", {"districts_and_counties": 2, "streets_and_towns": 2, "community": 3}),
        (Role.DISTRICT_OFFICE, "district_a", {"streets_and_towns": 2, "community": 3}),
        (Role.STREET_SECRETARY, "street_1", {"community": 2, "grid": 2}),
    ],
)
def test_office_home_pages_count_their_area(client, city, role, node_attr, expected):
    client.force_login(user_with_role(role, node=getattr(city, node_attr)))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    counts = response.context["areas"][0]["counts"]
    assert {key: counts.get(key) for key in expected} == expected


def test_unit_admin_home_lists_the_alliances_of_the_unit(client, city):
    alliance = AllianceFactory(node=city.c1)
    MembershipFactory(alliance=alliance, unit=city.unit_1, chair_position=1)
    AllianceFactory(node=city.c2)
    client.force_login(user_with_role(Role.UNIT_ADMIN, unit=city.unit_1))
    response = client.get(reverse("home"))
    assert response.context["unit_alliances"] == [alliance]
    assert response.context["unit_alliances"][0].current_term is not None


def test_street_home_shows_this_periods_four_ones(client, city):
    alliance = AllianceFactory(node=city.c1)
    client.force_login(user_with_role(Role.STREET_SECRETARY, node=city.street_1))
    response = client.get(reverse("home"))
    report = response.context["four_ones"]
    assert [row.alliance for row in report.first_incomplete] == [alliance]
    assert (report.total, report.completed) == (1, 0)
    assert alliance.name in response.content.decode()
