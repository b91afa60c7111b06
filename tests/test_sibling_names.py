"""Two places under one parent never share a name (a second "第1网格" in a community is refused, with the
form kept); a household's door number is unique in its stairwell unit, said in plain words."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from accounts.models import Role
from grids import services
from grids.models import Household, Node
from tests.factories import child, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)


def test_a_second_grid_of_the_same_name_is_refused(city, secretary):
    with pytest.raises(ValidationError) as exc:
        services.node_create(user=secretary, parent=city.c1, kind=Node.Kind.GRID, name=" 第1网格 ")
    assert "name" in exc.value.message_dict
    assert Node.objects.filter(name="第1网格", kind=Node.Kind.GRID).count() == 2  # c1's and c2's


def test_the_same_name_under_another_parent_is_fine(city, secretary):
    grid = services.node_create(user=secretary, parent=city.c1, kind=Node.Kind.GRID, name="第2网格")
    other = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2)
    assert services.node_create(user=other, parent=city.c2, kind=Node.Kind.GRID, name="第2网格").name == grid.name


def test_renaming_onto_a_sibling_is_refused(city, secretary):
    grid = services.node_create(user=secretary, parent=city.c1, kind=Node.Kind.GRID, name="第2网格")
    with pytest.raises(ValidationError) as exc:
        services.node_update(user=secretary, node=grid, name="第1网格", code="", party_org_name="", address="")
    assert "name" in exc.value.message_dict
    grid.refresh_from_db()
    assert grid.name == "第2网格"
    services.node_update(user=secretary, node=grid, name="第2网格", code="G2", party_org_name="", address="")


def test_the_add_page_refuses_a_duplicate_and_keeps_what_was_typed(client, city, secretary):
    client.force_login(secretary)
    response = client.post(
        f"/tree/{city.c1.pk}/add/", {"kind": "grid", "name": "第1网格", "code": "DY-09", "address": "东艺路9号"}
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert "DY-09" in response.content.decode()


def test_the_database_holds_unique_sibling_names(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        Node.objects.filter(pk=child(city.c1, Node.Kind.GRID, "第3网格").pk).update(name="第1网格")


def test_a_duplicate_door_number_is_said_in_plain_words(city, secretary):
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as exc:
            services.household_create(
                user=secretary, stairwell=city.stairwell_1, door_number=city.household_1.door_number
            )
        assert exc.value.message_dict == {"door_number": ["该单元已有此门牌号的住户。"]}
    assert Household.objects.filter(node=city.stairwell_1).count() == 1
