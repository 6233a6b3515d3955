"""The SPBE operations fuzzed like the rest of the API (`complaints/tests/test_api_fuzz.py`: schemathesis,
valid and invalid input, every documented status and shape; PostgreSQL only, slow), with something to
find: a final result and an assessment in progress."""

import pytest

from baruga.apikeys import services as keys
from baruga.apikeys.models import Scope
from baruga.complaints.tests.test_api_fuzz import _fuzz, api_schema, pytestmark, wsgi_app  # noqa: F401
from baruga.spbe import actions
from baruga.spbe.tests.conftest import YEAR, accept_all, answer_all


@pytest.fixture
def spbe_world(cast):
    final = actions.open_assessment(cast.citra, jurisdiction=cast.makassar, year=YEAR - 1)
    answer_all(cast.citra, final)
    actions.submit(cast.citra, final)
    accept_all(cast.budi, final)
    actions.finalise(cast.budi, final)
    actions.open_assessment(cast.citra, jurisdiction=cast.makassar, year=YEAR)
    return cast


def test_fuzz_spbe_anonymously_and_with_a_staff_key(api_schema, spbe_world):  # noqa: F811
    schema = api_schema.include(path_regex="^/api/v1/spbe/")
    assert len(list(schema.get_all_operations())) == 5
    _fuzz(schema, {}, [])
    _key, secret = keys.create_key(owner=spbe_world.citra, name="fuzz", scopes=Scope.values, rate_limit="1000000/m")
    _fuzz(schema, {"Authorization": f"Bearer {secret}"}, [])
