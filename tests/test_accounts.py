"""Role assignments must fit their role: the right kind of node, a unit, or a linked person."""

import pytest
from django.core.exceptions import ValidationError

from accounts import scopes
from accounts.models import Role, RoleAssignment
from accounts.services import role_assign
from tests.factories import UserFactory


def test_a_community_role_cannot_be_bound_to_a_street(city):
    user = UserFactory()
    with pytest.raises(ValidationError) as refused:
        role_assign(user=user, role=Role.COMMUNITY_SECRETARY, node=city.street_1)
    assert "node" in refused.value.message_dict
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_a_unit_admin_needs_a_unit(city):
    with pytest.raises(ValidationError) as refused:
        role_assign(user=UserFactory(), role=Role.UNIT_ADMIN)
    assert "unit" in refused.value.message_dict


def test_a_resident_role_needs_a_linked_person(city):
    with pytest.raises(ValidationError):
        role_assign(user=UserFactory(), role=Role.RESIDENT)
    user = UserFactory(person=city.resident_1)
    role_assign(user=user, role=Role.RESIDENT)
    assert scopes.can_view(user, city.resident_1)


def test_assigning_twice_keeps_one_row_and_widens_the_scope_at_once(city):
    user = UserFactory()
    assert not scopes.visible(user, city.c1.__class__.objects.all()).exists()
    first = role_assign(user=user, role=Role.COMMUNITY_WORKER, node=city.c1)
    again = role_assign(user=user, role=Role.COMMUNITY_WORKER, node=city.c1)
    assert first == again and RoleAssignment.objects.filter(user=user).count() == 1
    assert scopes.can_view(user, city.grid_1)
