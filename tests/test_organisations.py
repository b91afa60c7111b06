"""Party organisations as records: kinds and places, secretaries, members and their organisational
relation, big committees' part-time members, temporary branches, scopes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts import scopes
from accounts.models import Role
from organisations import selectors, services
from organisations.conversion import organisations_from_names
from organisations.models import OrganisationMembership, PartyOrganisation
from people.models import Person
from tests.factories import AllianceFactory, MembershipFactory, PersonFactory, user_with_role
from units.models import MemberUnit

Kind = PartyOrganisation.Kind
DAY = datetime.date(2024, 1, 1)


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)


@pytest.fixture
def member(city):
    return PersonFactory(household=city.household_1, party_status=Person.PartyStatus.COMMUNITY)


def _org(user, **kwargs):
    kwargs.setdefault("founded_on", DAY)
    return services.organisation_create(user=user, **kwargs)


def test_grid_branch_stands_at_its_grid_with_its_usual_name(city, secretary, member):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1, secretary=member)
    assert branch.name == "第1网格党支部"
    assert (branch.node, branch.secretary, branch.unit) == (city.grid_1, member, None)


def test_organisation_at_the_wrong_kind_of_node_is_refused(city, secretary):
    with pytest.raises(ValidationError) as exc:
        _org(secretary, kind=Kind.GRID_BRANCH, node=city.building_1)
    assert "node" in exc.value.message_dict
    assert not PartyOrganisation.objects.exists()


def test_unit_organisation_stands_where_its_unit_is(city, secretary):
    org = _org(secretary, kind=Kind.UNIT_BRANCH, unit=city.unit_1, node=city.grid_1)
    assert (org.node, org.unit) == (city.c1, city.unit_1)
    assert org.name == f"{city.unit_1.name}党支部"


def test_unit_admin_sets_up_their_units_organisation_but_not_anothers(city):
    admin = user_with_role(Role.UNIT_ADMIN, unit=city.unit_1)
    assert _org(admin, kind=Kind.UNIT_COMMITTEE, unit=city.unit_1).unit == city.unit_1
    with pytest.raises(PermissionDenied):
        _org(admin, kind=Kind.UNIT_COMMITTEE, unit=city.unit_2)


def test_secretary_who_is_not_a_party_member_is_refused(city, secretary):
    with pytest.raises(ValidationError) as exc:
        _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1, secretary=city.resident_1)
    assert exc.value.message_dict["secretary"] == ["The secretary must be a party member."]
    assert not PartyOrganisation.objects.exists()


def test_temporary_branch_needs_an_end_not_before_its_start(city, secretary):
    with pytest.raises(ValidationError) as exc:
        _org(secretary, kind=Kind.TEMPORARY_BRANCH, node=city.c1, purpose="防汛")
    assert "ends_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _org(secretary, kind=Kind.TEMPORARY_BRANCH, node=city.c1, ends_on=DAY - datetime.timedelta(days=1))
    assert "ends_on" in exc.value.message_dict
    branch = _org(secretary, kind=Kind.TEMPORARY_BRANCH, node=city.c1, ends_on=DAY + datetime.timedelta(days=30))
    assert branch.name == "东艺社区临时党支部"
    assert PartyOrganisation.objects.count() == 1


def test_database_refuses_a_temporary_branch_without_end(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyOrganisation.objects.create(name="x", kind=Kind.TEMPORARY_BRANCH, node=city.c1, founded_on=DAY)


def test_two_temporary_branches_may_stand_at_one_community(city, secretary):
    for purpose in ("防汛", "疫情防控"):
        _org(secretary, kind=Kind.TEMPORARY_BRANCH, node=city.c1, ends_on=DAY, purpose=purpose, name=purpose)
    assert PartyOrganisation.objects.filter(kind=Kind.TEMPORARY_BRANCH).count() == 2


def test_community_has_one_of_committee_or_general_branch(city, secretary):
    _org(secretary, kind=Kind.COMMUNITY_COMMITTEE, node=city.c1)
    with pytest.raises(ValidationError) as exc:
        _org(secretary, kind=Kind.COMMUNITY_GENERAL_BRANCH, node=city.c1)
    assert "kind" in exc.value.message_dict


def test_database_keeps_one_standing_grid_branch_per_grid(city):
    PartyOrganisation.objects.create(name="a", kind=Kind.GRID_BRANCH, node=city.grid_1, founded_on=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyOrganisation.objects.create(name="b", kind=Kind.GRID_BRANCH, node=city.grid_1, founded_on=DAY)


def test_secretary_outside_the_area_cannot_set_up_an_organisation(city):
    neighbour = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2)
    with pytest.raises(PermissionDenied):
        _org(neighbour, kind=Kind.GRID_BRANCH, node=city.grid_1)


def test_kind_and_place_do_not_change(city, secretary):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    with pytest.raises(PermissionDenied):
        services.organisation_update(user=secretary, organisation=branch, node=city.grid_2)
    updated = services.organisation_update(user=secretary, organisation=branch, name=" 一网格支部 ")
    assert updated.name == "一网格支部"


# members and the organisational relation


def test_grid_branch_member_holds_their_relation_there(city, secretary, member):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    membership = services.membership_add(user=secretary, organisation=branch, person=member, joined_on=DAY)
    assert membership.holds_relation
    assert selectors.current_relation(person=member) == membership


def test_building_group_member_keeps_relation_in_the_branch(city, secretary, member):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    group = _org(secretary, kind=Kind.BUILDING_GROUP, node=city.building_1)
    services.membership_add(user=secretary, organisation=branch, person=member, joined_on=DAY)
    in_group = services.membership_add(user=secretary, organisation=group, person=member, joined_on=DAY)
    assert not in_group.holds_relation
    assert selectors.current_relation(person=member).organisation == branch


def test_member_in_two_organisations_at_once_is_refused(city, secretary, member):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    community = _org(secretary, kind=Kind.COMMUNITY_COMMITTEE, node=city.c1)
    services.membership_add(user=secretary, organisation=branch, person=member, joined_on=DAY)
    with pytest.raises(ValidationError) as exc:
        services.membership_add(user=secretary, organisation=community, person=member, joined_on=DAY)
    assert "transfer it instead" in exc.value.message_dict["person"][0]
    assert OrganisationMembership.objects.filter(person=member).count() == 1


def test_database_keeps_one_relation_per_member(city, member):
    a = PartyOrganisation.objects.create(name="a", kind=Kind.GRID_BRANCH, node=city.grid_1, founded_on=DAY)
    b = PartyOrganisation.objects.create(name="b", kind=Kind.COMMUNITY_COMMITTEE, node=city.c1, founded_on=DAY)
    OrganisationMembership.objects.create(organisation=a, person=member, holds_relation=True, joined_on=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationMembership.objects.create(organisation=b, person=member, holds_relation=True, joined_on=DAY)


def test_transfer_ends_the_old_relation_and_keeps_its_history(city, secretary, member):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    community = _org(secretary, kind=Kind.COMMUNITY_COMMITTEE, node=city.c1)
    old = services.membership_add(user=secretary, organisation=branch, person=member, joined_on=DAY)
    moved_on = DAY + datetime.timedelta(days=100)
    new = services.relation_transfer(user=secretary, person=member, organisation=community, on=moved_on)
    old.refresh_from_db()
    assert old.left_on == moved_on and new.joined_on == moved_on and new.holds_relation
    assert [m.organisation for m in selectors.person_relations(person=member)] == [community, branch]


def test_non_member_cannot_join(city, secretary):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    with pytest.raises(ValidationError) as exc:
        services.membership_add(user=secretary, organisation=branch, person=city.resident_1, joined_on=DAY)
    assert "person" in exc.value.message_dict


def test_nobody_joins_before_the_organisation_is_set_up(city, secretary, member):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            user=secretary, organisation=branch, person=member, joined_on=DAY - datetime.timedelta(days=1)
        )
    assert "joined_on" in exc.value.message_dict


def test_leaving_keeps_the_row(city, secretary, member):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    membership = services.membership_add(user=secretary, organisation=branch, person=member, joined_on=DAY)
    services.membership_end(user=secretary, membership=membership, left_on=DAY + datetime.timedelta(days=3))
    assert selectors.current_relation(person=member) is None
    assert OrganisationMembership.objects.get().left_on == DAY + datetime.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.membership_end(user=secretary, membership=membership, left_on=DAY)


# big party committee


@pytest.fixture
def big_committee(city, secretary):
    return _org(secretary, kind=Kind.BIG_COMMITTEE, node=city.c1)


def test_part_time_member_comes_from_a_unit_of_the_alliance(city, secretary, member, big_committee):
    alliance = AllianceFactory(node=city.c1)
    MembershipFactory(alliance=alliance, unit=city.unit_1)
    seat = services.membership_add(
        user=secretary,
        organisation=big_committee,
        person=member,
        joined_on=DAY,
        role=OrganisationMembership.Role.PART_TIME_MEMBER,
        unit=city.unit_1,
    )
    assert not seat.holds_relation
    assert selectors.part_time_members(node_id=city.c1.pk) == [seat]


def test_part_time_member_from_a_unit_outside_the_alliance_is_refused(city, secretary, member, big_committee):
    alliance = AllianceFactory(node=city.c1)
    MembershipFactory(alliance=alliance, unit=city.unit_1, left_on=DAY)  # left: no longer a member
    for unit in (city.unit_1, city.unit_2):
        with pytest.raises(ValidationError) as exc:
            services.membership_add(
                user=secretary,
                organisation=big_committee,
                person=member,
                joined_on=DAY,
                role=OrganisationMembership.Role.PART_TIME_MEMBER,
                unit=unit,
            )
        assert "not a member of the alliance" in exc.value.message_dict["unit"][0]
    assert not OrganisationMembership.objects.exists()


def test_part_time_member_needs_a_unit_and_a_big_committee(city, secretary, member, big_committee):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    part_time = OrganisationMembership.Role.PART_TIME_MEMBER
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            user=secretary, organisation=big_committee, person=member, joined_on=DAY, role=part_time
        )
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            user=secretary, organisation=branch, person=member, joined_on=DAY, role=part_time, unit=city.unit_1
        )
    assert "role" in exc.value.message_dict


def test_big_committee_holds_no_relations(city, secretary, member, big_committee):
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            user=secretary, organisation=big_committee, person=member, joined_on=DAY, holds_relation=True
        )
    assert "holds_relation" in exc.value.message_dict


# scopes


def test_organisations_are_seen_in_their_area_only(city, secretary, member):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    unit_org = _org(secretary, kind=Kind.UNIT_BRANCH, unit=city.unit_1)
    other = _org(user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2), kind=Kind.GRID_BRANCH, node=city.grid_2)
    assert set(selectors.organisation_list(user=secretary)) == {branch, unit_org}
    street = user_with_role(Role.STREET_SECRETARY, node=city.street_1)
    assert set(selectors.organisation_list(user=street)) == {branch, unit_org, other}
    assert not selectors.organisation_list(user=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3)).exists()
    admin = user_with_role(Role.UNIT_ADMIN, unit=city.unit_1)
    assert list(selectors.organisation_list(user=admin)) == [unit_org]
    assert scopes.can_change(admin, unit_org) and not scopes.can_change(admin, branch)


def test_office_reads_but_does_not_change(city, secretary):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    office = user_with_role(Role.DISTRICT_OFFICE, node=city.district_a)
    assert scopes.can_view(office, branch) and not scopes.can_change(office, branch)
    with pytest.raises(PermissionDenied):
        services.organisation_update(user=office, organisation=branch, name="x")


def test_member_sees_their_own_organisation(city, secretary, member):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    _org(user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2), kind=Kind.GRID_BRANCH, node=city.grid_2)
    services.membership_add(user=secretary, organisation=branch, person=member, joined_on=DAY)
    own = user_with_role(Role.PARTY_MEMBER, person=member)
    assert list(selectors.organisation_list(user=own)) == [branch]
    assert not scopes.can_change(own, branch)


def test_list_counts_current_members(city, secretary, member):
    branch = _org(secretary, kind=Kind.GRID_BRANCH, node=city.grid_1)
    other = PersonFactory(household=city.household_1, party_status=Person.PartyStatus.RETIRED)
    services.membership_add(user=secretary, organisation=branch, person=member, joined_on=DAY)
    gone = services.membership_add(user=secretary, organisation=branch, person=other, joined_on=DAY)
    services.membership_end(user=secretary, membership=gone, left_on=DAY)
    assert selectors.organisation_list(user=secretary).get().member_count == 1


# the free-text names become records


def test_free_text_names_become_records_once(city):
    from grids.models import Node

    city.street_1.party_org_name = "向阳街道党工委"
    city.c1.party_org_name = "东艺社区党总支"
    city.grid_1.party_org_name = "第1网格党支部"
    city.building_1.party_org_name = "1号楼党小组"
    for node in (city.street_1, city.c1, city.grid_1, city.building_1):
        node.save()
    city.unit_3.party_org_kind = MemberUnit.PartyOrgKind.NONE
    city.unit_3.save()
    created = organisations_from_names(PartyOrganisation, Node, MemberUnit)
    assert created == {
        "street_committee": 1,
        "community_general_branch": 1,
        "grid_branch": 1,
        "building_group": 1,
        "unit_branch": 2,
    }
    assert PartyOrganisation.objects.get(unit=city.unit_1).name == city.unit_1.party_org_name
    assert organisations_from_names(PartyOrganisation, Node, MemberUnit) == {}
