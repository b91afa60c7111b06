"""Two requests racing for the same alliance, membership or committee name: one wins, the other gets a field
error (400 in the API), never an IntegrityError (500). The races run for real on PostgreSQL; the conversion of
the database's unique errors is checked on every database."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from accounts.models import User
from alliances.models import Alliance, Committee, Membership
from alliances.services import alliances as services
from liaoyuan.core.integrity import unique_errors
from tests.factories import MemberUnitFactory

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "constraint", "make"),
    [
        ("Committee", "alliances_committee_unique_name", lambda a, u: Committee(alliance=a, kind="aid", name="帮扶")),
        (
            "Membership",
            "alliances_membership_one_open_per_unit",
            lambda a, u: Membership(alliance=a, unit=u, joined_on=D(2021, 1, 1)),
        ),
        (
            "Membership",
            "alliances_membership_unique_chair_position",
            lambda a, u: Membership(
                alliance=a, unit=MemberUnitFactory(location=u.location), joined_on=D(2021, 1, 1), chair_position=1
            ),
        ),
        (
            "Alliance",
            "node",
            lambda a, u: Alliance(node=a.node, name="又一个", founded_on=a.founded_on, rotation_starts_on=a.founded_on),
        ),
    ],
)
def test_a_unique_constraint_broken_meanwhile_becomes_a_field_error(city, alliances, model, constraint, make):
    Committee.objects.create(alliance=alliances.c1, kind="aid", name="帮扶")
    model_class = {"Committee": Committee, "Membership": Membership, "Alliance": Alliance}[model]
    duplicate = make(alliances.c1, city.unit_1)
    errors = {constraint: {"field": "taken meanwhile"}}
    with pytest.raises(ValidationError) as exc, transaction.atomic(), unique_errors(model_class, errors):
        duplicate.save()
    assert exc.value.message_dict == {"field": ["taken meanwhile"]}


@pytest.mark.django_db
def test_another_integrity_error_is_not_disguised(alliances):
    Committee.objects.create(alliance=alliances.c1, kind="aid", name="帮扶")
    errors = {"alliances_membership_one_open_per_unit": {"unit": "x"}}
    with pytest.raises(IntegrityError), transaction.atomic(), unique_errors(Membership, errors):
        Committee.objects.create(alliance=alliances.c1, kind="aid", name="帮扶")


# --- real races (PostgreSQL: SQLite runs one writer at a time and ignores row locks) ------------------------


def race(*calls):
    """Runs the calls at the same moment in threads (each with its own connection); returns what each returned
    or raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test looks at what each call raised
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def slow_saves(monkeypatch):
    """Makes saving the given model take a while, so that both racers pass any check made before the lock."""

    def slow(model):
        original = model.save

        def save(self, *args, **kwargs):
            time.sleep(0.4)
            return original(self, *args, **kwargs)

        monkeypatch.setattr(model, "save", save)

    return slow


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs row locks and concurrent writers (PostgreSQL)")


def field_errors(results) -> list[dict]:
    """Returns the field errors of the racers that failed; fails on anything else than a ValidationError."""
    errors = []
    for result in results:
        if isinstance(result, Exception):
            assert isinstance(result, ValidationError), repr(result)
            errors.append(result.message_dict)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_setting_up_the_same_alliance_make_one(postgres_only, slow_saves, city, alliances):
    slow_saves(Alliance)
    users = [User.objects.get(pk=alliances.c2_secretary.pk) for _i in range(2)]
    results = race(
        *[
            lambda user=user: services.alliance_create(
                user=user, node=city.c2, name="福镇联合体", founded_on=D(2026, 1, 1), rotation_starts_on=D(2026, 1, 1)
            )
            for user in users
        ]
    )
    assert Alliance.objects.filter(node=city.c2).count() == 1
    assert [list(e) for e in field_errors(results)] == [["node"]]


@pytest.mark.django_db(transaction=True)
def test_a_unit_joining_twice_at_once_becomes_one_member(postgres_only, slow_saves, city, alliances):
    unit = MemberUnitFactory(location=city.c1, party_secretary="周书记")
    slow_saves(Membership)
    users = [User.objects.get(pk=alliances.c1_secretary.pk) for _i in range(2)]
    alliance_copies = [Alliance.objects.get(pk=alliances.c1.pk) for _i in range(2)]
    results = race(
        *[
            lambda user=user, alliance=alliance: services.membership_join(
                user=user, alliance=alliance, unit=unit, joined_on=D(2026, 1, 1)
            )
            for user, alliance in zip(users, alliance_copies, strict=True)
        ]
    )
    assert Membership.objects.filter(alliance=alliances.c1, unit=unit).count() == 1
    assert field_errors(results) == [{"unit": [f"{unit} is already a member of this alliance."]}]


@pytest.mark.django_db(transaction=True)
def test_two_committees_of_one_name_at_once_become_one(postgres_only, slow_saves, city, alliances):
    slow_saves(Committee)
    users = [User.objects.get(pk=alliances.c1_secretary.pk) for _i in range(2)]
    results = race(
        *[
            lambda user=user: services.committee_create(
                user=user, alliance=Alliance.objects.get(pk=alliances.c1.pk), kind="aid", name="帮扶专委", units=[]
            )
            for user in users
        ]
    )
    assert Committee.objects.filter(alliance=alliances.c1, name="帮扶专委").count() == 1
    assert field_errors(results) == [{"name": ["The alliance already has a committee of this name."]}]


@pytest.mark.django_db(transaction=True)
def test_two_committees_renamed_to_one_name_at_once_keep_distinct_names(postgres_only, slow_saves, city, alliances):
    first = Committee.objects.create(alliance=alliances.c1, kind="aid", name="甲")
    second = Committee.objects.create(alliance=alliances.c1, kind="aid", name="乙")
    slow_saves(Committee)
    user = User.objects.get(pk=alliances.c1_secretary.pk)
    results = race(
        *[
            lambda pk=pk: services.committee_update(
                user=user, committee=Committee.objects.get(pk=pk), kind="aid", name="丙", units=[]
            )
            for pk in (first.pk, second.pk)
        ]
    )
    assert sorted(Committee.objects.filter(alliance=alliances.c1).values_list("name", flat=True)) in (
        ["丙", "乙"],
        ["丙", "甲"],
    )
    assert field_errors(results) == [{"name": ["The alliance already has a committee of this name."]}]
