"""Schema-based fuzzing of /api/v1 (schemathesis, in-process through the WSGI app, no network).

Every operation of the OpenAPI document gets generated requests, anonymously and with a staff API
key holding every scope: no answer may be a 5xx, and every answer (errors included) must match the
documented status codes, content types and schemas. Bounded for CI: FUZZ_EXAMPLES examples per
operation (default 12), a fixed seed, no shrinking; about a minute on two cores.
"""

import os

import pytest
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

import schemathesis
from baruga.apikeys import services as keys
from baruga.apikeys.models import Scope

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture
def wsgi_app(db):
    """The real WSGI application; like Django's test client, keep the test's connection open."""
    from baruga.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)


@pytest.fixture
def world(cast, dispatched_report, file_report):
    """Something to find: reports in several states (their tracking ids replace most generated ones)."""
    fresh = file_report(title="Laporan baru")
    guest, _secret = file_report(guest=True)
    cast.tracking_ids = [dispatched_report.tracking_id, fresh.tracking_id, guest.tracking_id]
    return cast


def _aim(case, tracking_ids):
    """Point two thirds of the generated tracking ids at real reports, so actions run on real data."""
    generated = (case.path_parameters or {}).get("tracking_id")
    if generated is not None:
        choice = sum(map(ord, str(generated))) % (len(tracking_ids) + 1)
        if choice < len(tracking_ids):
            case.path_parameters["tracking_id"] = tracking_ids[choice]


def _fuzz(api_schema, headers, tracking_ids):
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        def run(case):
            _aim(case, tracking_ids)
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)


def test_fuzz_anonymously(api_schema, world):
    _fuzz(api_schema, {}, world.tracking_ids)


def test_fuzz_with_a_staff_api_key(api_schema, world):
    _key, secret = keys.create_key(owner=world.citra, name="fuzz", scopes=Scope.values, rate_limit="1000000/m")
    _fuzz(api_schema, {"Authorization": f"Bearer {secret}"}, world.tracking_ids)
