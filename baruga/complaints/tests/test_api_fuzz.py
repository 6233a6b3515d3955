"""Schema-based fuzzing of /api/v1 (schemathesis, in-process through the WSGI app, no network).

Every operation of the OpenAPI document gets the schema's examples, the coverage phase (boundary
values, every documented constraint broken one at a time, missing required parameters and headers,
methods the path does not declare) and generated requests, valid (positive) and invalid (negative),
anonymously and with a staff API key holding every scope. Every check schemathesis has must pass:

- no 5xx; status codes, content types, headers and bodies as documented, errors included;
- negative_data_rejection: input the schema forbids is refused (4xx), never carried out;
- positive_data_acceptance: input the schema allows is not refused as malformed (the domain may still
  answer 401/403/404/409/429, which are allowed here: a generated tracking id rarely exists);
- unsupported_method / allow_header_conformance: 405 with an ``Allow`` header for undeclared methods;
- missing_required_header, ignored_auth: operations that declare authentication enforce it;
- use_after_free, ensure_resource_availability, object_level_authorization: they judge sequences of
  calls, so a third test chains calls along the links schemathesis infers from the answers (a filed
  report's tracking id, a jurisdiction's code, a notification's id). The API deletes nothing, so
  use_after_free finds nothing to judge; it runs all the same, so nothing is silently left out.
- refused_only_beyond_the_schema (ours): valid input is refused with 400 only for what no schema can
  know (see BEYOND_THE_SCHEMA); every other rule is in the schema (`baruga.lib.api_fields`).

Bounded for CI: FUZZ_EXAMPLES generated examples per operation and mode (default 12) besides the
examples and the coverage phase, FUZZ_SEQUENCES chains of up to 6 calls (default 25), derandomized (a
fixed seed), no shrinking: about 5,300 requests, some 75 seconds of CPU (two to three minutes on two
busy cores).

Run on PostgreSQL only: the suite runs twice in CI (PostgreSQL and SQLite), the API layer under test is
the same on both, and running the slowest module of the suite twice buys nothing.
"""

import os

import hypothesis
import pytest
from django.core import signals
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase

import schemathesis
from baruga.apikeys import services as keys
from baruga.apikeys.models import Scope
from baruga.complaints import actions
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.hypothesis.builder import HypothesisTestConfig, HypothesisTestMode, create_test

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
SEQUENCES = int(os.environ.get("FUZZ_SEQUENCES", "25"))
# What no schema can know in advance: whether a well-formed reference names something (a code, a slug, an
# id, a page cursor), what an uploaded file really contains, and today's date. Such input is refused with
# 400 naming the field (`baruga.api`); every other rule about the input is in the schema.
BEYOND_THE_SCHEMA = {"location_code", "category_slug", "jurisdiction_code", "agency_id", "district_id", "into",
                     "category", "location", "jurisdiction", "agency", "cursor", "files", "event_date",
                     "received_on", "end"}  # "end": a period that ends before it starts, or lasts too long
pytestmark = [
    pytest.mark.filterwarnings("ignore"),
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="fuzzed once, on PostgreSQL (see the docstring)"),
]


def refused_only_beyond_the_schema(ctx, response, case):
    """Valid input may be refused with 400 only for what no schema can know (see BEYOND_THE_SCHEMA)."""
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 400:
        return None
    fields = {error.get("field") for error in response.json().get("errors", [])}
    assert fields and fields <= BEYOND_THE_SCHEMA, \
        f"Schema-valid input refused for a rule the schema does not state: {response.json()}"
    return None


def all_checks():
    load_all_checks()
    return [*CHECKS.get_all(), refused_only_beyond_the_schema]


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
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    # allow_x00=False: a NUL character is refused in every input, before any schema is read
    # (baruga/request_guard.py, a 400 tested for every kind of input in baruga/tests/test_request_guard.py),
    # so valid data is generated without it.
    schema.config.generation.update(modes=list(GenerationMode), max_examples=EXAMPLES, deterministic=True,
                                    no_shrink=True, database="none", allow_x00=False)
    # 400 for valid input is judged by refused_only_beyond_the_schema.
    acceptance = schema.config.checks.positive_data_acceptance
    acceptance.expected_statuses = [*acceptance.expected_statuses, "400"]
    return schema


@pytest.fixture
def world(cast, dispatched_report, file_report):
    """Something to find: reports in several states (their tracking ids replace most generated ones)."""
    fresh = file_report(title="Laporan baru")
    guest, _secret = file_report(guest=True)
    deferred = file_report(title="Laporan ditunda", category=cast.city_road)
    actions.verify(actor=cast.citra, report=deferred, title=deferred.title, category=cast.city_road)
    actions.defer(actor=cast.citra, report=deferred, reason="Menunggu anggaran perubahan")
    cast.tracking_ids = [dispatched_report.tracking_id, fresh.tracking_id, guest.tracking_id, deferred.tracking_id]
    return cast


def _aim(case, tracking_ids):
    """Point four fifths of the generated tracking ids at real reports, so actions run on real data, valid
    or invalid (a path generated to be invalid stays as it is: it must be refused)."""
    generated = (case.path_parameters or {}).get("tracking_id")
    if generated is None or case.meta is None or case.meta.is_negative_at(ParameterLocation.PATH):
        return
    choice = sum(map(ord, str(generated))) % (len(tracking_ids) + 1)
    if choice < len(tracking_ids):
        case.path_parameters["tracking_id"] = tracking_ids[choice]


def _fuzz(api_schema, headers, tracking_ids):
    checks = all_checks()
    settings = hypothesis.settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                                   phases=[Phase.explicit, Phase.generate], report_multiple_bugs=True,
                                   suppress_health_check=list(HealthCheck))
    failures = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        def run(case):
            _aim(case, tracking_ids)
            case.call_and_validate(headers=headers, checks=checks)

        test = create_test(operation=operation, test_func=run, config=HypothesisTestConfig(
            project=api_schema.config, modes=list(HypothesisTestMode), settings=settings))
        try:
            test()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures)


def test_fuzz_anonymously(api_schema, world):
    _fuzz(api_schema, {}, world.tracking_ids)


def test_fuzz_with_a_staff_api_key(api_schema, world):
    _key, secret = keys.create_key(owner=world.citra, name="fuzz", scopes=Scope.values, rate_limit="1000000/m")
    _fuzz(api_schema, {"Authorization": f"Bearer {secret}"}, world.tracking_ids)


def test_fuzz_sequences_with_a_staff_api_key(api_schema, world):
    """Chains of calls along the links schemathesis infers (file a report, then read or act on it by the
    tracking id in the answer): what needs a sequence to judge (ensure_resource_availability, use_after_free)."""
    _key, secret = keys.create_key(owner=world.citra, name="fuzz", scopes=Scope.values, rate_limit="1000000/m")
    headers = {"Authorization": f"Bearer {secret}"}
    checks = all_checks()

    class Sequences(api_schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=checks, headers=headers, transport_kwargs=kwargs or None,
                                   recorder=self.recorder)

    Sequences.run(settings=hypothesis.settings(
        max_examples=SEQUENCES, stateful_step_count=6, derandomize=True, deadline=None, database=None,
        phases=[Phase.generate], suppress_health_check=list(HealthCheck)))
