"""The role-by-scope matrix: each role at, above, beside and below the node it is bound to."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import scopes
from accounts.models import Role, RoleAssignment
from grids.models import Household, Node
from people.models import Person
from tests.factories import HouseholdFactory, NodeFactory, UserFactory, user_with_role
from units.models import MemberUnit

# role, what it is bound to, objects it sees, objects it must not see, objects it may change, objects it may not.
MATRIX = [
    (
        Role.CITY_OFFICE,
        "city",
        ["city", "district_b", "c3", "grid_2", "resident_2", "unit_3"],
        [],
        [],
        ["city", "c1", "resident_1", "unit_1", "household_1"],
    ),
    (
        Role.DISTRICT_OFFICE,
        "district_a",
        ["district_a", "street_2", "c1", "c3", "resident_1", "unit_3"],
        ["city", "district_b"],
        [],
        ["c1", "resident_1", "unit_1"],
    ),
    (
        Role.STREET_SECRETARY,
        "street_1",
        ["street_1", "c1", "c2", "grid_1", "resident_2", "unit_2", "household_1"],
        ["district_a", "street_2", "c3", "unit_3"],
        ["c1", "grid_2", "resident_1", "unit_1", "household_2"],
        ["street_2", "c3", "unit_3"],
    ),
    (Role.STREET_STAFF, "street_1", ["c1", "c2", "resident_1"], ["street_2", "c3"], ["c2", "resident_2"], ["c3"]),
    (
        Role.COMMUNITY_SECRETARY,
        "c1",
        ["c1", "grid_1", "stairwell_1", "resident_1", "unit_1", "household_1"],
        ["street_1", "c2", "grid_2", "resident_2", "unit_2"],
        ["c1", "grid_1", "resident_1", "unit_1", "household_1"],
        ["c2", "resident_2", "street_1"],
    ),
    (
        Role.COMMUNITY_WORKER,
        "c1",
        ["c1", "grid_1", "resident_1"],
        ["c2", "resident_2"],
        ["grid_1", "resident_1"],
        ["c2", "resident_2"],
    ),
    (
        Role.CHIEF,
        "grid_1",
        ["grid_1", "building_1", "stairwell_1", "resident_1", "household_1"],
        ["c1", "grid_2", "resident_2", "unit_1"],
        ["resident_1", "household_1"],
        ["grid_1", "stairwell_1", "resident_2"],
    ),
    (Role.UNIT_ADMIN, "unit_1", ["unit_1"], ["unit_2", "c1", "resident_1"], ["unit_1"], ["unit_2"]),
    (
        Role.RESIDENT,
        "resident_1",
        ["resident_1", "household_1"],
        ["resident_2", "household_2", "c1", "unit_1"],
        [],
        ["resident_1", "household_1"],
    ),
    (Role.PARTY_MEMBER, "resident_2", ["resident_2"], ["resident_1", "c2"], [], ["resident_2"]),
]


def _user_for(city, role, binding):
    target = getattr(city, binding)
    if isinstance(target, Node):
        return user_with_role(role, node=target)
    if isinstance(target, MemberUnit):
        return user_with_role(role, unit=target)
    return user_with_role(role, person=target)


def _ids(qs):
    return set(qs.values_list("pk", flat=True))


def _check(city, user, names, expected: bool, check):
    for name in names:
        obj = getattr(city, name)
        qs = type(obj).objects.all()
        in_list = obj.pk in _ids(check(user, qs))
        assert in_list is expected, f"{name}: expected {'in' if expected else 'out of'} scope"


@pytest.mark.parametrize(("role", "binding", "sees", "blind", "changes", "cannot"), MATRIX, ids=[m[0] for m in MATRIX])
def test_role_sees_and_changes_only_its_scope(city, role, binding, sees, blind, changes, cannot):
    user = _user_for(city, role, binding)
    _check(city, user, sees, True, scopes.visible)
    _check(city, user, blind, False, scopes.visible)
    _check(city, user, changes, True, scopes.editable)
    _check(city, user, cannot, False, scopes.editable)
    for name in sees:
        assert scopes.can_view(user, getattr(city, name))
    for name in cannot:
        assert not scopes.can_change(user, getattr(city, name))


def test_user_without_role_sees_nothing(city):
    user = UserFactory()
    for model in (Node, Person, Household, MemberUnit):
        assert not scopes.visible(user, model.objects.all()).exists()


def test_superuser_sees_and_changes_everything(city):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert scopes.visible(admin, Node.objects.all()).count() == Node.objects.count()
    assert scopes.editable(admin, Person.objects.all()).count() == Person.objects.count()


def test_roles_add_up(city):
    user = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    RoleAssignment.objects.create(user=user, role=Role.UNIT_ADMIN, unit=city.unit_3)
    scopes.forget_scope(user)
    assert _ids(scopes.visible(user, MemberUnit.objects.all())) == {city.unit_1.pk, city.unit_3.pk}


def test_nested_bindings_collapse_to_the_higher_node(city):
    user = user_with_role(Role.STREET_SECRETARY, node=city.street_1)
    RoleAssignment.objects.create(user=user, role=Role.COMMUNITY_SECRETARY, node=city.c1)
    scopes.forget_scope(user)
    assert scopes.scope_of(user).read_paths == (city.street_1.path,)


def test_scope_is_computed_once_per_user_object(city, django_assert_num_queries):
    user = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    scopes.forget_scope(user)
    with django_assert_num_queries(1):
        scopes.scope_of(user)
        scopes.scope_of(user)


def test_visible_or_404_hides_objects_beside_the_scope(city):
    user = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    with pytest.raises(Http404):
        scopes.visible_or_404(user, Node.objects.all(), pk=city.c2.pk)


def test_editable_or_404_refuses_read_only_roles_with_403(city):
    user = user_with_role(Role.CITY_OFFICE, node=city.city)
    with pytest.raises(PermissionDenied):
        scopes.editable_or_404(user, Node.objects.all(), pk=city.c1.pk)


def test_the_office_of_the_only_city_sees_everything_without_reading_the_tree(city):
    user = user_with_role(Role.CITY_OFFICE, node=city.city)
    assert scopes.scope_of(user).sole_root == city.city.path
    assert "WHERE" not in str(scopes.visible(user, Household.objects.all()).query)  # every household has a node
    assert "grids_node" not in str(scopes.visible(user, MemberUnit.objects.all()).query)  # a unit's is optional
    assert scopes.visible(user, Household.objects.all()).count() == Household.objects.count()


def test_only_a_scope_without_a_condition_sees_every_row(city):
    office = user_with_role(Role.CITY_OFFICE, node=city.city)
    assert scopes.sees_every(office, Household)  # every household has a node
    assert not scopes.sees_every(user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1), Household)
    assert scopes.sees_every(UserFactory(is_superuser=True), MemberUnit)
    NodeFactory(kind=Node.Kind.CITY, name="通化市")
    assert not scopes.sees_every(user_with_role(Role.CITY_OFFICE, node=city.city), Household)  # two cities now


def test_a_second_city_keeps_each_city_office_to_its_own_city(city):
    other = NodeFactory(kind=Node.Kind.CITY, name="通化市")
    district = NodeFactory(kind=Node.Kind.DISTRICT, name="东昌区", parent=other)
    foreign = HouseholdFactory(node=district)
    user = user_with_role(Role.CITY_OFFICE, node=city.city)
    assert scopes.scope_of(user).sole_root is None
    assert _ids(scopes.visible(user, Node.objects.filter(pk__in=[city.c1.pk, other.pk, district.pk]))) == {city.c1.pk}
    households = _ids(scopes.visible(user, Household.objects.all()))
    assert city.household_1.pk in households
    assert foreign.pk not in households


def test_a_narrow_scope_reaches_the_same_rows_through_a_union_of_keys(city, monkeypatch):
    from alliances.models import Alliance, Membership
    from organisations.models import OrganisationKind, PartyOrganisation
    from tests.factories import AllianceFactory, MembershipFactory

    alliance = AllianceFactory(node=city.c1)
    MembershipFactory(alliance=alliance, unit=city.unit_3)  # a unit from beside the community
    founded = {"founded_on": datetime.date(2020, 1, 1)}
    PartyOrganisation.objects.create(
        name="三号单位党支部", kind=OrganisationKind.UNIT_BRANCH, unit=city.unit_3, node=city.c3, **founded
    )
    PartyOrganisation.objects.create(
        name="一社区党委", kind=OrganisationKind.COMMUNITY_COMMITTEE, node=city.c1, **founded
    )
    PartyOrganisation.objects.create(
        name="三社区党委", kind=OrganisationKind.COMMUNITY_COMMITTEE, node=city.c3, **founded
    )
    users = [
        user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1),
        user_with_role(Role.STREET_SECRETARY, node=city.street_1),
        user_with_role(Role.UNIT_ADMIN, unit=city.unit_3),
    ]
    models = [PartyOrganisation, Alliance, Membership, MemberUnit, Household, Person]
    united = {
        (user.pk, model.__name__): _ids(scopes.visible(user, model.objects.all())) for user in users for model in models
    }
    assert "UNION" in str(scopes.visible(users[0], PartyOrganisation.objects.all()).query)
    seen = PartyOrganisation.objects.filter(pk__in=united[(users[0].pk, "PartyOrganisation")])
    assert set(seen.values_list("name", flat=True)) == {"一社区党委", "三号单位党支部"}  # its own, its member unit's
    monkeypatch.setattr(scopes, "_narrow", lambda scope: False)
    for user in users:
        scopes.forget_scope(user)
        for model in models:
            ored = scopes.visible(user, model.objects.all())
            assert _ids(ored) == united[(user.pk, model.__name__)], (user, model)
    assert "UNION" not in str(scopes.visible(users[0], PartyOrganisation.objects.all()).query)
