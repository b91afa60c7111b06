"""The admin is scoped like every page for staff who are not superusers."""

import pytest
from django.urls import reverse

from accounts.models import Role
from people.models import PersonalDataAccess
from tests.factories import login_with_second_factor, user_with_role


@pytest.fixture
def staff_secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, is_staff=True)


def test_changelist_lists_only_nodes_in_scope(client, city, staff_secretary):
    login_with_second_factor(client, staff_secretary)
    response = client.get(reverse("admin:grids_node_changelist"))
    assert response.status_code == 200
    listed = set(response.context["cl"].result_list)
    assert city.c1 in listed and city.grid_1 in listed
    assert city.c2 not in listed and city.street_1 not in listed


def test_object_outside_scope_cannot_be_opened(client, city, staff_secretary):
    login_with_second_factor(client, staff_secretary)
    response = client.get(reverse("admin:units_memberunit_change", args=[city.unit_2.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect to its index
    assert response.url == reverse("admin:index")
    assert city.unit_2.name.encode() not in response.content


def test_staff_who_are_not_superusers_change_nothing_in_the_admin(client, city, staff_secretary):
    login_with_second_factor(client, staff_secretary)
    url = reverse("admin:grids_node_change", args=[city.c1.pk])
    assert client.get(url).status_code == 200  # they may look
    response = client.post(url, {"kind": "community", "name": "改名社区"})
    assert response.status_code == 403
    city.c1.refresh_from_db()
    assert city.c1.name == "东艺社区"


def test_person_list_in_admin_is_masked_and_opening_one_is_logged(client, city, staff_secretary):
    login_with_second_factor(client, staff_secretary)
    listing = client.get(reverse("admin:people_person_changelist")).content.decode()
    assert "王**" in listing and "王小明" not in listing
    client.get(reverse("admin:people_person_change", args=[city.resident_1.pk]))
    assert PersonalDataAccess.objects.filter(user=staff_secretary, channel="admin").count() == 1


def test_accounts_are_managed_by_superusers_only(client, city, staff_secretary):
    login_with_second_factor(client, staff_secretary)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
