"""People see their own record whole, without the notice meant for those who look at someone else's data,
on the page, in the people list and in the API; no log line is written for it."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from people.models import PersonalDataAccess
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

NOTICE = "this view is logged"


@pytest.fixture(params=[Role.RESIDENT, Role.PARTY_MEMBER])
def own_user(request, city):
    return user_with_role(request.param, person=city.resident_1)


def test_own_record_page_shows_no_someone_elses_data_notice(client, city, own_user):
    client.force_login(own_user)
    body = client.get(city.resident_1.get_absolute_url()).content.decode()
    assert "王小明" in body and city.resident_1.phone in body
    assert NOTICE not in body
    assert not PersonalDataAccess.objects.exists()


def test_the_secretary_still_gets_the_notice(client, city):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    client.force_login(secretary)
    assert NOTICE in client.get(city.resident_1.get_absolute_url()).content.decode()


def test_own_record_is_whole_in_the_people_list(client, city, own_user):
    client.force_login(own_user)
    body = client.get("/people/").content.decode()
    assert "王小明" in body and city.resident_1.phone in body


def test_own_record_is_whole_in_the_api_list_and_detail(city, own_user):
    api = APIClient()
    api.force_authenticate(own_user)
    rows = api.get("/api/v1/people/").json()["results"]
    assert [(r["name"], r["phone"]) for r in rows] == [("王小明", city.resident_1.phone)]
    detail = api.get(f"/api/v1/people/{city.resident_1.pk}/").json()
    assert (detail["name"], detail["whole"]) == ("王小明", True)
    assert not PersonalDataAccess.objects.exists()


def test_others_stay_masked_in_the_api_list(city):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, person=city.resident_2)
    api = APIClient()
    api.force_authenticate(secretary)
    names = {r["name"] for r in api.get("/api/v1/people/").json()["results"]}
    assert "王**" in names
    assert "王小明" not in names
