"""The live rollups equal a recomputation from raw data, after random workflows."""

import threading
import types
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from baruga.complaints import actions
from baruga.complaints.models import Report, State
from baruga.stats import rollups
from baruga.stats.models import (
    Facet,
    GridArea,
    GridCount,
    RatingCount,
    ReportSnapshot,
    StageCount,
    StageDays,
    StageSnapshot,
    StageStop,
    StateCount,
    UnitMonth,
)

ALL = (StateCount, StageCount, RatingCount, GridCount, StageStop, UnitMonth, Facet, StageDays, GridArea)
from baruga.stats.tests.helpers import admin_of, at, file, random_workflows, wita


def _table(model):
    rows = ((tuple(str(getattr(r, f)) for f in model.KEY), tuple(getattr(r, m) for m in model.MEASURES))
            for r in model.objects.all())
    return sorted((key, values) for key, values in rows if any(values))


def test_random_workflows_live_equals_recomputed(cast):
    random_workflows(cast, reports=14, steps=90, seed=11)
    assert rollups.verify() == []
    live = {m: _table(m) for m in ALL}
    assert sum(n for _k, (n,) in live[StateCount]) == Report.objects.count()
    assert sum(v[0] for _k, v in live[UnitMonth]) == Report.objects.count()
    assert all(live[m] for m in ALL)
    rollups.rebuild()  # the coarse rollups by SQL GROUP BY over the fine ones: the same rows as kept live
    assert {m: _table(m) for m in ALL} == live
    assert rollups.verify() == []


def test_second_seed_and_rebuild_then_live_continues(cast):
    reports = random_workflows(cast, reports=8, steps=30, seed=3)
    rollups.rebuild()
    # After a rebuild the live path goes on from the rebuilt snapshots.
    for report in reports[:3]:
        report = Report.objects.get(pk=report.pk)
        if report.state == State.SUBMITTED:
            actions.archive(actor=admin_of(cast, report), report=report, reason="unclear")
    assert rollups.verify() == []


@pytest.mark.parametrize("point", [None, ("-5.135000", "119.415000")])
def test_a_filing_locks_the_shared_rollup_rows_last(cast, point):
    """The upserts of rows that every filing of a jurisdiction shares are the filing's last statements,
    so concurrent filings wait for each other's COMMIT only, not for their whole transaction."""
    lat, lon = point or (None, None)
    with CaptureQueriesContext(connection) as captured:
        file(cast, when=wita(2026, 2, 2, 9), lat=lat, lon=lon)
    statements = [q["sql"] for q in captured.captured_queries]
    shared = ("stats_statecount", "stats_unitmonth", "stats_facet", "stats_gridcount", "stats_gridarea")
    first = next(i for i, sql in enumerate(statements) if sql.startswith("INSERT") and any(t in sql for t in shared))
    after = [sql for sql in statements[first:] if not sql.startswith(("RELEASE SAVEPOINT", "COMMIT"))]
    assert all(sql.startswith("INSERT") and any(t in sql for t in shared) for sql in after), after
    assert any("notifications_outboxmessage" in sql for sql in statements[:first])
    assert rollups.verify() == []


def test_grid_rounds_half_up_to_hundredths(cast):
    assert rollups.grid_cell("-5.135000") == -513
    assert rollups.grid_cell("-5.135001") == -514
    assert rollups.grid_cell("119.415000") == 11942
    assert rollups.grid_cell("119.414999") == 11941
    file(cast, when=wita(2026, 2, 2, 9), lat="-5.135000", lon="119.415000")
    file(cast, when=wita(2026, 2, 2, 10), lat="-5.135001", lon="119.414999")
    assert rollups.verify() == []
    assert sorted(GridCount.objects.values_list("lat_cell", "lon_cell", "n")) == [(-514, 11941, 1), (-513, 11942, 1)]


def test_month_is_local_month_of_receipt(cast):
    # 31 January 23:30 WITA is 15:30 UTC: still January.
    file(cast, when=wita(2026, 1, 31, 23, 30))
    file(cast, when=wita(2026, 2, 1, 0, 30))
    assert sorted(str(m) for m in StateCount.objects.values_list("month", flat=True)) == ["2026-01-01", "2026-02-01"]
    assert rollups.verify() == []


def test_stages_count_in_the_local_month_they_ended(cast):
    # Filed in January; verified and dispatched 31 January 23:30 WITA (15:30 UTC) and 1 February 00:30 WITA
    # (still 31 January in UTC).
    late_january = file(cast, when=wita(2026, 1, 30, 9), category=cast.city_road)
    early_february = file(cast, when=wita(2026, 1, 30, 10), category=cast.city_road)
    for report, moment in ((late_january, wita(2026, 1, 31, 23, 30)), (early_february, wita(2026, 2, 1, 0, 30))):
        with at(moment):
            actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
            actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    stops = StageStop.objects.filter(n__gt=0).values_list("month", "stage")
    assert sorted((str(m), stage) for m, stage in stops) == [("2026-01-01", "verification"),
                                                             ("2026-02-01", "verification")]
    assert StageSnapshot.objects.get(report_id=early_february.pk).stopped_at == wita(2026, 2, 1, 0, 30)
    assert rollups.verify() == []
    rollups.rebuild()
    assert sorted(str(m) for m in StageStop.objects.values_list("month", flat=True)) == ["2026-01-01", "2026-02-01"]


def test_verify_stats_names_each_difference_and_exits_1(cast):
    file(cast, when=wita(2026, 2, 2, 9))
    call_command("verify_stats", stdout=StringIO())
    StateCount.objects.update(n=5)
    out = StringIO()
    with pytest.raises(CommandError) as exit_info:
        call_command("verify_stats", stdout=out)
    assert exit_info.value.returncode == 1
    assert "stats_statecount" in out.getvalue() and "state=submitted: live 5, recomputed 1" in out.getvalue()
    call_command("rebuild_stats", stdout=StringIO())
    assert rollups.verify() == []
    # A coarse rollup out of line is named too, with its measure.
    UnitMonth.objects.update(rated=F("rated") + 2)
    GridArea.objects.create(month="2026-02-01", province_id=cast.province.pk, lat_cell=1, lon_cell=1, n=1)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_stats", stdout=out)
    assert "stats_unitmonth" in out.getvalue() and "measure=rated: live 2, recomputed 0" in out.getvalue()
    assert "stats_gridarea" in out.getvalue() and "lat_cell=1 lon_cell=1: live 1, recomputed 0" in out.getvalue()
    call_command("rebuild_stats", stdout=StringIO())
    assert rollups.verify() == []


def test_province_map_cells_group_five_grid_cells(cast):
    # -5.135 -> cell -513 -> area floor(-513 / 5) = -103; 119.412 -> 11941 -> 2388; -5.2 -> -520 -> -104.
    file(cast, when=wita(2026, 2, 2, 9), lat="-5.135000", lon="119.412000")
    file(cast, when=wita(2026, 2, 2, 10), lat="-5.147665", lon="119.425000", location=cast.gowa)
    file(cast, when=wita(2026, 2, 2, 11), lat="-5.200000", lon="119.412000")
    assert sorted(GridArea.objects.values_list("province_id", "lat_cell", "lon_cell", "n")) == [
        (cast.province.pk, -104, 2388, 1), (cast.province.pk, -103, 2388, 2)]
    assert rollups.area_cell(-513) == -103 and rollups.area_cell(-515) == -103 and rollups.area_cell(-516) == -104
    assert rollups.verify() == []


def test_deleting_a_report_takes_it_out(cast):
    report = file(cast, when=wita(2026, 2, 2, 9), category=cast.city_road)
    file(cast, when=wita(2026, 2, 2, 10))
    with at(wita(2026, 3, 2, 10)):
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    assert sum(StageStop.objects.values_list("n", flat=True)) == 1
    Report.objects.filter(pk=report.pk).delete()
    assert sum(StateCount.objects.values_list("n", flat=True)) == 1
    assert sum(StageStop.objects.values_list("n", flat=True)) == 0
    assert not ReportSnapshot.objects.filter(pk=report.pk).exists()
    assert rollups.verify() == []


def test_the_migration_dates_the_stage_snapshots_and_fills_stage_stop(cast):
    """`0005_stagestop` fills existing data: stop moments from the clocks, StageStop from the snapshots."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("baruga.stats.migrations.0005_stagestop")
    random_workflows(cast, reports=10, steps=50, seed=5)
    expected = _table(StageStop)
    assert expected and rollups.verify() == []
    StageStop.objects.all().delete()
    StageSnapshot.objects.update(stopped_at=wita(2020, 1, 1, 0))
    migration.fill(apps, types.SimpleNamespace(connection=connection))  # what it uses of the schema editor
    assert _table(StageStop) == expected
    assert rollups.verify() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_transactions_move_reports_of_the_same_bucket(cast):
    reports = [file(cast, when=wita(2026, 3, 2, 9), category=cast.city_road),
               file(cast, when=wita(2026, 3, 2, 9, 5), category=cast.city_road)]
    barrier = threading.Barrier(2)
    errors = []

    def verify(report):
        from django.db import connections, transaction
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                actions.verify(actor=cast.citra, report=report, title=report.title)
        except Exception as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=verify, args=(r,)) for r in reports]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    counts = {r.state: r.n for r in StateCount.objects.all()}
    assert counts == {"submitted": 0, "verified": 2}
    assert rollups.verify() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_rebuild_stats_vacuums_the_refilled_tables_on_postgresql(cast):
    file(cast, when=wita(2026, 2, 2, 9))
    out = StringIO()
    call_command("rebuild_stats", stdout=out)
    assert "vacuumed" in out.getvalue()  # outside a transaction: VACUUM ran (it raises inside one)
    assert rollups.vacuum() is True
    assert rollups.verify() == []
