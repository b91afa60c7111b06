"""Residents are added and edited by those who keep the grid; bad values are refused and kept."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from grids.models import Household
from liaoyuan.core.masking import mask_address, mask_id_number, mask_name, mask_phone
from liaoyuan.core.validators import id_number_check_char, validate_china_phone, validate_resident_id
from people.models import Person
from tests.factories import user_with_role

VALID_ID_17 = "22040219800101123"
VALID_ID = VALID_ID_17 + id_number_check_char(VALID_ID_17)


@pytest.fixture
def chief(city):
    return user_with_role(Role.CHIEF, node=city.grid_1)


def test_identity_number_checksum_is_checked():
    validate_resident_id(VALID_ID)
    wrong_check = VALID_ID_17 + ("0" if VALID_ID[-1] != "0" else "1")
    with pytest.raises(ValidationError):
        validate_resident_id(wrong_check)
    with pytest.raises(ValidationError):
        validate_resident_id("1234")


@pytest.mark.parametrize("phone", ["13912345678", "0437-3221234", "04373221234"])
def test_mainland_phone_numbers_are_accepted(phone):
    validate_china_phone(phone)


@pytest.mark.parametrize("phone", ["12345678901", "1391234567", "+1 555 0100", "abc"])
def test_other_phone_numbers_are_refused(phone):
    with pytest.raises(ValidationError):
        validate_china_phone(phone)


def test_masks_keep_enough_to_recognise():
    assert mask_name("欧阳修") == "欧**"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_id_number(VALID_ID) == VALID_ID[:4] + "*" * 10 + VALID_ID[-4:]
    assert mask_address("龙山区向阳街道东艺社区1号楼1单元101").endswith("****")


def test_chief_adds_a_resident_to_a_household_in_their_grid(client, city, chief):
    client.force_login(chief)
    response = client.post(
        reverse("people:add", args=[city.household_1.pk]),
        {"name": "赵新", "phone": "13700001111", "id_number": VALID_ID, "party_status": "none"},
    )
    assert response.status_code == 302
    person = Person.objects.get(name="赵新")
    assert person.household == city.household_1 and person.node == city.stairwell_1


def test_bad_phone_and_id_number_are_refused_and_what_was_typed_is_kept(client, city, chief):
    client.force_login(chief)
    response = client.post(
        reverse("people:add", args=[city.household_1.pk]),
        {"name": "赵新", "phone": "12345", "id_number": VALID_ID_17 + "Z", "party_status": "none"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"phone", "id_number"}
    body = response.content.decode()
    assert 'value="赵新"' in body and 'value="12345"' in body
    assert not Person.objects.filter(name="赵新").exists()


def test_chief_cannot_add_to_a_household_of_another_grid(client, city, chief):
    client.force_login(chief)
    response = client.post(reverse("people:add", args=[city.household_2.pk]), {"name": "x", "party_status": "none"})
    assert response.status_code == 404


def test_secretary_edits_a_resident(client, city):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    client.force_login(secretary)
    response = client.post(
        reverse("people:edit", args=[city.resident_1.pk]),
        {"name": "王小明", "phone": "13811112222", "party_status": "retired"},
    )
    assert response.status_code == 302
    city.resident_1.refresh_from_db()
    assert city.resident_1.phone == "13811112222" and city.resident_1.party_status == "retired"


def test_household_door_numbers_are_unique_in_a_stairwell(client, city, chief):
    client.force_login(chief)
    url = reverse("grids:household_add", args=[city.stairwell_1.pk])
    first = client.post(url, {"door_number": "501A", "size": 2})
    assert first.status_code == 302
    again = client.post(url, {"door_number": "501A", "size": 3})
    assert again.status_code == 200
    assert again.context["form"].non_field_errors() or again.context["form"].errors
    assert Household.objects.filter(node=city.stairwell_1, door_number="501A").count() == 1


def test_a_chief_keeps_a_residents_work_unit_outside_the_chiefs_sight(client, city, chief):
    city.resident_1.work_unit = city.unit_3
    city.resident_1.party_status = "in_service"
    city.resident_1.save()
    client.force_login(chief)
    form = client.get(reverse("people:edit", args=[city.resident_1.pk])).context["form"]
    assert list(form.fields["work_unit"].queryset) == [city.unit_3]
    response = client.post(
        reverse("people:edit", args=[city.resident_1.pk]),
        {"name": "王小明", "party_status": "in_service", "work_unit": city.unit_3.pk},
    )
    assert response.status_code == 302
    city.resident_1.refresh_from_db()
    assert city.resident_1.work_unit == city.unit_3


def test_a_refused_edit_leaves_the_record_untouched(client, city, chief):
    client.force_login(chief)
    response = client.post(
        reverse("people:edit", args=[city.resident_1.pk]), {"name": "改名", "phone": "123", "party_status": "none"}
    )
    assert response.status_code == 200
    city.resident_1.refresh_from_db()
    assert city.resident_1.name == "王小明"
