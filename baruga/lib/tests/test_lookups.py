"""`AnyOf` (baruga/lib/lookups.py): the same rows as `__in`, on PostgreSQL (one array parameter) and SQLite."""

import uuid

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from baruga.directory.models import Agency, Jurisdiction, Level
from baruga.lib.lookups import AnyOf
from baruga.satudata.models import Dataset, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    province = Jurisdiction.objects.create(code="99", name="Provinsi Uji", level=Level.PROVINCE)
    return [Agency.objects.create(jurisdiction=province, name=f"Dinas {i}") for i in range(5)]


def test_it_finds_the_rows_in_the_list_as_in_does(agencies):
    wanted = [agencies[3].pk, agencies[0].pk, agencies[3].pk, 10**9]
    got = set(Agency.objects.filter(AnyOf(F("pk"), wanted)).values_list("pk", flat=True))
    assert got == set(Agency.objects.filter(pk__in=wanted).values_list("pk", flat=True)) == \
        {agencies[0].pk, agencies[3].pk}


def test_it_follows_a_foreign_key_column(agencies):
    other = Jurisdiction.objects.create(code="98", name="Provinsi Lain", level=Level.PROVINCE)
    Agency.objects.create(jurisdiction=other, name="Dinas Lain")
    assert Agency.objects.filter(AnyOf(F("jurisdiction_id"), [other.pk])).count() == 1
    assert Agency.objects.filter(AnyOf(F("jurisdiction_id"), [agencies[0].jurisdiction_id, other.pk])).count() == 6


def test_uuids_are_compared_as_uuids(agencies):
    dataset = Dataset.objects.create(name="uji-any-of", title="Uji", jurisdiction=agencies[0].jurisdiction,
                                     agency=agencies[0], state=State.PUBLISHED)
    assert list(Dataset.objects.filter(AnyOf(F("pk"), [dataset.pk, uuid.uuid4()])).values_list("name", flat=True)) \
        == ["uji-any-of"]


def test_an_empty_list_matches_nothing_without_a_query(agencies):
    with CaptureQueriesContext(connection) as queries:
        assert list(Agency.objects.filter(AnyOf(F("pk"), []))) == []
    assert len(queries) == 0


def test_the_list_is_one_array_parameter_on_postgresql_and_in_elsewhere(agencies):
    ids = [a.pk for a in agencies]
    with CaptureQueriesContext(connection) as queries:
        assert Agency.objects.filter(AnyOf(F("pk"), ids)).count() == 5
    sql = queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql
