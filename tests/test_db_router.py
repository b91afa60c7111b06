"""With read replicas configured, reads go to a replica unless the request or transaction has written."""

import pytest
from django.db import transaction
from django.test import RequestFactory

from grids.models import Node
from liaoyuan.core.db_router import PrimaryAfterWriteMiddleware, ReplicaRouter, pin_to_primary, unpin


@pytest.fixture
def router(settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    token = pin_to_primary(False)
    yield ReplicaRouter()
    unpin(token)


def test_reads_go_to_a_replica(router):
    assert router.db_for_read(Node) == "replica1"


def test_reads_after_a_write_go_to_the_primary(router):
    assert router.db_for_write(Node) == "default"
    assert router.db_for_read(Node) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_go_to_the_primary(router):
    with transaction.atomic():
        assert router.db_for_read(Node) == "default"


def test_each_get_request_starts_on_replicas_and_a_post_on_the_primary(router):
    seen = []
    middleware = PrimaryAfterWriteMiddleware(lambda request: seen.append(router.db_for_read(Node)))
    middleware(RequestFactory().post("/"))
    middleware(RequestFactory().get("/"))
    assert seen == ["default", "replica1"]


def test_without_replicas_everything_is_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    assert ReplicaRouter().db_for_read(Node) == "default"
