"""Computed indicators against hand-counted fixtures, and the discovery of formulas."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from baruga.clocks.models import Clock, ClockKind
from baruga.complaints import indicator_formulas as complaints
from baruga.complaints.models import Report, State
from baruga.indicators import actions, formulas, permissions
from baruga.indicators.models import Value, ValueStatus
from baruga.ppid import indicator_formulas as ppid_formulas
from baruga.ppid import selectors as ppid_selectors
from baruga.ppid.tests.conftest import file_request, ppid  # noqa: F401 (fixtures)
from baruga.ppid.tests.test_annual_report import year_2026  # noqa: F401 (fixture)
from baruga.security import indicator_formulas as security
from baruga.security.models import Incident, SecurityEvent
from baruga.stats import indicator_formulas as stats_formulas
from baruga.stats import rollups

WITA = ZoneInfo("Asia/Makassar")
AUGUST = (dt.date(2026, 8, 1), dt.date(2026, 8, 31))


@pytest.fixture(autouse=True)
def makassar_time(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    settings.OFFICE_CLOSES_AT = "16:00"


def wita(month, day, hour=9):
    return dt.datetime(2026, month, day, hour, tzinfo=WITA)


@pytest.fixture
def august(cast, file_report):
    """Makassar: 6 reports filed in August; clocks written by hand with known outcomes."""
    with time_machine.travel(wita(8, 3), tick=False):
        reports = [file_report(category=cast.city_road, title=f"Laporan {i}") for i in range(6)]
        gowa = file_report(category=cast.city_road, location=cast.gowa, district=None, title="Gowa")
    Clock.objects.all().delete()

    def clock(report, kind, stop, outcome, agency=None):
        Clock.objects.create(report=report, kind=kind, jurisdiction=report.jurisdiction, agency=agency,
                             started_at=wita(8, 3), working_days=3, due_at=wita(8, 6, 16), stopped_at=stop,
                             outcome=outcome)

    V, F = ClockKind.VERIFICATION, ClockKind.FOLLOW_UP
    # Verification: 3 on time, 1 late, 1 cancelled (not counted) → 3 of 4.
    clock(reports[0], V, wita(8, 3, 15), Clock.Outcome.ON_TIME)
    clock(reports[1], V, wita(8, 4, 15), Clock.Outcome.ON_TIME)
    clock(reports[2], V, wita(8, 5, 15), Clock.Outcome.ON_TIME)
    clock(reports[3], V, wita(8, 12, 15), Clock.Outcome.LATE)
    clock(reports[4], V, wita(8, 4, 15), Clock.Outcome.CANCELLED)
    # Follow-up: 1 on time, 1 late → 1 of 2; one stopped in September is outside the period.
    clock(reports[0], F, wita(8, 10, 15), Clock.Outcome.ON_TIME, cast.pupr)
    clock(reports[1], F, wita(8, 20, 15), Clock.Outcome.LATE, cast.pupr)
    clock(reports[2], F, wita(9, 2, 15), Clock.Outcome.ON_TIME, cast.pupr)
    clock(gowa, V, wita(8, 4, 15), Clock.Outcome.LATE)
    # Finished 3 (ratings 5, 4, 2) of the 6; one archived (not judged) → 3 of 5; satisfied 2 of 3.
    for report, rating in zip(reports[:3], (5, 4, 2)):
        Report.objects.filter(pk=report.pk).update(state=State.FINISHED, finished_at=wita(8, 25), rating=rating)
    Report.objects.filter(pk=reports[5].pk).update(state=State.ARCHIVED)
    for report in [*reports, gowa]:
        rollups.sync_report(report.pk)
    return cast


def test_complaints_verified_and_followed_up_on_time(august):
    cast = august
    assert stats_formulas.verified_on_time(cast.makassar, *AUGUST) | {"explanation": ""} == {
        "value": 75.0, "numerator": 3, "denominator": 4, "explanation": ""}
    followed = stats_formulas.followed_up_on_time(cast.makassar, *AUGUST)
    assert (followed["value"], followed["numerator"], followed["denominator"]) == (50.0, 1, 2)
    gowa = stats_formulas.verified_on_time(cast.gowa, *AUGUST)
    assert (gowa["value"], gowa["numerator"], gowa["denominator"]) == (0.0, 0, 1)


def test_complaints_finished_and_satisfaction(august):
    cast = august
    finished = complaints.finished_share(cast.makassar, *AUGUST)
    assert (finished["value"], finished["numerator"], finished["denominator"]) == (60.0, 3, 5)
    assert "3 dari 5" in finished["explanation"]
    satisfied = complaints.satisfaction(cast.makassar, *AUGUST)
    assert (satisfied["value"], satisfied["numerator"], satisfied["denominator"]) == (66.67, 2, 3)


def test_a_period_without_data_has_no_value_not_zero(august):
    empty = complaints.finished_share(august.makassar, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert empty["value"] is None and empty["denominator"] == 0


def test_ppid_served_ratio_equals_the_annual_reports_indicator(year_2026):  # noqa: F811
    cast = year_2026
    with time_machine.travel(dt.datetime(2027, 2, 1, tzinfo=WITA), tick=False):
        result = ppid_formulas.requests_served_ratio(cast.makassar, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        annual = ppid_selectors.annual_report(2026, [cast.makassar.pk]).jurisdictions[0][1]
    # Makassar 2026: 5 registered (two in March to the PPID, one to Dinas PUPR, June, 31 December), 3 decided.
    assert (result["numerator"], result["denominator"], result["value"]) == (3, 5, 60.0)
    assert Decimal(str(result["value"])) / 100 == Decimal(str(annual.indicator))


def test_security_counts_for_the_province_that_runs_the_installation(cast):
    SecurityEvent.objects.create(kind="account_locked", severity="medium", created_at=wita(3, 1))
    SecurityEvent.objects.create(kind="mass_download", severity="high", created_at=wita(3, 2))
    SecurityEvent.objects.create(kind="mass_download", severity="high", created_at=wita(9, 2))
    on_time = Incident.objects.create(title="A", personal_data_breach=True, detected_at=wita(3, 1))
    Incident.objects.filter(pk=on_time.pk).update(subjects_notified_at=wita(3, 2), authority_notified_at=wita(3, 3))
    late = Incident.objects.create(title="B", personal_data_breach=True, detected_at=wita(4, 1))
    Incident.objects.filter(pk=late.pk).update(subjects_notified_at=wita(4, 2), authority_notified_at=wita(4, 6))
    Incident.objects.create(title="C", personal_data_breach=False, detected_at=wita(4, 1))
    semester = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert security.events_detected(cast.province, *semester)["value"] == 2
    result = security.incidents_within_3x24h(cast.province, *semester)
    assert (result["value"], result["numerator"], result["denominator"]) == (50.0, 1, 2)
    assert security.events_detected(cast.makassar, *semester)["value"] is None


def test_formulas_are_discovered_in_the_installed_apps():
    keys = set(formulas.registry())
    assert {"complaints.verified_on_time", "complaints.followed_up_on_time", "complaints.finished_share",
            "complaints.satisfaction", "ppid.requests_served_ratio", "security.events_detected",
            "security.incidents_within_3x24h"} <= keys


def test_a_key_no_app_provides_is_not_available_and_stores_nothing(cast, indicators):
    result = formulas.compute("nobody.nothing", cast.makassar, *AUGUST)
    assert not result.available and result.value is None and "Belum tersedia" in result.explanation
    indicator = indicators["ikp-laporan-selesai"]
    indicator.formula_key = "nobody.nothing"
    indicator.save()
    outcome = actions.recompute(actor=cast.budi, indicator=indicator, jurisdiction=cast.makassar, year=2026,
                                semester=0)
    assert not outcome.available and not Value.objects.exists()


def test_recompute_keeps_the_value_with_numerator_and_denominator(august, indicators):
    cast = august
    actions.recompute(actor=cast.budi, indicator=indicators["ikp-laporan-selesai"], jurisdiction=cast.makassar,
                      year=2026, semester=2)
    value = Value.objects.get()
    assert (value.value, value.numerator, value.denominator, value.status) == (
        Decimal("60"), Decimal("3"), Decimal("5"), ValueStatus.COMPUTED)
    with pytest.raises(Exception, match="Hanya admin provinsi"):
        actions.recompute(actor=cast.citra, indicator=indicators["ikp-laporan-selesai"],
                          jurisdiction=cast.makassar, year=2026, semester=2)


def test_recompute_all_covers_the_province_and_its_regencies(august, indicators):
    done = actions.recompute_all(actor=permissions.SYSTEM, province=august.province, year=2026, semester=2)
    available = sum(1 for i in indicators.values() if i.is_computed and formulas.is_available(i.formula_key))
    assert done == available * 3  # the province, Makassar and Gowa
