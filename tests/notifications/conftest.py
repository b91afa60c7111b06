"""Fixtures of the notification layer: people to remind, a kind of duty, tasks run in-process."""

from dataclasses import dataclass

import pytest

from accounts.models import Role
from notifications import sms
from notifications.registry import DutyKind, register
from tests.factories import PersonFactory, user_with_role

SAMPLE = register(DutyKind("tests.sample_duty", "Sample duty", "A duty used by the tests.", email=True, sms=False))


@dataclass
class People:
    secretary: object  # community secretary of C1, with e-mail and a mobile phone
    neighbour: object  # community secretary of C2
    street: object  # street secretary above C1
    no_email: object  # community worker of C1 without e-mail


@pytest.fixture
def people(city) -> People:
    return People(
        secretary=user_with_role(
            Role.COMMUNITY_SECRETARY,
            node=city.c1,
            email="sec@example.cn",
            person=PersonFactory(node=city.c1, phone="13800000001"),
        ),
        neighbour=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2, email="nb@example.cn"),
        street=user_with_role(Role.STREET_SECRETARY, node=city.street_1, email="st@example.cn"),
        no_email=user_with_role(Role.COMMUNITY_WORKER, node=city.c1),
    )


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "notifications.sms.LocmemSMSBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()
