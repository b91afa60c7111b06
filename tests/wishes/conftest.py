"""Fixtures of the wishes: the small ``city`` (tests/conftest.py) with a service menu, staff, providers and a
way to make wishes through the real services."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import Role
from notifications import sms
from tests.factories import PersonFactory, user_with_role
from wishes.models import Wish
from wishes.services import menu
from wishes.services import wishes as services


@dataclass
class Wishes:
    meals: object  # C1's menu item "送餐上门" with a number and a choice question
    secretary: object  # community secretary of C1
    worker: object  # community worker of C1
    neighbour: object  # community secretary of C2
    street: object  # street secretary above C1 and C2
    chief: object  # grid chief of C1's grid 1
    unit_admin: object  # admin of unit_1 (stationed in C1)
    other_unit_admin: object  # admin of unit_3 (in C3)
    member: object  # party member living in C1, with an account
    city_office: object

    def submit(self, city, **fields):
        values = {"building": city.building_1, "title": "帮忙换灯泡", "contact_phone": "13912345678"}
        values.update(fields)
        return services.wish_submit(**values)

    def accepted(self, city, **fields):
        return services.wish_accept(user=self.secretary, wish=self.submit(city, **fields))

    def dispatched(self, city, **fields):
        return services.wish_dispatch(
            user=self.secretary,
            wish=self.accepted(city, **fields),
            provider_kind=Wish.ProviderKind.UNIT,
            provider_unit=city.unit_1,
            promised_on=timezone.localdate() + datetime.timedelta(days=3),
        )


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSMSBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def wishes(city, eager, sms_outbox) -> Wishes:
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    meals = menu.item_create(user=secretary, community=city.c1, title="送餐上门", provider="社区食堂")
    menu.question_add(user=secretary, item=meals, code="portions", label="几份", kind="number", required=True)
    menu.question_add(user=secretary, item=meals, code="meal", label="哪一餐", kind="choice", choices="午餐|晚餐")
    member_person = PersonFactory(household=city.household_1, name="赵党员", party_status="community")
    return Wishes(
        meals=meals,
        secretary=secretary,
        worker=user_with_role(Role.COMMUNITY_WORKER, node=city.c1),
        neighbour=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2),
        street=user_with_role(Role.STREET_SECRETARY, node=city.street_1),
        chief=user_with_role(Role.CHIEF, node=city.grid_1),
        unit_admin=user_with_role(Role.UNIT_ADMIN, unit=city.unit_1),
        other_unit_admin=user_with_role(Role.UNIT_ADMIN, unit=city.unit_3),
        member=user_with_role(Role.PARTY_MEMBER, person=member_person),
        city_office=user_with_role(Role.CITY_OFFICE, node=city.city),
    )
