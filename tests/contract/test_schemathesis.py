"""The API against its own OpenAPI schema: generated requests for every operation and every kind of
caller give no server error and no response the schema does not describe (issue 12)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.conftest import client_for
from tracker.wsgi import application

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


# schemathesis calls the WSGI app as localhost. The schema is loaded when the module is collected:
# its lazy, fixture-based loading does not work with pytest 9.
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _localhost(settings):
    settings.ALLOWED_HOSTS = ["localhost"]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The raw WSGI app closes the database connection after each request, as a server does; inside
    a test's transaction that would end the test's own connection (PostgreSQL), so, as Django's test
    client does, the connection is kept for the test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


ROLES = {"office": "office", "reporter": "alice", "viewer": "viewer", "read-only token": "office"}


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=list(HealthCheck),
)
def test_generated_requests_get_no_server_error_and_match_the_schema(case, world):
    # each generated request is sent once per kind of caller (a parametrized fixture cannot be used
    # with a lazily loaded schema)
    for role, username in ROLES.items():
        client = client_for(getattr(world, username), read_only=role == "read-only token")
        headers = {"Authorization": client._credentials["HTTP_AUTHORIZATION"]}
        case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])
