"""Who sees and keeps which list items: the community (owner), its street (above), a sibling community,
another street, a member unit and the city office."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts import scopes
from ledgers.models import Need, Resource
from ledgers.services.needs import need_create, need_update, resource_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(city, people):
    need = need_create(user=people.c1, node=city.c1, title="活动室", category="venue")
    resource = resource_create(
        user=people.c1, node=city.c1, title="会议室", category="venue", quantity=1, provider_unit=city.unit_1
    )
    return need, resource


@pytest.mark.parametrize(
    ("who", "sees", "changes"),
    [
        ("c1", True, True),
        ("street", True, True),
        ("c2", False, False),
        ("c3", False, False),
        ("city_office", True, False),
    ],
)
def test_need_scope(items, people, who, sees, changes):
    need, _resource = items
    user = getattr(people, who)
    assert scopes.can_view(user, need) is sees
    assert scopes.can_change(user, need) is changes


def test_a_unit_sees_the_resources_it_offers_but_not_the_needs(items, people):
    need, resource = items
    assert scopes.can_view(people.unit_1_admin, resource)
    assert not scopes.can_change(people.unit_1_admin, resource)
    assert not scopes.can_view(people.unit_1_admin, need)


def test_nobody_keeps_lists_outside_their_area(city, people):
    with pytest.raises(PermissionDenied):
        need_create(user=people.c2, node=city.c1, title="x", category="venue")
    with pytest.raises(PermissionDenied):
        resource_create(
            user=people.city_office, node=city.c1, title="x", category="venue", quantity=1, provider_name="a"
        )
    assert not Need.objects.exists()
    assert not Resource.objects.exists()


def test_an_outsider_cannot_edit(items, people):
    need, _resource = items
    with pytest.raises(PermissionDenied):
        need_update(user=people.c2, need=need, title="改")
