"""schemathesis against the API through WSGI: every operation, generated requests, every check
that applies (no 500, status codes, content types and bodies as the OpenAPI document says)."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db


def test_api_conforms_to_its_schema(open_world, monkeypatch):
    # The rate limit is tested on its own (test_api.py); here it would only slow things down.
    monkeypatch.setattr(AnonRateThrottle, "allow_request", lambda self, request, view: True)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 12
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        def check(case):
            case.call_and_validate()

        check()
