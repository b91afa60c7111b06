"""The harness's world (built once per module) and the line saying how much the access matrix checked,
added up over the xdist workers."""

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.factories import login_with_second_factor
from tests.harness import world as world_module

TOTALS = {"routes": 0, "answers": 0}


def pytest_runtest_logreport(report):
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == "matrix_answers":
            TOTALS["routes"] += 1
            TOTALS["answers"] += value


def pytest_terminal_summary(terminalreporter):
    if TOTALS["routes"]:
        terminalreporter.write_line(
            f"access matrix: {TOTALS['routes']} routes, {TOTALS['answers']} answers checked "
            "(each route × 15 accounts × the objects it is checked on, per method)"
        )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    # Every request is rolled back, the sessions' last activity with it: on a busy machine a module outlasts the
    # offices' idle timeout, so the world's sessions are not timed out while it runs (tests/security checks them).
    media = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        SESSION_IDLE_MINUTES=24 * 60,
        SESSION_IDLE_MINUTES_OFFICE=24 * 60,
    )
    with media, django_db_blocker.unblock(), transaction.atomic():
        built = world_module.build()
        built.clients = _clients(built)
        yield built
        transaction.set_rollback(True)


def _clients(built) -> dict[str, Client]:
    clients = {}
    for label, user in built.users.items():
        client = Client(raise_request_exception=False)
        if label == "superuser":
            login_with_second_factor(client, user)
        elif user.is_authenticated:
            client.force_login(user)
        clients[label] = client
    return clients
