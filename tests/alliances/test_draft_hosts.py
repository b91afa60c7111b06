"""Draft meetings follow the chair of their term when the rotation changes, also when every new host is
the street or community party organisation (an UPDATE whose values are all NULL)."""

import datetime

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from alliances.services.meetings import term_meeting_draft_ensure
from tests.factories import AllianceFactory, MembershipFactory, MemberUnitFactory, user_with_role

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def drafted(city, clock):
    """The alliance of C2 (quarterly from 2026-01-01): the secretary, then unit 甲; the draft meeting of the
    term 甲 chairs (2026-04-01 – 2026-06-30) is on the calendar. Today is 2026-01-10."""
    clock.set(2026, 1, 10)
    alliance = AllianceFactory(node=city.c2, rotation_starts_on=D(2026, 1, 1), founded_on=D(2025, 1, 1))
    unit = MemberUnitFactory(location=city.c2, name="甲单位")
    membership = MembershipFactory(alliance=alliance, unit=unit, chair_position=1, joined_on=D(2025, 1, 1))
    draft = term_meeting_draft_ensure(alliance_id=alliance.pk, on=D(2026, 4, 1))
    assert draft.host_unit == unit
    return alliance, membership, draft, user_with_role(Role.STREET_SECRETARY, node=city.street_1)


def test_leaving_through_the_api_hands_the_draft_to_the_party_organisation(drafted):
    alliance, membership, draft, secretary = drafted
    api = APIClient()
    api.force_authenticate(secretary)
    response = api.post(
        f"/api/v1/alliance-memberships/{membership.pk}/leave/",
        {"left_on": "2026-03-01", "leave_reason": "单位搬迁"},
        format="json",
    )
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    membership.refresh_from_db()
    assert membership.left_on == D(2026, 3, 1)
    assert draft.host_unit is None


def test_leaving_on_the_page_hands_the_draft_to_the_party_organisation(client, drafted):
    alliance, membership, draft, secretary = drafted
    client.force_login(secretary)
    response = client.post(
        f"/alliances/members/{membership.pk}/leave/", {"left_on": "2026-03-01", "leave_reason": "单位搬迁"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.host_unit is None


def test_giving_up_the_place_in_the_rotation_hands_the_draft_to_the_party_organisation(drafted):
    alliance, membership, draft, secretary = drafted
    api = APIClient()
    api.force_authenticate(secretary)
    response = api.put(
        f"/api/v1/alliance-memberships/{membership.pk}/",
        {"committee_member": "刘书记", "chair_position": None},
        format="json",
    )
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.host_unit is None
    assert alliance.chair_terms.get(starts_on=D(2026, 4, 1)).chair_unit is None
