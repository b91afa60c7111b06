"""Dual reporting: a party member (or their unit's admin, for several) registers with the community where they
live; the community approves or declines with a reason; an approved member joins the roster at their grid
and household."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from organisations.models import PartyOrganisation
from volunteers import services
from volunteers.models import DualReport

pytestmark = pytest.mark.django_db


def test_a_member_reports_and_is_attached_to_grid_and_household(city, actors):
    report = services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    assert report.status == DualReport.Status.PENDING
    assert report.household == city.household_1
    assert report.grid == city.grid_1
    assert report.unit == city.unit_1


def test_the_community_approves_and_the_person_is_marked_reported(city, actors):
    report = services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    services.report_decide(user=actors.c1, report=report, approve=True)
    actors.member_person.refresh_from_db()
    assert DualReport.objects.get(pk=report.pk).status == DualReport.Status.APPROVED
    assert actors.member_person.reported_on is not None


def test_declining_needs_a_reason(city, actors):
    report = services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    with pytest.raises(ValidationError) as refused:
        services.report_decide(user=actors.c1, report=report, approve=False)
    assert list(refused.value.message_dict) == ["reason"]
    services.report_decide(user=actors.c1, report=report, approve=False, reason="不在本社区居住")
    assert DualReport.objects.get(pk=report.pk).reason == "不在本社区居住"


def test_a_declined_member_may_report_again_but_not_twice_while_waiting(city, actors):
    report = services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    with pytest.raises(ValidationError):
        services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    services.report_decide(user=actors.c1, report=report, approve=False, reason="信息有误")
    services.report_member(user=actors.member, person=actors.member_person, community=city.c1)


def test_another_community_cannot_decide(city, actors):
    report = services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    with pytest.raises(PermissionDenied):
        services.report_decide(user=actors.c3, report=report, approve=True)


def test_a_unit_admin_reports_several_members_at_once_or_none(city, actors):
    made = services.report_members(
        user=actors.unit_1_admin,
        unit=city.unit_1,
        people=[actors.member_person, actors.other_person],
        community=city.c1,
    )
    assert len(made) == 2
    with pytest.raises(ValidationError) as refused:
        services.report_members(user=actors.unit_1_admin, unit=city.unit_1, people=[city.resident_1], community=city.c1)
    assert list(refused.value.message_dict) == ["people"]


def test_a_non_member_cannot_report(city, actors):
    with pytest.raises(ValidationError) as refused:
        services.report_member(user=actors.c1, person=city.resident_1, community=city.c1)
    assert "person" in refused.value.message_dict


def test_a_units_party_organisation_reports_to_its_community(city, actors):
    organisation = PartyOrganisation.objects.create(
        name="成员单位党支部", kind="unit_branch", node=city.c1, unit=city.unit_1, founded_on="2020-01-01"
    )
    report = services.report_organisation(user=actors.unit_1_admin, organisation=organisation)
    assert report.kind == DualReport.Kind.ORGANISATION and report.community == city.c1
