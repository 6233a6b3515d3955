"""The PPID inbox's download: the inbox's rows in its order, scoped, audited, no requester identity."""

import csv
import io
import re

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from baruga.audit.models import AuditEntry
from baruga.ppid.tests.conftest import wita

URL = "/ppid/petugas/ekspor/"


def _rows(response):
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _screen(client, params):
    html = client.get("/ppid/petugas/", params).text
    return re.findall(r'href="/ppid/petugas/permohonan/([^/"]+)/"', html)


@pytest.fixture
def requests_(ppid, file_request, decided):
    with time_machine.travel(wita(2026, 3, 2, 10), tick=False):
        late, _ = file_request(information_wanted="Daftar penerima bantuan sosial tahun 2025.")
    others = [file_request()[0] for _ in range(3)]
    done, _ = decided()
    gowa, _ = file_request(jurisdiction=ppid.gowa, agency=None)
    return {"late": late, "others": others, "done": done, "gowa": gowa}


@pytest.mark.parametrize("params", [{}, {"status": "open"}, {"status": "decided"}, {"view": "overdue"},
                                    {"q": "bantuan"}])
def test_the_ppid_export_has_the_rows_of_the_inbox(client, ppid, requests_, params):
    client.force_login(ppid.rina)
    exported = [row[0] for row in _rows(client.get(URL, {**params, "format": "csv"}))[1:]]
    assert exported == _screen(client, params)
    assert requests_["gowa"].registration_number not in exported


def test_the_ppid_export_is_scoped_audited_and_has_no_identity(client, ppid, requests_):
    client.force_login(ppid.wati)
    assert [r[0] for r in _rows(client.get(URL, {"format": "csv"}))[1:]] == [requests_["gowa"].registration_number]
    client.force_login(ppid.rina)
    response = client.get(URL, {"format": "xlsx", "status": "open"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Nomor registrasi" and len(rows) == 1 + 4 + 0  # late + 3 others (gowa is not hers)
    text = str(rows)
    for secret in ("Rahmat Hidayat", "7371011203850002", "rahmat@contoh.id", "081234567890", "Cendrawasih"):
        assert secret not in text
    assert AuditEntry.objects.filter(action="ppid.export", actor=ppid.wati).count() == 1
    entry = AuditEntry.objects.get(action="ppid.export", actor=ppid.rina)
    assert entry.actor == ppid.rina and entry.details["rows"] == 4 and entry.details["filters"] == {"bucket": "open"}


def test_the_ppid_export_refuses_others_and_bad_formats(client, ppid, requests_):
    assert client.get(URL, {"format": "csv"}).status_code == 302
    client.force_login(ppid.citra)
    assert client.get(URL, {"format": "csv"}).status_code == 404
    client.force_login(ppid.rina)
    response = client.get(URL, {"format": "ods"})
    assert response.status_code == 400 and "pilih CSV atau XLSX" in response.text


def test_the_ppid_inbox_links_its_download_with_the_current_filters(client, ppid, requests_):
    assert reverse("ppid:inbox_export") == URL
    client.force_login(ppid.rina)
    html = client.get("/ppid/petugas/", {"status": "open", "q": "bantuan"}).text
    assert f'href="{URL}?status=open&amp;q=bantuan&amp;format=csv"' in html
    assert f'href="{URL}?status=open&amp;q=bantuan&amp;format=xlsx"' in html
