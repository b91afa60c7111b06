"""Households are edited and removed in the pages by those who keep the grid; neighbours get 404, offices
403; a taken door number is refused with what was typed kept; residents of a removed household stay on record."""

import pytest

from accounts.models import Role
from grids.models import Household
from people.models import Person
from tests.factories import HouseholdFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(city):
    return user_with_role(Role.CHIEF, node=city.grid_1)


def form_data(household, **values):
    data = {"door_number": household.door_number, "address": household.address, "size": household.size}
    data.update(values)
    return data


def test_the_chief_edits_a_household(client, city, chief):
    client.force_login(chief)
    url = f"/tree/households/{city.household_1.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(city.household_1, size=3, elderly_alone="on"))
    assert response.status_code == 302 and response.url == city.stairwell_1.get_absolute_url()
    city.household_1.refresh_from_db()
    assert city.household_1.size == 3 and city.household_1.elderly_alone


def test_a_taken_door_number_is_refused_and_what_was_typed_is_kept(client, city, chief):
    other = HouseholdFactory(node=city.stairwell_1, door_number="202")
    client.force_login(chief)
    response = client.post(
        f"/tree/households/{city.household_1.pk}/edit/", form_data(city.household_1, door_number="202", size=4)
    )
    assert response.status_code == 200
    assert "door_number" in response.context["form"].errors
    assert response.context["form"]["size"].value() == "4"
    city.household_1.refresh_from_db()
    assert city.household_1.door_number != other.door_number


def test_edit_is_404_for_a_neighbour_and_403_for_an_office(client, city):
    client.force_login(user_with_role(Role.CHIEF, node=city.grid_2))
    assert client.get(f"/tree/households/{city.household_1.pk}/edit/").status_code == 404
    client.force_login(user_with_role(Role.DISTRICT_OFFICE, node=city.district_a))
    assert client.get(f"/tree/households/{city.household_1.pk}/edit/").status_code == 403
    assert client.post(f"/tree/households/{city.household_1.pk}/delete/").status_code == 403
    assert Household.objects.filter(pk=city.household_1.pk).exists()


def test_removing_a_household_keeps_its_residents_on_record(client, city, chief):
    client.force_login(chief)
    url = f"/tree/households/{city.household_1.pk}/delete/"
    assert "1" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not Household.objects.filter(pk=city.household_1.pk).exists()
    resident = Person.objects.get(pk=city.resident_1.pk)
    assert resident.household is None and resident.node == city.stairwell_1


def test_the_stairwell_page_links_edit(client, city, chief):
    client.force_login(chief)
    page = client.get(city.stairwell_1.get_absolute_url()).content.decode()
    assert f"/tree/households/{city.household_1.pk}/edit/" in page
