"""Downloads of the staff inbox and the public list: the rows of the screen, in its order, scoped,
audited, capped and rate limited; never the reporter's identity."""

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from baruga.audit.models import AuditEntry
from baruga.complaints import actions
from baruga.complaints.models import State
from baruga.complaints.tests.builders import bring_to

INBOX = "/petugas/"
PUBLIC = "/laporan/"


def _csv_rows(response):
    assert response.status_code == 200, response.content[:500]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _export_ids(response):
    return [row[0] for row in _csv_rows(response)[1:]]


def _screen_ids(client, url, params, link=r'href="/petugas/laporan/([^/"]+)/"'):
    """Tracking ids on every page of a list, in screen order: following the pager's "Berikutnya" link
    (a cursor on the inbox, a page number on the public list)."""
    ids, html = [], client.get(url, params).text
    while True:
        ids += re.findall(link, html)
        following = re.search(r'<a href="(\?[^"]*)"[^>]*>' + re.escape("Berikutnya"), html)
        if following is None:
            return ids
        html = client.get(url + unescape(following.group(1))).text


@pytest.fixture
def many(cast, file_report):
    """27 Makassar reports (more than one inbox page), a few dispatched to each OPD, one confidential."""
    reports = []
    for i in range(27):
        title = f"Jalan rusak nomor {i}" if i % 2 else f"Lampu padam nomor {i}"
        reports.append(file_report(category=cast.city_road, title=title))
    for report in reports[:4]:
        bring_to(report, State.DISPATCHED, agency=cast.pupr)
    for report in reports[4:6]:
        bring_to(report, State.DISPATCHED, agency=cast.disdik)
    for report in reports[6:9]:
        bring_to(report, State.VERIFIED)
    actions.verify(actor=cast.citra, report=reports[9], title=reports[9].title, category=cast.city_road,
                   is_confidential=True)
    return reports


@pytest.mark.parametrize("params", [
    {}, {"status": "unverified"}, {"q": "Jalan"}, {"sort": "due"}, {"status": "dispatched", "sort": "due"},
    {"view": "overdue"}, {"category": "999999"}, {"agency": "x"},
])
def test_the_inbox_export_has_the_rows_of_the_screen_in_its_order(client, cast, many, params):
    client.force_login(cast.citra)
    screen = _screen_ids(client, INBOX, params)
    exported = _export_ids(client.get(reverse("complaints:inbox_export"), {**params, "format": "csv"}))
    assert exported == screen
    if not params:
        assert len(exported) == 27  # every page, not just the first 25


def test_the_export_filters_by_agency_like_the_page(client, cast, many):
    client.force_login(cast.citra)
    params = {"agency": str(cast.pupr.pk)}
    exported = _export_ids(client.get(reverse("complaints:inbox_export"), {**params, "format": "csv"}))
    assert exported == _screen_ids(client, INBOX, params)
    assert sorted(exported) == sorted(r.tracking_id for r in many[:4])


def test_an_opd_sub_admin_exports_only_its_own_reports(client, cast, many):
    client.force_login(cast.eko)
    exported = _export_ids(client.get(reverse("complaints:inbox_export"), {"format": "csv"}))
    assert sorted(exported) == sorted(r.tracking_id for r in many[:4])
    client.force_login(cast.gita)
    assert sorted(_export_ids(client.get(reverse("complaints:inbox_export"), {"format": "csv"}))) == sorted(
        r.tracking_id for r in many[4:6])
    client.force_login(cast.joko)  # Gowa's PUPR: nothing of Makassar
    assert _export_ids(client.get(reverse("complaints:inbox_export"), {"format": "csv"})) == []


def test_the_export_never_carries_the_reporters_identity(client, cast, file_report):
    file_report(category=cast.city_road, contact_name="Ayu Lestari", contact_email="ayu.lestari@contoh.id",
                contact_phone="081234567890")
    anon = file_report(category=cast.city_road, is_anonymous=True, contact_name="Rahasia Sekali")
    bring_to(anon, State.DISPATCHED, agency=cast.pupr)
    for user in (cast.citra, cast.eko):
        client.force_login(user)
        body = "\n".join(",".join(row) for row in _csv_rows(
            client.get(reverse("complaints:inbox_export"), {"format": "csv"})))
        for secret in ("Ayu Lestari", "ayu.lestari@contoh.id", "081234567890", "Rahasia Sekali", "ayu"):
            assert secret not in body


def test_the_columns_are_those_announced(client, cast, dispatched_report):
    client.force_login(cast.citra)
    rows = _csv_rows(client.get(reverse("complaints:inbox_export"), {"format": "csv"}))
    assert rows[0][:4] == ["Nomor pelacakan", "Diterima", "Jenis", "Judul"]
    assert "OPD" in rows[0] and "Status" in rows[0] and "Batas waktu" in rows[0]
    row = dict(zip(rows[0], rows[1]))
    assert row["Nomor pelacakan"] == dispatched_report.tracking_id
    assert row["OPD"] == "Dinas PUPR Makassar"
    assert row["Instansi penerima"] == "Kota Makassar"
    assert row["Status"] == "Terdisposisi, belum ditindaklanjuti"
    assert row["Kategori"] == "Jalan kabupaten/kota"


def test_formulas_in_titles_are_neutralised(client, cast, file_report):
    file_report(category=cast.city_road, title='=HYPERLINK("http://jahat.example","klik")')
    file_report(category=cast.city_road, title="@SUM(1+1) lampu padam di jalan")
    client.force_login(cast.citra)
    titles = [row[3] for row in _csv_rows(client.get(reverse("complaints:inbox_export"), {"format": "csv"}))[1:]]
    assert sorted(titles) == sorted(["'=HYPERLINK(\"http://jahat.example\",\"klik\")",
                                     "'@SUM(1+1) lampu padam di jalan"])
    response = client.get(reverse("complaints:inbox_export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    values = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(v.startswith("'") for v in values)


def test_the_xlsx_opens_with_openpyxl_and_matches_the_csv(client, cast, many):
    client.force_login(cast.citra)
    csv_rows = _csv_rows(client.get(reverse("complaints:inbox_export"), {"format": "csv", "q": "Lampu"}))
    response = client.get(reverse("complaints:inbox_export"), {"format": "xlsx", "q": "Lampu"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert re.fullmatch(r'attachment; filename="kotak-masuk-\d{4}-\d{2}-\d{2}\.xlsx"', response["Content-Disposition"])
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active.iter_rows(
        values_only=True))
    assert list(rows[0]) == csv_rows[0]
    assert [row[0] for row in rows[1:]] == [row[0] for row in csv_rows[1:]]


@pytest.mark.parametrize("fmt", ["pdf", "", "xls"])
def test_an_unknown_format_gets_a_clear_message_and_nothing_is_audited(client, cast, many, fmt):
    client.force_login(cast.citra)
    response = client.get(reverse("complaints:inbox_export"), {"format": fmt})
    assert response.status_code == 400
    assert "Format unduhan tidak dikenal; pilih CSV atau XLSX." in response.text
    assert not AuditEntry.objects.filter(action="report.export").exists()
    public = client.get(reverse("complaints:public_export"), {"format": fmt})
    assert public.status_code == 400 and "pilih CSV atau XLSX" in public.text


def test_each_staff_export_is_audited_with_its_filters_and_row_count(client, cast, many):
    client.force_login(cast.citra)
    _csv_rows(client.get(reverse("complaints:inbox_export"), {"format": "csv", "status": "dispatched",
                                                              "q": "Ayu Lestari"}))
    _csv_rows(client.get(reverse("complaints:inbox_export"), {"format": "csv", "status": "dispatched"}))
    entries = list(AuditEntry.objects.filter(action="report.export").order_by("id"))
    assert len(entries) == 2
    assert entries[1].actor == cast.citra
    assert entries[1].details == {"list": "staff_inbox", "format": "csv", "rows": 6,
                                  "filters": {"bucket": "dispatched"}}
    assert entries[0].details["filters"] == {"bucket": "dispatched", "q": True}  # never the search text
    assert "Ayu" not in str(entries[0].details)
    from baruga.audit.services import ACTIONS

    assert "report.export" in ACTIONS


def test_a_list_over_the_cap_is_refused_with_a_message(client, cast, many, settings):
    settings.EXPORT_MAX_ROWS = 6
    client.force_login(cast.citra)
    response = client.get(reverse("complaints:inbox_export"), {"format": "xlsx"})
    assert response.status_code == 400
    assert "Daftar ini berisi 27 laporan, melebihi batas unduhan 6 baris" in response.text
    assert not AuditEntry.objects.filter(action="report.export").exists()
    # Narrowed to the cap, it passes.
    assert len(_export_ids(client.get(reverse("complaints:inbox_export"), {"format": "csv",
                                                                           "status": "dispatched"}))) == 6


def test_exports_are_rate_limited(client, cast, dispatched_report, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": "2/m"}
    client.force_login(cast.citra)
    for _ in range(2):
        assert client.get(reverse("complaints:inbox_export"), {"format": "csv"}).status_code == 200
    refused = client.get(reverse("complaints:inbox_export"), {"format": "csv"})
    assert refused.status_code == 429 and refused["Retry-After"]


def test_citizens_and_visitors_cannot_export_the_inbox(client, cast, dispatched_report):
    assert client.get(reverse("complaints:inbox_export"), {"format": "csv"}).status_code == 302
    client.force_login(cast.ayu)
    assert client.get(reverse("complaints:inbox_export"), {"format": "csv"}).status_code == 404


@pytest.mark.parametrize("params", [{}, {"q": "Jalan"}, {"q": "tidak-ada-apa-apa"}])
def test_the_public_export_has_the_rows_of_the_public_list(client, cast, many, params):
    screen = _screen_ids(client, PUBLIC, params, link=r'href="/laporan/([A-Z0-9-]+)/"')
    exported = _export_ids(client.get(reverse("complaints:public_export"), {**params, "format": "csv"}))
    assert exported == screen
    confidential = many[9].tracking_id
    assert confidential not in exported
    if not params:
        assert len(exported) == 9  # 4 + 2 dispatched, 3 verified; the confidential and unverified are not public


def test_the_public_export_has_no_staff_columns(client, cast, many):
    header = _csv_rows(client.get(reverse("complaints:public_export"), {"format": "csv"}))[0]
    assert "Batas waktu" not in header and "Anonim" not in header and "Rahasia" not in header


def test_the_lists_link_to_their_exports_with_the_current_filters(client, cast, many):
    client.force_login(cast.citra)
    html = client.get(INBOX, {"status": "dispatched", "q": "Jalan", "page": "1"}).text
    assert 'href="/petugas/ekspor/?status=dispatched&amp;q=Jalan&amp;format=csv"' in html
    assert 'href="/petugas/ekspor/?status=dispatched&amp;q=Jalan&amp;format=xlsx"' in html
    html = client.get(PUBLIC, {"q": "Jalan"}).text
    assert 'href="/laporan/ekspor/?q=Jalan&amp;format=csv"' in html
