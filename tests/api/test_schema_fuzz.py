"""Schemathesis explores every operation of the OpenAPI schema; no input may cause a 5xx."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.wsgi import application
from secondopinion.api.models import ApiToken

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).exclude(
    path="/api/v1/auth/token", method="DELETE"
)


@pytest.fixture
def _keep_the_test_connection():
    """Called as a raw WSGI app, Django closes the database connection after each request; inside a
    test transaction on PostgreSQL that would end the test's connection (the test client avoids it
    the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_headers(cast, a_case, advance, _keep_the_test_connection):
    advance(a_case, "report_draft")
    _token, secret = ApiToken.issue(user=cast.giver_user, name="schemathesis")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_input_makes_the_api_fail(case, fuzz_headers):
    response = case.call(headers=fuzz_headers)

    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        headers = {key.lower(): value for key, value in response.headers.items()}
        content_type = headers["content-type"]
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/problem+json"), (response.status_code, response.text)
