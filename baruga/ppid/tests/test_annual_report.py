"""The annual public report against known data: counts, working-day times, outcomes and grounds,
objections and disputes, the program indicator per jurisdiction, the page, the XLSX and the PDF."""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from baruga.ppid import actions, permissions, selectors
from baruga.ppid.tests.conftest import pdf_upload, wita

TEST = "Membuka dokumen ini sekarang merugikan kepentingan yang dilindungi Pasal 17."


def _at(moment, call):
    with time_machine.travel(moment, tick=False):
        return call()


def _decide(actor, info_request, outcome, ground="", docs=True):
    return actions.decide(actor=actor, info_request=info_request, outcome=outcome, decision_text="Keputusan.",
                          exemption_ground=ground, consequence_test=TEST if ground else "",
                          documents=[pdf_upload()] if docs else [])


@pytest.fixture
def year_2026(ppid, file_request):
    f = file_request
    r1, _ = _at(wita(2026, 3, 2, 10), lambda: f(agency=None))
    _at(wita(2026, 3, 5, 10), lambda: _decide(ppid.rina, r1, "granted"))                  # 2 working days
    r2, _ = _at(wita(2026, 3, 16, 10), lambda: f(agency=None))
    _at(wita(2026, 4, 6, 9), lambda: actions.extend(actor=ppid.rina, info_request=r2, reason="Arsip di gudang."))
    _at(wita(2026, 4, 14, 10), lambda: _decide(ppid.rina, r2, "refused", "a", docs=False))  # 14, on time (extended)
    r3, secret = _at(wita(2026, 3, 2, 10), lambda: f())                                    # to Dinas PUPR
    _at(wita(2026, 3, 31, 10), lambda: _decide(ppid.tono, r3, "partly_granted", "h"))     # 15, late
    guest = permissions.guest_access(r3, secret)
    _at(wita(2026, 4, 1, 10), lambda: actions.file_objection(actor=guest, info_request=r3, ground="a",
                                                             reason="Terlalu banyak yang dihitamkan."))
    _at(wita(2026, 4, 20, 10), lambda: actions.answer_objection(actor=ppid.sari, info_request=r3, answer="rejected",
                                                                text="Keputusan PPID sudah tepat."))
    _at(wita(2026, 4, 29, 10), lambda: actions.record_dispute(actor=ppid.rina, info_request=r3,
                                                              filed_on=dt.date(2026, 4, 28),
                                                              registration_number="007/IV/KI-SS/2026"))
    _at(wita(2026, 6, 2, 10), lambda: f(agency=None))                                     # pending
    _at(wita(2026, 12, 31, 23, 30), lambda: f(agency=None))                               # still 2026 in Makassar
    _at(wita(2027, 1, 1, 0, 30), lambda: f(agency=None))                                  # 2027 (2026 in UTC)
    _at(wita(2025, 12, 30, 10), lambda: f(agency=None))                                   # 2025
    g1, _ = _at(wita(2026, 5, 4, 10), lambda: f(jurisdiction=ppid.gowa, agency=None))
    _at(wita(2026, 5, 5, 10), lambda: _decide(ppid.wati, g1, "not_held", docs=False))
    _at(wita(2026, 7, 1, 10), lambda: f(jurisdiction=ppid.province, agency=None))         # pending
    return ppid


def _by_name(report):
    return {j.name: (figures, agencies) for j, figures, agencies in report.jurisdictions}


def test_the_figures_of_one_jurisdiction(year_2026):
    with time_machine.travel(wita(2027, 2, 1), tick=False):
        report = selectors.annual_report(2026, permissions.report_jurisdiction_ids(year_2026.rina))
    assert [j.name for j, _f, _a in report.jurisdictions] == ["Kota Makassar"]
    figures, agencies = _by_name(report)["Kota Makassar"]
    assert (figures.received, figures.decided, figures.pending, figures.on_time, figures.extended) == (5, 3, 2, 2, 1)
    assert sorted(figures.durations) == [2, 14, 15]
    assert figures.average_days == 10.3 and figures.max_days == 15
    assert figures.outcomes == {"granted": 1, "refused": 1, "partly_granted": 1}
    assert figures.refusal_grounds == {"a": 1, "h": 1}
    assert (figures.objections, figures.objections_rejected, figures.disputes) == (1, 1, 1)
    assert figures.objection_grounds == {"a": 1} and figures.dispute_outcomes == {"pending": 1}
    assert figures.indicator == 0.6
    [(agency, pupr)] = agencies
    assert agency == year_2026.pupr and (pupr.received, pupr.decided, pupr.indicator) == (1, 1, 1.0)
    assert report.due_on == dt.date(2027, 3, 31)


def test_the_province_sees_each_regency_and_city_and_the_whole(year_2026):
    report = selectors.annual_report(2026, permissions.report_jurisdiction_ids(year_2026.umar))
    by_name = _by_name(report)
    assert by_name["Provinsi Sulawesi Selatan"][0].indicator == 0.0
    assert by_name["Kabupaten Gowa"][0].indicator == 1.0
    assert by_name["Kota Makassar"][0].indicator == 0.6
    assert (report.total.received, report.total.decided) == (7, 4)
    assert report.total.indicator == round(4 / 7, 4)


def test_who_may_read_the_report(year_2026, client):
    for who, status in [("rina", 200), ("sari", 200), ("hadi", 200), ("umar", 200), ("indah", 200),
                        ("budi", 404), ("citra", 404), ("tono", 404), ("eko", 404)]:
        client.force_login(getattr(year_2026, who))
        assert client.get("/ppid/laporan-tahunan/", {"year": 2026}).status_code == status, who


def test_the_page_shows_the_figures(year_2026, client):
    client.force_login(year_2026.rina)
    page = client.get("/ppid/laporan-tahunan/", {"year": 2026}).content.decode()
    assert "60,0%" in page and "10,3" in page
    assert "h. Mengungkap rahasia pribadi" in page and "Sengketa di Komisi Informasi" in page


def test_the_spreadsheet_has_the_same_figures(year_2026, client):
    client.force_login(year_2026.umar)
    response = client.get("/ppid/laporan-tahunan/", {"year": 2026, "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="laporan-ppid-2026.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    rows = {row[0]: row for row in book["Ringkasan"].iter_rows(min_row=5, values_only=True)}
    makassar = rows["Kota Makassar"]
    assert makassar[1:9] == ("PPID", 5, 3, 2, 1, 2, 10.3, 15)
    assert makassar[-1] == 0.6
    assert rows["Dinas PUPR Makassar"][1] == "PPID pembantu"
    assert rows["Jumlah"][2] == 7
    grounds = list(book["Alasan penolakan"].iter_rows(min_row=2, values_only=True))
    assert ("Kota Makassar", "a. Menghambat proses penegakan hukum", 1) in grounds


def test_the_pdf_has_a_table_of_the_figures(year_2026, client):
    client.force_login(year_2026.rina)
    response = client.get("/ppid/laporan-tahunan/", {"year": 2026, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Laporan Layanan Informasi Publik Tahun 2026" in text
    assert "Kota Makassar" in text and "60,0%" in text and "10,3" in text


def test_an_empty_year_has_no_indicator(ppid, client):
    report = selectors.annual_report(2019, [ppid.makassar.pk])
    figures = report.jurisdictions[0][1]
    assert figures.received == 0 and figures.indicator is None and figures.average_days is None
    client.force_login(ppid.rina)
    assert client.get("/ppid/laporan-tahunan/", {"year": 2019, "format": "pdf"}).status_code == 200
