"""A unit's record: its admin keeps the party details and contacts, its community also the rest."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role
from tests.factories import MemberUnitFactory, user_with_role


@pytest.fixture
def unit_admin(city):
    return user_with_role(Role.UNIT_ADMIN, unit=city.unit_1)


def test_unit_admin_edits_party_details_but_not_the_name(client, city, unit_admin):
    client.force_login(unit_admin)
    form = client.get(reverse("units:edit", args=[city.unit_1.pk])).context["form"]
    assert "name" not in form.fields and "is_active" not in form.fields
    response = client.post(
        reverse("units:edit", args=[city.unit_1.pk]),
        {"party_org_kind": "branch", "party_secretary": "周书记", "party_member_count": 12},
    )
    assert response.status_code == 302
    city.unit_1.refresh_from_db()
    assert city.unit_1.party_secretary == "周书记" and city.unit_1.party_member_count == 12


def test_unit_admin_may_not_switch_their_unit_off_through_the_api(city, unit_admin):
    api = APIClient()
    api.force_authenticate(unit_admin)
    response = api.patch(f"/api/v1/units/{city.unit_1.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 403
    assert "active" in response.json()["error"]["message"]  # the field as users know it (在册)
    city.unit_1.refresh_from_db()
    assert city.unit_1.is_active


def test_a_name_taken_in_the_community_is_a_field_error_not_a_500(city):
    MemberUnitFactory(location=city.c1, name="已有单位")
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    api = APIClient()
    api.force_authenticate(secretary)
    response = api.patch(f"/api/v1/units/{city.unit_1.pk}/", {"name": "已有单位"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


def test_the_form_keeps_what_was_typed_when_the_phone_is_bad(client, city):
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1))
    response = client.post(
        reverse("units:edit", args=[city.unit_1.pk]),
        {
            "name": "新名字",
            "kind": "enterprise",
            "party_org_kind": "branch",
            "phone": "12",
            "party_member_count": 3,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert 'value="新名字"' in response.content.decode()
    city.unit_1.refresh_from_db()
    assert city.unit_1.name != "新名字"
