"""The API of party organisations and chiefs: scoped lists, writes through the services, refusals as 400 with
field errors and nothing saved."""

import datetime

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from organisations import services
from organisations.models import OrganisationMembership, PartyOrganisation
from people.models import Duty, Person
from tests.factories import AllianceFactory, DutyFactory, MembershipFactory, PersonFactory, user_with_role

Kind = PartyOrganisation.Kind
DAY = datetime.date(2024, 1, 1)
URL = "/api/v1/party-organisations/"


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)


@pytest.fixture
def api(secretary):
    client = APIClient()
    client.force_authenticate(secretary)
    return client


@pytest.fixture
def member(city):
    return PersonFactory(household=city.household_1, name="赵党员", party_status=Person.PartyStatus.COMMUNITY)


def _error_fields(response) -> dict:
    return response.json()["error"]["fields"]


def test_create_a_grid_branch_and_list_it(api, city, member):
    response = api.post(
        URL, {"kind": "grid_branch", "node": city.grid_1.pk, "secretary": member.pk, "founded_on": "2024-01-01"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["secretary_name"], body["member_count"]) == ("第1网格党支部", "赵党员", 0)
    listed = api.get(URL).json()["results"]
    assert [o["id"] for o in listed] == [body["id"]]


def test_temporary_branch_ending_before_it_starts_is_400(api, city):
    response = api.post(
        URL, {"kind": "temporary_branch", "node": city.c1.pk, "founded_on": "2024-06-01", "ends_on": "2024-05-01"}
    )
    assert response.status_code == 400 and "ends_on" in _error_fields(response)
    assert not PartyOrganisation.objects.exists()


def test_secretary_who_is_not_a_party_member_is_400(api, city, secretary):
    response = api.post(
        URL,
        {"kind": "grid_branch", "node": city.grid_1.pk, "founded_on": "2024-01-01", "secretary": city.resident_1.pk},
    )
    assert response.status_code == 400 and "secretary" in _error_fields(response)
    assert not PartyOrganisation.objects.exists()


def test_node_outside_the_scope_is_400_without_saving(api, city):
    response = api.post(URL, {"kind": "grid_branch", "node": city.grid_2.pk, "founded_on": "2024-01-01"})
    assert response.status_code == 400 and "node" in _error_fields(response)


def test_members_add_list_and_two_relations_refused(api, city, secretary, member):
    branch = services.organisation_create(user=secretary, kind=Kind.GRID_BRANCH, node=city.grid_1, founded_on=DAY)
    other = services.organisation_create(user=secretary, kind=Kind.COMMUNITY_COMMITTEE, node=city.c1, founded_on=DAY)
    response = api.post(f"{URL}{branch.pk}/members/", {"person": member.pk, "joined_on": "2024-02-01"})
    assert response.status_code == 201 and response.json()["holds_relation"] is True
    response = api.post(f"{URL}{other.pk}/members/", {"person": member.pk, "joined_on": "2024-02-01"})
    assert response.status_code == 400 and "person" in _error_fields(response)
    assert [m["person_name"] for m in api.get(f"{URL}{branch.pk}/members/").json()] == ["赵党员"]
    assert OrganisationMembership.objects.count() == 1


def test_part_time_member_from_a_unit_outside_the_alliance_is_400(api, city, secretary, member):
    big = services.organisation_create(user=secretary, kind=Kind.BIG_COMMITTEE, node=city.c1, founded_on=DAY)
    MembershipFactory(alliance=AllianceFactory(node=city.c1), unit=city.unit_1)
    data = {"person": member.pk, "joined_on": "2024-02-01", "role": "part_time_member"}
    response = api.post(f"{URL}{big.pk}/members/", {**data, "unit": city.unit_3.pk})
    assert response.status_code == 400 and "unit" in _error_fields(response)
    assert api.post(f"{URL}{big.pk}/members/", {**data, "unit": city.unit_1.pk}).status_code == 201


def test_ending_a_membership(api, city, secretary, member):
    branch = services.organisation_create(user=secretary, kind=Kind.GRID_BRANCH, node=city.grid_1, founded_on=DAY)
    membership = services.membership_add(user=secretary, organisation=branch, person=member, joined_on=DAY)
    url = f"/api/v1/organisation-memberships/{membership.pk}/end/"
    assert api.post(url, {"left_on": "2023-01-01"}).status_code == 400
    assert api.post(url, {"left_on": "2024-03-01"}).json()["is_current"] is False


def test_member_names_are_masked_for_offices(city, secretary, member):
    branch = services.organisation_create(user=secretary, kind=Kind.GRID_BRANCH, node=city.grid_1, founded_on=DAY)
    services.membership_add(user=secretary, organisation=branch, person=member, joined_on=DAY)
    office = APIClient()
    office.force_authenticate(user_with_role(Role.DISTRICT_OFFICE, node=city.district_a))
    assert [m["person_name"] for m in office.get("/api/v1/organisation-memberships/").json()["results"]] == ["赵**"]
    assert office.patch(f"{URL}{branch.pk}/", {"name": "x"}).status_code == 403


def test_organisation_outside_the_scope_is_404(city, secretary):
    branch = services.organisation_create(user=secretary, kind=Kind.GRID_BRANCH, node=city.grid_1, founded_on=DAY)
    neighbour = APIClient()
    neighbour.force_authenticate(user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3))
    assert neighbour.get(f"{URL}{branch.pk}/").status_code == 404
    assert neighbour.get(f"{URL}{branch.pk}/members/").status_code == 404


def test_update_changes_the_name_not_the_place(api, city, secretary):
    branch = services.organisation_create(user=secretary, kind=Kind.GRID_BRANCH, node=city.grid_1, founded_on=DAY)
    response = api.patch(f"{URL}{branch.pk}/", {"name": "一网格支部", "node": city.grid_2.pk})
    assert response.status_code == 200 and response.json()["name"] == "一网格支部"
    branch.refresh_from_db()
    assert branch.node == city.grid_1


def test_duties_show_employment_and_counts(api, city):
    DutyFactory(
        person=city.resident_1, kind=Duty.Kind.GRID_CHIEF, node=city.grid_1, is_leader=True, employment="full_time"
    )
    DutyFactory(person=PersonFactory(household=city.household_1), kind=Duty.Kind.GRID_CHIEF, node=city.grid_1)
    rows = api.get("/api/v1/duties/", {"employment": "full_time"}).json()["results"]
    assert [(r["employment"], r["is_leader"]) for r in rows] == [("full_time", True)]
    counts = api.get("/api/v1/duties/counts/").json()
    assert counts == [
        {"kind": "grid_chief", "kind_display": "Grid chief", "serving": 2, "full_time": 1, "part_time": 1, "nodes": 1}
    ]
    assert api.get("/api/v1/duties/counts/", {"under": "x"}).status_code == 400
