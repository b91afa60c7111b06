"""factory_boy factories. Nodes are made through treebeard (``add_root``/``add_child``) so paths are real."""

import datetime

import factory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory

from accounts.models import RoleAssignment, User
from grids import summaries
from grids.models import Household, Node
from people import summaries as duty_summaries
from people.models import Duty, Person
from units.models import MemberUnit


class NodeFactory(DjangoModelFactory):
    class Meta:
        model = Node

    kind = Node.Kind.CITY
    name = factory.Sequence(lambda n: f"节点{n}")
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            node = model_class.objects.add_root(kwargs)
        else:
            parent.refresh_from_db()
            node = model_class.objects.add_child(parent, kwargs)
        summaries.node_added(node)  # counted as the services count it
        return node


def child(parent: Node, kind: str, name: str | None = None) -> Node:
    """Returns a new node of ``kind`` under ``parent``."""
    return NodeFactory(parent=parent, kind=kind, **({"name": name} if name else {}))


class MemberUnitFactory(DjangoModelFactory):
    class Meta:
        model = MemberUnit

    class Params:
        community = None  # the former name of ``location``: a unit stationed in a community

    name = factory.Sequence(lambda n: f"成员单位{n}")
    kind = MemberUnit.Kind.ENTERPRISE
    location = factory.LazyAttribute(lambda o: o.community)
    party_org_name = factory.LazyAttribute(lambda o: f"{o.name}党支部")


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    door_number = factory.Sequence(lambda n: f"{100 + n}")
    address = factory.LazyAttribute(lambda o: f"{o.node.name}{o.door_number}室")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        household = super()._create(model_class, *args, **kwargs)
        summaries.households_added(household.node)
        return household


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}号")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    node = factory.LazyAttribute(lambda o: o.household.node if o.household else None)
    household = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = super()._create(model_class, *args, **kwargs)
        summaries.people_added(person.node, party_members=int(person.is_party_member))
        return person


class DutyFactory(DjangoModelFactory):
    class Meta:
        model = Duty

    started_on = datetime.date(2020, 1, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        duty = super()._create(model_class, *args, **kwargs)
        if duty.ended_on is None:
            duty_summaries.duty_started(duty)  # counted as the services count it
        return duty


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-liaoyuan-1")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(
    role: str, *, node: Node | None = None, unit: MemberUnit | None = None, person: Person | None = None, **kwargs
) -> User:
    """Returns a new user holding one role bound to ``node``, ``unit`` or (personal roles) ``person``."""
    user = UserFactory(person=person, **kwargs)
    RoleAssignment.objects.create(user=user, role=role, node=node, unit=unit)
    return user


class AllianceFactory(DjangoModelFactory):
    class Meta:
        model = "alliances.Alliance"

    name = factory.LazyAttribute(lambda o: f"{o.node.name}区域化党建联合体")
    founded_on = datetime.date(2020, 1, 1)
    rotation_starts_on = datetime.date(2020, 1, 1)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = "alliances.Membership"

    joined_on = datetime.date(2020, 1, 1)
    committee_member = factory.Sequence(lambda n: f"刘{n}")


def login_with_second_factor(client, user) -> None:
    """Signs ``user`` in on the test client as after the second step: an authenticator is set up and the
    session is verified (the admin needs it, and superusers need it everywhere)."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
