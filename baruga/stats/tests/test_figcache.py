"""The dashboards' figures kept per month (`baruga.stats.figcache`): a figure viewed again is not read from
the rollups again, and every change that could move it (a report of the month changing, a deleted report,
`rebuild_stats`, an evicted version, a rolled-back change) makes the next view read it afresh."""

import datetime as dt
import io
import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baruga.complaints import actions
from baruga.stats import figcache, selectors
from baruga.stats.tests.conftest import FEB
from baruga.stats.tests.helpers import at, file, random_workflows, wita

pytestmark = pytest.mark.django_db(transaction=True)  # versions move again after commit, as in production

ROLLUP_TABLES = ("stats_unitmonth", "stats_facet", "stats_stagedays", "stats_gridarea", "stats_statecount",
                 "stats_stagecount", "stats_ratingcount", "stats_gridcount")
SPRING = {"since": "2026-01", "until": "2026-06"}


def _view(kind, key, user, params):
    """(figures, number of queries that read a rollup)."""
    scope = selectors.scope_for(kind, key)
    filters = selectors.parse_filters(params, scope)
    with CaptureQueriesContext(connection) as ctx:
        figures = selectors.dashboard(scope, filters, user=user)
    return figures, sum(1 for q in ctx.captured_queries if any(t in q["sql"] for t in ROLLUP_TABLES))


def _fresh(kind, key, user, params):
    """The figures read from the rollups only (nothing kept in this process)."""
    figcache.clear()
    return _view(kind, key, user, params)[0]


def _same(a, b):
    assert {k: v for k, v in a.items() if k not in ("scope", "filters")} == {
        k: v for k, v in b.items() if k not in ("scope", "filters")}


@pytest.mark.parametrize("kind, name, user, params", [
    ("wilayah", "makassar", "citra", FEB), ("provinsi", "province", "indah", SPRING),
    ("provinsi", "province", "indah", {**SPRING, "category": "roads"}), ("opd", "pupr", "eko", SPRING),
])
def test_a_dashboard_viewed_again_reads_no_rollup_and_follows_each_change(known, cast, kind, name, user, params):
    obj, user = getattr(cast, name), getattr(cast, user)
    key = obj.pk if kind == "opd" else obj.code
    params = {k: (str(cast.roads.pk) if v == "roads" else v) for k, v in params.items()}
    first, reads = _view(kind, key, user, params)
    assert reads > 0
    again, reads = _view(kind, key, user, params)
    assert reads == 0
    _same(again, first)
    # A February report changes (R3 answered by Disdik): February is read again, and only February.
    with at(wita(2026, 2, 20, 10)):
        actions.respond(actor=cast.gita, report=known.r3, body="Sudah kami tangani di sekolah tersebut.")
    changed, reads = _view(kind, key, user, params)
    assert 0 < reads <= 8
    _same(changed, _fresh(kind, key, user, params))
    # A report of March changes nothing that February's view shows: it is served as kept.
    file(cast, when=wita(2026, 3, 2, 9), category=cast.city_road)
    if params["until"] == "2026-02":
        assert _view(kind, key, user, params)[1] == 0


def test_months_read_again_need_not_be_contiguous(known, cast):
    random_workflows(cast, reports=20, steps=60, seed=3)
    first, _reads = _view("provinsi", cast.province.code, cast.indah, SPRING)
    # Reports of February and April change; January, March, May and June stay kept.
    april = file(cast, when=wita(2026, 4, 6, 9), category=cast.city_road, lat="-5.135000", lon="119.412000")
    with at(wita(2026, 2, 25, 10)):
        actions.respond(actor=cast.gita, report=known.r3, body="Sudah kami tangani di sekolah tersebut.")
    with CaptureQueriesContext(connection) as ctx:
        changed, reads = _view("provinsi", cast.province.code, cast.indah, SPRING)
    assert reads > 0 and changed["total"] == first["total"] + 1 and april.pk
    rollup_sql = [q["sql"] for q in ctx.captured_queries if "stats_unitmonth" in q["sql"]]
    assert rollup_sql and all('"stats_unitmonth"."month" IN (' in sql for sql in rollup_sql)  # February, April
    _same(changed, _fresh("provinsi", cast.province.code, cast.indah, SPRING))


def test_a_deleted_report_moves_its_month(known, cast):
    before, _reads = _view("wilayah", cast.makassar.code, cast.citra, FEB)
    known.r3.delete()
    after, reads = _view("wilayah", cast.makassar.code, cast.citra, FEB)
    assert reads > 0 and after["total"] == before["total"] - 1


def test_rebuild_stats_moves_everything(known, cast):
    _view("wilayah", cast.makassar.code, cast.citra, FEB)
    call_command("rebuild_stats", stdout=io.StringIO())
    after, reads = _view("wilayah", cast.makassar.code, cast.citra, FEB)
    assert reads > 0 and after["total"] == 3


def test_an_evicted_version_is_never_taken_for_the_old_one(known, cast):
    _view("wilayah", cast.makassar.code, cast.citra, FEB)
    cache.delete(figcache.month_key(dt.date(2026, 2, 1)))  # evicted, or the cache emptied
    assert _view("wilayah", cast.makassar.code, cast.citra, FEB)[1] > 0
    cache.clear()
    assert _view("wilayah", cast.makassar.code, cast.citra, FEB)[1] > 0


def test_a_rolled_back_change_is_never_kept(known, cast):
    before, _reads = _view("wilayah", cast.makassar.code, cast.citra, FEB)
    with pytest.raises(RuntimeError), transaction.atomic():
        with at(wita(2026, 2, 20, 10)):
            actions.respond(actor=cast.gita, report=known.r3, body="Sudah kami tangani di sekolah tersebut.")
        inside, reads = _view("wilayah", cast.makassar.code, cast.citra, FEB)
        assert reads > 0 and inside["by_state"] != before["by_state"]  # its own change, read from the database
        raise RuntimeError("rolled back")
    after, _reads = _view("wilayah", cast.makassar.code, cast.citra, FEB)
    _same(after, before)


def test_months_to_come_and_anonymous_visitors_add_no_versions(known, cast, client):
    today = timezone.localdate().replace(day=1)
    later = (today + dt.timedelta(days=40)).replace(day=1)
    _view("wilayah", cast.makassar.code, cast.citra, {"since": "2026-02", "until": f"{later:%Y-%m}"})
    assert cache.get(figcache.month_key(dt.date(2026, 2, 1))) is not None
    assert cache.get(figcache.month_key(later)) is None  # nothing there yet: read each time, never kept
    page = reverse("stats:public_jurisdiction", args=[cast.makassar.code])
    response = client.get(page, {"since": "2001-01", "until": "2010-12"})
    assert response.status_code == 200
    assert not cache.get_many([figcache.month_key(dt.date(2001 + i // 12, 1 + i % 12, 1)) for i in range(120)])
    assert 'data-figure="total">3<' in client.get(page, FEB).content.decode()


def _page_queries(client, path, params):
    """(queries of one page view, of which reading a rollup)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, params).status_code == 200
    return len(ctx.captured_queries), sum(1 for q in ctx.captured_queries if any(t in q["sql"] for t in ROLLUP_TABLES))


@pytest.mark.parametrize("user, kind, name, limit", [
    ("citra", "wilayah", "makassar", 13), ("eko", "opd", "pupr", 10), ("indah", "provinsi", "province", 16),
])
def test_the_warm_page_reads_no_rollup_whatever_the_data(client, known, cast, user, kind, name, limit):
    client.force_login(getattr(cast, user))
    obj = getattr(cast, name)
    path = reverse("stats:dashboard", kwargs={"kind": kind, "key": obj.pk if kind == "opd" else obj.code})
    cold, cold_reads = _page_queries(client, path, SPRING)
    warm, warm_reads = _page_queries(client, path, SPRING)
    assert cold_reads > 0 and warm_reads == 0 and warm <= min(limit, cold - cold_reads + 1)
    random_workflows(cast, reports=25, steps=80, seed=5, start=wita(2026, 2, 9, 9))
    assert _page_queries(client, path, SPRING)[1] > 0  # the months that changed, read again
    warm, warm_reads = _page_queries(client, path, SPRING)
    assert warm_reads == 0 and warm <= limit  # (+1 at most: the session's last activity, saved now and then)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a concurrent reader needs PostgreSQL")
def test_a_reader_between_the_change_and_its_commit_does_not_keep_the_old_figures(known, cast):
    """Another request reads the old committed rows after the change moved the version but before it
    commits: what it keeps is found under that version only, and the commit moves the version again."""
    _view("wilayah", cast.makassar.code, cast.citra, FEB)
    seen = []

    def concurrent_view():
        from django.db import connections

        try:
            seen.append(_view("wilayah", cast.makassar.code, cast.citra, FEB))
        finally:
            connections.close_all()

    with transaction.atomic():
        with at(wita(2026, 2, 20, 10)):
            actions.respond(actor=cast.gita, report=known.r3, body="Sudah kami tangani di sekolah tersebut.")
        reader = threading.Thread(target=concurrent_view)
        reader.start()
        reader.join()
    old, reads = seen[0]
    assert reads > 0 and dict((r["key"], r["value"]) for r in old["by_state"])["dispatched"] == 1
    after, _reads = _view("wilayah", cast.makassar.code, cast.citra, FEB)
    assert dict((r["key"], r["value"]) for r in after["by_state"])["dispatched"] == 0
    _same(after, _fresh("wilayah", cast.makassar.code, cast.citra, FEB))
