"""Baruga's own data: the complaint statistics, the PPID annual figures, the program indicators and the SPBE index,
published as open datasets of the walidata's OPD from the providers' `open_data.py`, refreshed daily."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from baruga.directory.models import Agency
from baruga.indicators.loading import load_programs
from baruga.indicators.models import Indicator, Target, Value, ValueStatus
from baruga.ppid import actions as ppid_actions
from baruga.ppid import exports as ppid_exports
from baruga.ppid import selectors as ppid_selectors
from baruga.ppid.tests.conftest import file_request, pdf_upload, ppid, wita  # noqa: F401 (fixtures)
from baruga.satudata import datastore, ownstats, sweep
from baruga.satudata.models import AccessLevel, Dataset, State
from baruga.spbe.models import Assessment

pytestmark = pytest.mark.django_db


def spec(key):
    return ownstats.registry()[key]


def diskominfo(jurisdiction):
    return Agency.objects.create(jurisdiction=jurisdiction, name="Dinas Komunikasi dan Informatika",
                                 short_name="Diskominfo")


def records(dataset, table_key):
    resource = dataset.resources.get(extras__own_data=table_key)
    return datastore.search(resource, limit=1000)["records"]


def test_the_providers_are_found_through_the_app_registry():
    assert {"statistik-pengaduan", "statistik-ppid", "indikator-program", "indeks-spbe"} <= set(ownstats.registry())


def test_complaint_statistics_are_published_and_refreshed_only_when_changed(cast, file_report):
    report = file_report()
    place = report.jurisdiction
    diskominfo(place)
    dataset = ownstats.publish(spec("statistik-pengaduan"), place)
    assert dataset.name == "statistik-pengaduan-" + place.code.replace(".", "-")
    assert dataset.state == State.PUBLISHED and dataset.is_public and dataset.agency.short_name == "Diskominfo"
    resource = dataset.resources.get()
    assert resource.datastore_active and resource.datastore.row_count == 1
    [row] = records(dataset, "laporan")
    assert (row["jumlah_laporan"], row["selesai"], row["kanal"]) == (1, 0, "Situs web")
    ownstats.publish(spec("statistik-pengaduan"), place)
    assert resource.versions.count() == 1  # unchanged table: nothing written
    file_report()
    ownstats.publish(spec("statistik-pengaduan"), place)
    assert resource.versions.count() == 2
    assert records(dataset, "laporan")[0]["jumlah_laporan"] == 2
    # jurisdictions without a Diskominfo get none; the daily sweep does not repeat itself
    assert ownstats.publish(spec("statistik-pengaduan"), cast.gowa) is None
    assert sweep.run()["satudata_own_data"] == 0
    assert Dataset.objects.filter(name__startswith="statistik-pengaduan-").count() == 1


def test_the_period_covered_follows_the_months_of_the_statistics(cast, file_report):
    with time_machine.travel(dt.datetime(2026, 10, 5, 2, tzinfo=dt.UTC), tick=False):
        report = file_report()
    place = report.jurisdiction
    diskominfo(place)
    dataset = ownstats.publish(spec("statistik-pengaduan"), place)
    assert (dataset.period_start, dataset.period_end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 1))
    with time_machine.travel(dt.datetime(2026, 12, 2, 2, tzinfo=dt.UTC), tick=False):
        file_report()
    dataset = ownstats.publish(spec("statistik-pengaduan"), place)
    assert (dataset.period_start, dataset.period_end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 1))
    assert dataset.events.filter(action="update").count() == 1  # once, when the span grew
    ownstats.publish(spec("statistik-pengaduan"), place)
    assert dataset.events.filter(action="update").count() == 1


def test_a_period_that_is_not_a_date_or_year_column_is_a_configuration_error():
    own = spec("statistik-pengaduan")
    table = replace(own.tables[0], period="kanal")  # a text column
    with pytest.raises(ImproperlyConfigured, match="period 'kanal' must name a date or int"):
        ownstats._validate("uji", replace(own, tables=(table,)))


def test_a_dataset_the_walidata_withdrew_is_left_alone(cast, file_report):
    report = file_report()
    diskominfo(report.jurisdiction)
    dataset = ownstats.publish(spec("statistik-pengaduan"), report.jurisdiction)
    Dataset.objects.filter(pk=dataset.pk).update(state=State.WITHDRAWN)
    file_report()
    ownstats.publish(spec("statistik-pengaduan"), report.jurisdiction)
    assert dataset.resources.get().versions.count() == 1


def test_a_settled_sweep_takes_a_constant_number_of_queries(cast, file_report, django_assert_max_num_queries):
    report = file_report()
    diskominfo(report.jurisdiction)
    assert sweep.run()["satudata_own_data"] == 1  # the complaints; nothing yet for PPID, indicators, SPBE
    with django_assert_max_num_queries(5):  # the fifth: datastore loads stuck in pending/loading (none)
        assert sweep.run() == {"satudata_review_reminders": 0, "satudata_overdue_reminders": 0,
                               "satudata_own_data": 0, "satudata_loads_requeued": 0, "satudata_loads_failed": 0}


# --- PPID ------------------------------------------------------------------------------------------

TEST = "Membuka dokumen ini sekarang merugikan kepentingan yang dilindungi Pasal 17."


@pytest.fixture
def ppid_2026(ppid, file_request):  # noqa: F811
    with time_machine.travel(wita(2026, 3, 2, 10), tick=False):
        r1, _ = file_request(agency=None)
        r2, _ = file_request()  # to Dinas PUPR
        file_request(agency=None)  # still pending
    with time_machine.travel(wita(2026, 3, 5, 10), tick=False):
        ppid_actions.decide(actor=ppid.rina, info_request=r1, outcome="granted", decision_text="Keputusan.",
                            documents=[pdf_upload()])
        ppid_actions.decide(actor=ppid.tono, info_request=r2, outcome="refused", decision_text="Keputusan.",
                            exemption_ground="h", consequence_test=TEST)
    diskominfo(ppid.makassar)
    return ppid


def test_ppid_annual_figures_are_the_annual_report(ppid_2026):
    place = ppid_2026.makassar
    with time_machine.travel(wita(2027, 1, 10, 10), tick=False):
        dataset = ownstats.publish(spec("statistik-ppid"), place)
        report = ppid_selectors.annual_report(2026, [place.pk])
    assert dataset.name == "statistik-ppid-73-71" and dataset.is_public
    assert (dataset.period_start, dataset.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert dataset.access_level == AccessLevel.OPEN
    summary = records(dataset, "ringkasan")
    assert len(summary) == len(ppid_exports.summary_rows(report)) == 2  # the PPID and the PUPR's PPID pembantu
    whole, pupr = summary
    figures = report.jurisdictions[0][1]
    assert (whole["tahun"], whole["ppid"], whole["diterima"], whole["diputuskan"], whole["belum_diputuskan"]) == (
        2026, "Kota Makassar", figures.received, figures.decided, figures.pending) == (2026, "Kota Makassar", 3, 2, 1)
    assert (whole["tepat_waktu"], whole["dikabulkan"], whole["ditolak"]) == (2, 1, 1)
    assert whole["rata_rata_hari_kerja"] == figures.average_days
    assert whole["rasio_dilayani"] == pytest.approx(figures.indicator)
    assert (pupr["jenis"], pupr["diterima"], pupr["ditolak"]) == ("PPID pembantu", 1, 1)
    [ground] = records(dataset, "alasan-penolakan")
    assert (ground["alasan_pengecualian"], ground["jumlah"]) == ("h. Mengungkap rahasia pribadi", 1)
    assert records(dataset, "keberatan") == []
    # nothing about the requesters
    assert "Rahmat" not in str(summary) and "7371011203850002" not in str(summary)


def test_ppid_figures_a_second_run_changes_nothing(ppid_2026):
    place = ppid_2026.makassar
    dataset = ownstats.publish(spec("statistik-ppid"), place)
    before = {r.pk: (r.hash, r.versions.count()) for r in dataset.resources.all()}
    modified = Dataset.objects.get(pk=dataset.pk).metadata_modified
    ownstats.publish(spec("statistik-ppid"), place)
    assert {r.pk: (r.hash, r.versions.count()) for r in dataset.resources.all()} == before
    assert Dataset.objects.get(pk=dataset.pk).metadata_modified == modified
    assert Dataset.objects.filter(name__startswith="statistik-ppid-").count() == 1
    assert dataset.resources.count() == 3


def test_the_ppid_dataset_answers_package_show_and_datastore_search(ppid_2026, client):
    dataset = ownstats.publish(spec("statistik-ppid"), ppid_2026.makassar)
    package = client.get("/api/3/action/package_show", {"id": dataset.name}).json()["result"]
    assert package["private"] is False and package["access_level"] == "open"
    assert package["organization"]["name"].endswith("diskominfo")
    by_name = {r["name"]: r for r in package["resources"]}
    summary = by_name["Ringkasan layanan informasi publik per tahun dan PPID"]
    assert summary["datastore_active"] is True and summary["datastore_status"] == "done"
    found = client.get("/api/3/action/datastore_search",
                       {"resource_id": summary["id"], "filters": '{"jenis": "PPID"}'}).json()["result"]
    assert [r["diterima"] for r in found["records"]] == [3]


# --- program indicators and SPBE ---------------------------------------------------------------------

@pytest.fixture
def indicator_values(cast):
    load_programs()
    shown, hidden = Indicator.objects.filter(is_active=True).order_by("code")[:2]
    Indicator.objects.filter(pk=shown.pk).update(is_published=True)
    Indicator.objects.filter(pk=hidden.pk).update(is_published=False)
    now = timezone.now()
    common = dict(jurisdiction=cast.makassar, entered_at=now, source="Laporan OPD")
    Value.objects.create(indicator=shown, year=2025, value=Decimal("72.5000"), status=ValueStatus.VERIFIED,
                         verified_at=now, **common)
    Value.objects.create(indicator=shown, year=2026, semester=1, value=Decimal("80"), status=ValueStatus.SUBMITTED,
                         **common)
    Value.objects.create(indicator=shown, year=2024, value=Decimal("60"), status=ValueStatus.RETURNED, **common)
    Value.objects.create(indicator=hidden, year=2025, value=Decimal("10"), status=ValueStatus.VERIFIED,
                         verified_at=now, **common)
    Target.objects.create(indicator=shown, jurisdiction=cast.makassar, year=2025, value=Decimal("75"))
    diskominfo(cast.makassar)
    return shown


def test_only_verified_values_of_published_indicators_are_published(cast, indicator_values):
    dataset = ownstats.publish(spec("indikator-program"), cast.makassar)
    assert dataset.name == "indikator-program-73-71" and dataset.is_public
    [row] = records(dataset, "nilai")
    assert (row["kode_indikator"], row["tahun"], row["semester"], row["periode"]) == (
        indicator_values.code, 2025, 0, "2025")
    assert (row["nilai"], row["target"], row["sumber"], row["terverifikasi"]) == (72.5, 75, "Laporan OPD", "ya")
    assert row["satuan"] == indicator_values.get_unit_display()
    # a draft verified later is published by the next run, as a new version
    Value.objects.filter(year=2026).update(status=ValueStatus.VERIFIED, verified_at=timezone.now())
    ownstats.publish(spec("indikator-program"), cast.makassar)
    assert [r["periode"] for r in records(dataset, "nilai")] == ["2025", "2026 SI"]
    assert dataset.resources.get().versions.count() == 2


def test_nothing_verified_publishes_no_dataset(cast):
    load_programs()
    Indicator.objects.update(is_published=True)
    Value.objects.create(indicator=Indicator.objects.first(), jurisdiction=cast.makassar, year=2025, value=1,
                         status=ValueStatus.SUBMITTED, entered_at=timezone.now())
    diskominfo(cast.makassar)
    assert ownstats.publish(spec("indikator-program"), cast.makassar) is None
    assert not Dataset.objects.filter(name__startswith="indikator-program-").exists()


def test_only_final_spbe_assessments_are_published(cast):
    now = timezone.now()
    Assessment.objects.create(jurisdiction=cast.makassar, year=2024, instrument_code="pan-59-2020", state="final",
                              index=Decimal("2.85"), predikat="Baik", created_at=now, finalised_at=now)
    Assessment.objects.create(jurisdiction=cast.makassar, year=2025, instrument_code="pan-59-2020", state="draft",
                              created_at=now)
    diskominfo(cast.makassar)
    dataset = ownstats.publish(spec("indeks-spbe"), cast.makassar)
    [row] = records(dataset, "indeks")
    assert (row["tahun"], row["indeks"], row["predikat"]) == (2024, 2.85, "Baik")
    assert row["tanggal_final"] == timezone.localdate(now).isoformat()
    assert dt.date.fromisoformat(row["tanggal_final"])
