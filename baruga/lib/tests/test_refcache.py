"""The per-process reference cache (baruga.lib.refcache): the directory, deadline policies and the
calendar are read once per process and re-read after any change — in this process, in another one
(through the shared cache, a real Redis here), and never from a change that was rolled back."""

import datetime as dt
import json
import re

import pytest
from django.core import signals
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from baruga.clocks import services as clocks
from baruga.clocks.calendar import calendar_of
from baruga.clocks.models import CalendarDay, ClockKind, ClockPolicy
from baruga.complaints.forms import ReportForm
from baruga.complaints.models import Report
from baruga.directory import lookup
from baruga.directory.models import Category, District, Jurisdiction
from baruga.lib import refcache

A_MONDAY = dt.date(2026, 11, 9)


def queries(call):
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, len(captured.captured_queries)


@pytest.fixture
def redis_cache(settings):
    """The default cache in a real Redis (database 9, emptied), as several worker processes share it."""
    settings.CACHES = {"default": {"BACKEND": "baruga.lib.cache.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/9"}}
    cache.clear()
    refcache.clear()
    yield cache
    cache.clear()
    refcache.clear()


@pytest.mark.django_db(transaction=True)
def test_reference_data_is_read_once_and_again_after_a_change(cast, redis_cache):
    assert lookup.regency_by_code("73.71").name == "Kota Makassar"
    found, n = queries(lambda: lookup.regency_by_code("73.71"))
    assert (found.name, n) == ("Kota Makassar", 0)
    assert lookup.regency_by_code("73") is None  # the province is not a regency/city
    assert lookup.regency_by_code("99.99") is None

    cast.makassar.name = "Kota Makassar Baru"
    cast.makassar.save()
    assert lookup.regency_by_code("73.71").name == "Kota Makassar Baru"

    assert calendar_of(cast.makassar.pk).is_working_day(A_MONDAY)
    _, n = queries(lambda: calendar_of(cast.makassar.pk).is_working_day(A_MONDAY))
    assert n == 0
    CalendarDay.objects.create(date=A_MONDAY, name="Hari Jadi Kota", jurisdiction=cast.makassar)
    assert not calendar_of(cast.makassar.pk).is_working_day(A_MONDAY)
    assert calendar_of(cast.gowa.pk).is_working_day(A_MONDAY)  # another jurisdiction's holiday

    assert clocks.duration(ClockKind.VERIFICATION, jurisdiction_id=cast.makassar.pk) == 3
    ClockPolicy.objects.create(clock=ClockKind.VERIFICATION, jurisdiction=cast.makassar, working_days=2)
    assert clocks.duration(ClockKind.VERIFICATION, jurisdiction_id=cast.makassar.pk) == 2
    assert clocks.duration(ClockKind.VERIFICATION, jurisdiction_id=cast.gowa.pk) == 3


@pytest.mark.django_db(transaction=True)
def test_a_change_made_by_another_process_is_seen_through_the_shared_version(cast, redis_cache):
    assert lookup.category_by_slug("jalan-kota").name == "Jalan kabupaten/kota"
    # Another process renames the category: its signal moves the version in Redis. Here that is the
    # same as an UPDATE without signal followed by the other process's bump.
    Category.objects.filter(pk=cast.city_road.pk).update(name="Jalan kota")
    assert lookup.category_by_slug("jalan-kota").name == "Jalan kabupaten/kota"  # this process: still cached
    redis_cache.set(refcache.VERSION_KEY, 1, None)
    assert lookup.category_by_slug("jalan-kota").name == "Jalan kota"
    assert lookup.category_by_slug("jalan") is None  # not a leaf
    assert lookup.category_by_slug("jalan", leaf=False).name == "Jalan dan Jembatan"


@pytest.mark.django_db(transaction=True)
def test_a_request_reads_the_shared_version_once_and_work_outside_a_request_every_time(cast, redis_cache,
                                                                                        monkeypatch):
    reads = []
    shared_version = refcache._shared_version
    monkeypatch.setattr(refcache, "_shared_version", lambda: reads.append(1) or shared_version())
    lookup.regency_by_code("73.71"), lookup.leaf_category(cast.city_road.pk), calendar_of(cast.makassar.pk)
    assert len(reads) >= 3  # no request: every lookup asks the shared cache

    reads.clear()
    signals.request_started.send(sender=None)
    lookup.regency_by_code("73.71"), lookup.leaf_category(cast.city_road.pk), calendar_of(cast.makassar.pk)
    assert len(reads) == 1
    # A change made in this request moves the version, and its own later lookups see it.
    cast.makassar.name = "Kota Makassar Baru"
    cast.makassar.save()
    assert lookup.regency_by_code("73.71").name == "Kota Makassar Baru"
    signals.request_finished.send(sender=None)

    # Another process's change is seen by the next request.
    Category.objects.filter(pk=cast.city_road.pk).update(name="Jalan kota")
    redis_cache.set(refcache.VERSION_KEY, 1, None)
    signals.request_started.send(sender=None)
    assert lookup.leaf_category(cast.city_road.pk).name == "Jalan kota"
    signals.request_finished.send(sender=None)


@pytest.mark.django_db(transaction=True)
def test_an_uncommitted_change_is_seen_only_by_its_own_transaction_and_a_rollback_leaves_nothing(cast, redis_cache):
    assert calendar_of(cast.makassar.pk).is_working_day(A_MONDAY)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        CalendarDay.objects.create(date=A_MONDAY, name="Hari Jadi Kota", jurisdiction=cast.makassar)
        assert not calendar_of(cast.makassar.pk).is_working_day(A_MONDAY)  # its own change, from the database
        raise Abort
    assert calendar_of(cast.makassar.pk).is_working_day(A_MONDAY)
    _, n = queries(lambda: calendar_of(cast.makassar.pk))
    assert n == 0  # cached again once the transaction is over


@pytest.mark.django_db(transaction=True)
def test_a_cached_lookup_is_a_copy_the_caller_may_change(cast, redis_cache):
    found = lookup.regency_by_code("73.71")
    found.name = "diubah pemanggil"
    assert lookup.regency_by_code("73.71").name == "Kota Makassar"
    assert lookup.parent_of(found).pk == cast.province.pk


@pytest.mark.django_db(transaction=True)
def test_the_filing_forms_option_lists_are_rendered_once_per_language_and_follow_changes(cast, redis_cache):
    first = str(ReportForm())
    again, n = queries(lambda: str(ReportForm()))
    assert again == first and n == 0
    assert "Kota Makassar" in first and "Tamalate" in first
    with translation.override("en"):
        english = str(ReportForm())
    assert english != first and "Kota Makassar" in english

    Category.objects.create(slug="jalan-desa", name="Jalan desa", parent=cast.roads, authority="regency")
    assert "Jalan desa" in str(ReportForm())
    # A form sent back with a choice keeps the choice (that select is rendered, not taken from the cache).
    bound = ReportForm(data={"location": cast.gowa.pk, "title": ""})
    assert re.search(rf'<option value="{cast.gowa.pk}" selected>', str(bound))


@pytest.mark.django_db(transaction=True)
def test_filing_through_the_api_reads_no_reference_data_once_warm(cast, redis_cache, client):
    body = {"kind": "complaint", "title": "Jalan berlubang", "location_code": "73.71",
            "category_slug": "jalan-kota", "contact_email": "warga@contoh.id", "district_id": cast.tamalate.pk,
            "body": "Lubang besar di depan sekolah, sudah dua minggu belum diperbaiki."}

    def file():
        response = client.post("/api/v1/reports", json.dumps(body), content_type="application/json",
                               HTTP_X_FORWARDED_PROTO="https")
        assert response.status_code == 201, response.content
        return response

    file()
    with CaptureQueriesContext(connection) as captured:
        file()
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    for table in ("directory_jurisdiction", "directory_category", "directory_district", "clocks_clockpolicy",
                  "clocks_calendarday"):
        assert table not in tables
    assert len(captured.captured_queries) <= 20
    report = Report.objects.order_by("-pk").first()
    assert report.jurisdiction_id == cast.makassar.pk and report.due_at is not None
    assert report.clocks.get().due_at == report.due_at


def test_each_test_starts_without_cached_reference_data(db):
    assert refcache._values == {}
    Jurisdiction.objects.create(code="73", name="Provinsi", level="province")
    assert lookup.jurisdiction_by_code("73").name == "Provinsi"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("field, value", [
    ("location", "province"), ("location", "inactive"), ("location", "abc"), ("location", "999999"),
    ("category", "parent"), ("category", "inactive"), ("category", "-1"), ("district", "999999"),
    ("district", "abc"),
])
def test_the_filing_form_refuses_what_its_lists_do_not_offer(cast, redis_cache, field, value):
    cast.gowa.is_active = False
    cast.gowa.save()
    retired = Category.objects.create(slug="lama", name="Kategori lama", parent=cast.roads, is_active=False)
    values = {"province": cast.province.pk, "inactive": cast.gowa.pk if field == "location" else retired.pk,
              "parent": cast.roads.pk}
    data = {"kind": "complaint", "title": "Jalan berlubang", "submission_token": "6f1f6a1e-3c1f-4a35-9f0e-1c2d3e4f5a6b",
            "body": "Lubang besar di depan sekolah, sudah dua minggu belum diperbaiki.",
            "location": cast.makassar.pk, "category": cast.city_road.pk}
    data[field] = values.get(value, value)
    form = ReportForm(data=data)
    assert not form.is_valid()
    assert list(form.errors) == [field]
    assert form.errors[field][0].startswith("Masukkan pilihan yang valid")


@pytest.mark.django_db(transaction=True)
def test_the_filing_form_accepts_its_choices_without_a_query(cast, redis_cache):
    data = {"kind": "complaint", "title": "Jalan berlubang", "submission_token": "6f1f6a1e-3c1f-4a35-9f0e-1c2d3e4f5a6b",
            "body": "Lubang besar di depan sekolah, sudah dua minggu belum diperbaiki.",
            "location": cast.makassar.pk, "category": cast.city_road.pk, "district": cast.tamalate.pk}
    assert ReportForm(data=data).is_valid()
    form, n = queries(lambda: ReportForm(data=data))
    valid, n = queries(form.is_valid)
    assert valid and n == 0
    assert form.cleaned_data["location"].pk == cast.makassar.pk
    assert form.cleaned_data["category"].pk == cast.city_road.pk
    assert form.cleaned_data["district"].jurisdiction.name == "Kota Makassar"

    new = District.objects.create(jurisdiction=cast.makassar, name="Kepulauan Sangkarrang")
    assert ReportForm(data={**data, "district": new.pk}).is_valid()
    assert not ReportForm(data={**data, "district": cast.somba_opu.pk}).is_valid()  # Gowa's
