"""Schema fuzzing: schemathesis generates requests for every operation of the API schema and sends each as a
community secretary, a unit admin and anonymously, in process, against the demo city of the harness. No
answer may be a server error, and every answer must be one the schema documents (status, content type,
body). Bounded by ``FUZZ_EXAMPLES`` per operation so that CI runs it in a few minutes.

The schema is the one ``/api/schema/`` serves, generated in process (drf-spectacular) so that each operation
is a test of its own."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
ACCOUNTS = ("community_secretary", "unit_admin", "anonymous")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

SCHEMA = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
SCHEMA.app = get_wsgi_application()
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}


@pytest.fixture(scope="module")
def in_process(world):
    """As Django's test client does: the WSGI handler must not close the database connection after each
    request, because the world lives in a transaction on it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield world
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_operation_answers_within_its_schema_for_each_account(in_process, label):
    world = in_process

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(case=OPERATIONS[label].as_strategy())
    def each_example(case):
        for account in ACCOUNTS:
            token = world.tokens.get(account)
            headers = {"Authorization": f"Token {token}"} if token else {}
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

    each_example()
