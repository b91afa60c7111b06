"""Two secretaries committing the last of a resource at the same moment, for real on PostgreSQL: one match
is made, the other gets a field error saying what is left; the remaining quantity never goes below zero."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import User
from ledgers.models import Match, Need, Resource
from ledgers.services import needs as services
from tests.alliances.test_concurrent_writes import race


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs row locks and concurrent writers (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("racers", [2, 6])
def test_secretaries_committing_at_once_never_overcommit(postgres_only, city, people, racers):
    resource = services.resource_create(
        user=people.street, node=city.street_1, title="街道礼堂", category="venue", quantity=5, provider_name="街道"
    )
    needs = [
        services.need_create(user=people.street, node=city.c1 if i % 2 else city.c2, title=f"需求{i}", category="venue")
        for i in range(racers)
    ]
    users = [User.objects.get(pk=people.street.pk) for _ in range(racers)]  # one connection and user each

    results = race(
        *[
            lambda user=user, need=need: services.match_confirm(user=user, need=need, resource=resource, quantity=3)
            for user, need in zip(users, needs, strict=True)
        ]
    )

    made = [r for r in results if isinstance(r, Match)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(made) == 1
    assert all(isinstance(r, ValidationError) and list(r.message_dict) == ["quantity"] for r in refused)
    assert Resource.objects.get(pk=resource.pk).remaining == 2
    assert Match.objects.filter(resource=resource).count() == 1
    assert Need.objects.filter(status=Need.Status.MATCHED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_small_commitments_add_up_exactly(postgres_only, city, people):
    resource = services.resource_create(
        user=people.street, node=city.street_1, title="志愿者", category="people", quantity=4, provider_name="街道"
    )
    needs = [
        services.need_create(user=people.street, node=city.c1, title=f"需求{i}", category="people") for i in range(6)
    ]
    users = [User.objects.get(pk=people.street.pk) for _ in range(6)]

    results = race(
        *[
            lambda user=user, need=need: services.match_confirm(user=user, need=need, resource=resource, quantity=1)
            for user, need in zip(users, needs, strict=True)
        ]
    )

    assert sum(isinstance(r, Match) for r in results) == 4
    assert Resource.objects.get(pk=resource.pk).remaining == 0
