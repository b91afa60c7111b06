"""The admin shows residents' personal data through the same door as pages and API
(``people.services.person_personal_data``): masked unless the user may change the record, logged when shown
whole; and it searches personal data only among the records the user may see whole."""

import pytest
from django.urls import reverse

from accounts.models import Role
from liaoyuan.core.validators import id_number_check_char
from people.models import PersonalDataAccess
from tests.factories import UserFactory, login_with_second_factor, user_with_role

pytestmark = pytest.mark.django_db

ID_17 = "22040219800101123"
ID_NUMBER = ID_17 + id_number_check_char(ID_17)


@pytest.fixture
def resident(city):
    city.resident_1.id_number = ID_NUMBER
    city.resident_1.phone = "13712341825"
    city.resident_1.save()
    return city.resident_1


@pytest.fixture(params=[Role.CITY_OFFICE, Role.DISTRICT_OFFICE])
def office(request, city):
    node = city.city if request.param == Role.CITY_OFFICE else city.district_a
    return user_with_role(request.param, node=node, is_staff=True)


def change_page(client, user, person) -> str:
    login_with_second_factor(client, user)
    response = client.get(reverse("admin:people_person_change", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_offices_see_personal_data_masked_in_the_admin_and_nothing_is_logged(client, resident, office):
    page = change_page(client, office, resident)
    assert "13712341825" not in page and ID_NUMBER not in page and "王小明" not in page
    assert "137****1825" in page and "王**" in page
    assert not PersonalDataAccess.objects.exists()


def test_those_who_may_change_the_record_see_it_whole_and_it_is_logged(client, city, resident):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, is_staff=True)
    page = change_page(client, secretary, resident)
    assert "13712341825" in page and ID_NUMBER in page
    assert PersonalDataAccess.objects.filter(user=secretary, person=resident, channel="admin").count() == 1


def test_a_superuser_sees_it_whole_and_it_is_logged(client, resident):
    admin = UserFactory(is_staff=True, is_superuser=True)
    page = change_page(client, admin, resident)
    assert "13712341825" in page
    assert PersonalDataAccess.objects.filter(user=admin, person=resident, channel="admin").count() == 1


@pytest.mark.parametrize("term", ["41825", "13712341825", "王小明", "2204021980"])
def test_offices_cannot_confirm_personal_data_by_searching(client, resident, office, term):
    login_with_second_factor(client, office)
    response = client.get(reverse("admin:people_person_changelist"), {"q": term})
    assert list(response.context["cl"].result_list) == []


def test_those_who_see_it_whole_find_people_by_phone_and_name(client, city, resident):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, is_staff=True)
    login_with_second_factor(client, secretary)
    for term in ("41825", "王小明"):
        response = client.get(reverse("admin:people_person_changelist"), {"q": term})
        assert list(response.context["cl"].result_list) == [resident]


def test_the_access_log_in_the_admin_masks_the_person(client, city, resident, office):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    PersonalDataAccess.objects.create(user=secretary, person=resident, channel="web")
    login_with_second_factor(client, office)
    page = client.get(reverse("admin:people_personaldataaccess_changelist")).content.decode()
    assert "王**" in page and "王小明" not in page
