"""schemathesis against the API's own OpenAPI description, public and staff paths, the
staff writes included (a read-and-write token): no server error, and every answer
(status, content type, body) as the schema documents it.

The number of examples is bounded so that it runs on every `make test`."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db(transaction=False)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Read through the site itself, as a client would (no database needed for it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes the database connection after each request; its test client
    prevents that, a bare WSGI call does not, and the test's transaction would go
    with the connection (on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token_headers(staff, kenyan, filipino, bearer):
    """A call administrator's read-and-write token: every staff path has something to
    read, and the writes reach the status table and the conversation."""
    # identity: the in-process WSGI client would not unzip GZipMiddleware's answers.
    return {**bearer(staff.call_admin, access="read_write"), "Accept-Encoding": "identity"}


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_answers_as_its_schema_says(case, token_headers):
    cache.clear()  # each example is a new client: the check's throttle starts afresh
    case.call_and_validate(headers=token_headers, checks=CHECKS)
