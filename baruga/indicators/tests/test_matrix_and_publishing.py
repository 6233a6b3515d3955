"""The province's matrix (traffic lights, lagging first, sorting, scope), reminders, exports, public page, API."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from baruga.audit.models import AuditEntry
from baruga.indicators import actions, permissions, selectors, sweep
from baruga.indicators.models import ReportingRound, Value, ValueStatus
from baruga.indicators.selectors import light
from baruga.notifications.models import Notification
from baruga.indicators.tests.conftest import png

pytestmark = pytest.mark.django_db
CODE = "spbe-layanan-terintegrasi"


@pytest.mark.parametrize("value, target, direction, expected", [
    ("90", "90", "higher", "green"), ("81", "90", "higher", "amber"), ("80.9", "90", "higher", "red"),
    ("5", "5", "lower", "green"), ("5.5", "5", "lower", "amber"), ("6", "5", "lower", "red"),
    (None, "5", "higher", ""), ("5", None, "higher", ""),
])
def test_traffic_lights_against_the_target(value, target, direction, expected):
    as_decimal = (lambda v: None if v is None else Decimal(v))
    assert light(as_decimal(value), as_decimal(target), direction) == expected


@pytest.fixture
def reported(cast, indicators):
    """Makassar 90 (target 80: green, up from 70 in 2025), Gowa 50 (target 80: red), the province none."""
    i = indicators[CODE]
    for where, who, value, year in [(cast.makassar, cast.citra, "70", 2025), (cast.makassar, cast.citra, "90", 2026),
                                    (cast.gowa, cast.dewi, "50", 2026)]:
        v = actions.enter_value(actor=who, indicator=i, jurisdiction=where, year=year, semester=0, value=value,
                                source="x", evidence=png())
        actions.verify_value(actor=cast.budi, value=v)
        actions.set_target(actor=cast.budi, indicator=i, jurisdiction=where, year=2026, semester=0, value="80")
    return cast


def _row(m, jurisdiction):
    return next(r for r in m.rows if r.jurisdiction.pk == jurisdiction.pk)


def test_the_province_sees_every_row_lagging_first_with_trend_and_averages(reported, indicators):
    cast = reported
    province, ids, sees_all = permissions.matrix_scope(cast.budi)
    m = selectors.matrix(province, ids, 2026, indicators=[indicators[CODE]])
    assert sees_all and [r.jurisdiction for r in m.rows][0] == cast.gowa  # the red one first
    makassar = _row(m, cast.makassar).cells[0]
    assert (makassar.number, makassar.light, makassar.trend, makassar.improving) == (Decimal("90"), "green", "up", True)
    assert _row(m, cast.gowa).cells[0].light == "red"
    assert m.averages == [Decimal("70.00")]  # (90 + 50) / 2


def test_sorting_by_an_indicator_puts_missing_values_last(reported, indicators):
    cast = reported
    province, ids, _all = permissions.matrix_scope(cast.budi)
    m = selectors.matrix(province, ids, 2026, indicators=[indicators[CODE]], sort=CODE, order="asc")
    assert [r.jurisdiction for r in m.rows] == [cast.gowa, cast.makassar, cast.province]


def test_a_regency_sees_its_own_row_and_the_provinces_averages(client, reported):
    cast = reported
    province, ids, sees_all = permissions.matrix_scope(cast.dewi)
    assert ids == {cast.gowa.pk} and not sees_all
    client.force_login(cast.dewi)
    page = client.get("/petugas/kinerja-program/?tahun=2026").content.decode()
    assert "Kabupaten Gowa" in page and "Kota Makassar" not in page and "Rata-rata kabupaten/kota" in page
    assert client.get(f"/petugas/kinerja-program/{CODE}/{cast.makassar.code}/").status_code == 404


def test_opd_staff_and_citizens_do_not_see_the_matrix(client, cast, indicators):
    for user in (cast.eko, cast.ayu):
        client.force_login(user)
        assert client.get("/petugas/kinerja-program/").status_code == 404


def test_an_uninstalled_formula_shows_belum_tersedia_never_a_number(client, cast, indicators, monkeypatch):
    from baruga.indicators import formulas

    installed = formulas.registry()
    monkeypatch.setattr(formulas, "registry", lambda: {k: f for k, f in installed.items()
                                                       if not k.startswith("satudata.")})
    Value.objects.create(indicator=indicators["stat-dataset-terbit"], jurisdiction=cast.gowa, year=2026, value=7,
                         status=ValueStatus.COMPUTED, entered_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    client.force_login(cast.budi)
    page = client.get("/petugas/kinerja-program/?program=statistik&tahun=2026").content.decode()
    assert page.count("belum tersedia") == 3 * 3  # three satudata indicators × the province, Makassar, Gowa
    assert "<strong>7</strong>" not in page  # a value stored earlier is not shown while the formula is missing
    data = client.get("/api/v1/indikator/program/statistik?tahun=2026").json()
    assert not any(i["available"] for i in data["indicators"])
    assert all(c["value"] is None for row in data["rows"] for c in row["cells"])


def test_exports_are_audited_and_carry_the_matrix(client, reported):
    client.force_login(reported.budi)
    response = client.get("/petugas/kinerja-program/ekspor.xlsx?tahun=2026")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content if response.streaming
                                              else [response.content]))).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Kabupaten Gowa" in cells and 50 in cells
    pdf = client.get("/petugas/kinerja-program/ekspor.pdf?tahun=2026")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="indicator.export").count() == 2


def test_the_public_page_shows_published_verified_values_only(client, reported, indicators):
    cast = reported
    actions.enter_value(actor=cast.citra, indicator=indicators[CODE], jurisdiction=cast.makassar, year=2026,
                        semester=2, value="99", source="x", evidence=png())  # submitted, not verified
    page = client.get("/kinerja-program/spbe/?tahun=2026").content.decode()
    assert "Aplikasi layanan yang terintegrasi" in page and "<svg" in page
    assert "99" not in page and "ASN bersertifikat" not in page  # unverified value, unpublished indicator
    assert client.get("/kinerja-program/tidak-ada/").status_code == 404


def test_the_api_is_typed_and_public_for_published_programs(client, reported):
    data = client.get("/api/v1/indikator/program/spbe?tahun=2026").json()
    gowa = next(r for r in data["rows"] if r["jurisdiction_code"] == reported.gowa.code)
    cell = next(c for c in gowa["cells"] if c["indicator"] == CODE)
    assert (Decimal(str(cell["value"])), cell["light"], Decimal(str(cell["target"]))) == (50, "red", 80)
    assert client.get("/api/v1/indikator/staff/matriks").status_code == 401
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/indikator/program/{code}" in schema["paths"] and "MatrixOut" in schema["components"]["schemas"]


def test_reminders_go_to_regencies_missing_values_once_within_the_working_day_window(cast, indicators):
    # Due Friday 14 August 2026, remind 3 working days before: from Tuesday 11 August.
    ReportingRound.objects.create(year=2026, semester=1, due_on=dt.date(2026, 8, 14), remind_working_days=3)
    for ind in indicators.values():
        if not ind.is_computed:
            v = Value.objects.create(indicator=ind, jurisdiction=cast.makassar, year=2026, semester=1, value=1,
                                     status=ValueStatus.SUBMITTED, entered_at=dt.datetime(2026, 8, 1, tzinfo=dt.UTC))
    with time_machine.travel(dt.datetime(2026, 8, 10, 2, tzinfo=dt.UTC), tick=False):
        assert sweep.run()["indicator_reminders"] == 0  # 4 working days before: too early
    with time_machine.travel(dt.datetime(2026, 8, 11, 2, tzinfo=dt.UTC), tick=False):
        sweep.run()
        sweep.run()
    reminded = Notification.objects.filter(kind=Notification.Kind.REMINDER)
    assert sorted(n.recipient.username for n in reminded) == ["budi", "dewi", "lina"]  # not citra: Makassar is done
    assert v.pk


def test_the_sweep_without_an_upcoming_deadline_and_fresh_figures_costs_two_queries(cast, indicators,
                                                                                     django_assert_num_queries):
    ReportingRound.objects.create(year=2025, semester=0, due_on=dt.date(2025, 12, 31))
    first = sweep.run()
    assert first["indicator_values_computed"] > 0  # the day's recompute
    with django_assert_num_queries(2):
        again = sweep.run()
    assert again["indicator_reminders"] == 0 and again["indicator_values_computed"] == 0


def test_the_daily_recompute_runs_again_the_next_day(cast, indicators):
    with time_machine.travel(dt.datetime(2026, 8, 10, 2, tzinfo=dt.UTC), tick=False):
        assert sweep.run()["indicator_values_computed"] > 0
        assert sweep.run()["indicator_values_computed"] == 0
    with time_machine.travel(dt.datetime(2026, 8, 11, 2, tzinfo=dt.UTC), tick=False):
        assert sweep.run()["indicator_values_computed"] > 0
    assert AuditEntry.objects.filter(action="indicator.recompute").count() == 2


def test_the_matrix_queries_do_not_grow_with_regencies_or_indicators(client, reported, indicators,
                                                                      django_assert_max_num_queries):
    from baruga.directory.models import Jurisdiction

    client.force_login(reported.budi)
    client.get("/petugas/kinerja-program/?tahun=2026")  # warm the session and reference caches
    with django_assert_max_num_queries(20) as first:
        client.get("/petugas/kinerja-program/?tahun=2026")
    for n in range(5):
        Jurisdiction.objects.create(code=f"73.{40 + n}", name=f"Kabupaten Uji {n}", level="regency",
                                    parent=reported.province)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/petugas/kinerja-program/?tahun=2026")


def test_the_staff_api_gives_each_their_scope(client, reported):
    cast = reported
    client.force_login(cast.budi)
    rows = client.get("/api/v1/indikator/staff/matriks?tahun=2026").json()["rows"]
    assert {r["jurisdiction_code"] for r in rows} == {"73", "73.71", "73.06"}
    client.force_login(cast.dewi)
    data = client.get("/api/v1/indikator/staff/matriks?tahun=2026").json()
    assert [r["jurisdiction_code"] for r in data["rows"]] == ["73.06"]
    assert Decimal(str(data["averages"][data["indicators"].index(next(
        i for i in data["indicators"] if i["code"] == CODE))])) == Decimal("70")
    client.force_login(cast.eko)
    assert client.get("/api/v1/indikator/staff/matriks").status_code == 404
    assert client.get("/api/v1/indikator/program/spbe?tahun=1999").status_code == 422


def test_the_navigation_links_the_matrix_for_admins_and_leaders_only(client, cast, indicators):
    client.force_login(cast.hadi)
    assert "/petugas/kinerja-program/" in client.get("/").content.decode()
    client.force_login(cast.eko)
    assert "/petugas/kinerja-program/" not in client.get("/").content.decode()
