"""The pages without a browser: filing, receipt, following, objection, the staff inbox and actions."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baruga.ppid import actions
from baruga.ppid.models import InformationRequest, RequestState
from baruga.ppid.tests.conftest import REQUEST, pdf_upload, wita


def _form(ppid, **overrides):
    data = {k: v for k, v in REQUEST.items()}
    data.update(jurisdiction=ppid.makassar.pk, agency=ppid.pupr.pk,
                submission_token="6f1f9a8e-0d2b-4d6a-9f5e-2f0c1c7a1b11")
    data.update(overrides)
    return data


def test_the_ppid_page_links_the_register_and_the_form(client, ppid):
    page = client.get("/ppid/").content.decode()
    assert 'href="/ppid/dip/"' in page and 'href="/ppid/mohon/"' in page


def test_a_guest_files_gets_a_receipt_and_follows_the_private_link(client, ppid):
    response = client.post("/ppid/mohon/", _form(ppid))
    info_request = InformationRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/ppid/mohon/terkirim/{info_request.registration_number}/"
    receipt = client.get(response.url).content.decode()
    follow = re.search(r'id="follow-link" href="([^"]+)"', receipt).group(1)
    assert info_request.registration_number in receipt
    page = client.get(follow)
    assert REQUEST["name"] in page.content.decode()
    assert "Batas waktu" in page.content.decode()


def test_the_receipt_is_only_for_the_browser_that_filed(client, ppid):
    client.post("/ppid/mohon/", _form(ppid))
    number = InformationRequest.objects.get().registration_number
    client.cookies.clear()
    assert client.get(f"/ppid/mohon/terkirim/{number}/").url == f"/ppid/lacak/{number}/"


@pytest.mark.parametrize("field, message", [
    ("purpose", "Bidang ini tidak boleh kosong."),
    ("name", "Bidang ini tidak boleh kosong."),
    ("address", "Bidang ini tidak boleh kosong."),
])
def test_an_incomplete_form_shows_errors_and_registers_nothing(client, ppid, field, message):
    page = client.post("/ppid/mohon/", _form(ppid, **{field: ""}))
    assert page.status_code == 200 and message in page.content.decode()
    assert not InformationRequest.objects.exists()


def test_the_actions_own_rules_show_on_the_form(client, ppid):
    page = client.post("/ppid/mohon/", _form(ppid, identity_number="123"))
    assert "NIK harus terdiri dari 16 angka." in page.content.decode()
    assert not InformationRequest.objects.exists()


def test_tracking_by_number(client, ppid, file_request):
    info_request, _ = file_request()
    assert client.get("/ppid/lacak/", {"number": info_request.registration_number.lower()}).status_code == 302
    assert client.get("/ppid/lacak/", {"number": "PPID-7371-2026-999999"}).status_code == 404


def test_the_requester_objects_from_the_follow_page(client, ppid, file_request):
    with time_machine.travel(wita(2026, 3, 2, 10), tick=False):
        info_request, secret = file_request()
    with time_machine.travel(wita(2026, 3, 17, 9), tick=False):
        page = client.get(f"/ppid/lacak/{info_request.registration_number}/?k={secret}").content.decode()
        assert 'id="ajukan-keberatan"' in page
        response = client.post(f"/ppid/lacak/{info_request.registration_number}/keberatan/",
                               {"k": secret, "ground": "c", "reason": "Sudah lewat 10 hari kerja tanpa jawaban."})
        assert response.url == f"/ppid/lacak/{info_request.registration_number}/?k={secret}"
    info_request.refresh_from_db()
    assert info_request.state == RequestState.OBJECTED


def test_an_objection_without_the_secret_is_not_found(client, ppid, file_request):
    info_request, _ = file_request()
    response = client.post(f"/ppid/lacak/{info_request.registration_number}/keberatan/",
                           {"ground": "c", "reason": "Tanpa kode rahasia mencoba keberatan."})
    assert response.status_code == 404


def test_the_ppid_decides_from_the_staff_page_with_a_document(client, ppid, file_request):
    info_request, _ = file_request()
    client.force_login(ppid.rina)
    page = client.get(f"/ppid/petugas/permohonan/{info_request.registration_number}/").content.decode()
    assert 'id="action-decide"' in page and 'id="action-extend"' in page
    response = client.post(f"/ppid/petugas/permohonan/{info_request.registration_number}/decide/", {
        "outcome": "granted", "decision_text": "Kontrak terlampir.", "documents": [pdf_upload()]})
    assert response.status_code == 302
    info_request.refresh_from_db()
    assert info_request.outcome == "granted" and info_request.documents.count() == 1
    page = client.get(response.url).content.decode()
    assert "Berhasil: Putuskan permohonan." in page


def test_a_refused_action_on_the_staff_page_shows_why(client, ppid, file_request):
    info_request, _ = file_request()
    client.force_login(ppid.rina)
    response = client.post(f"/ppid/petugas/permohonan/{info_request.registration_number}/decide/", {
        "outcome": "refused", "decision_text": "Ditolak."}, follow=True)
    assert "Pilih alasan pengecualian menurut Pasal 17" in response.content.decode()
    info_request.refresh_from_db()
    assert info_request.decided_at is None


def test_a_non_ppid_cannot_open_the_ppid_inbox(client, ppid):
    client.force_login(ppid.citra)
    assert client.get("/ppid/petugas/").status_code == 404
    client.logout()
    assert client.get("/ppid/petugas/").status_code == 302  # to the login page


def _inbox_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ppid/petugas/")
    assert response.status_code == 200
    return len(queries)


def test_the_inbox_costs_the_same_queries_for_3_or_12_requests(client, ppid, file_request):
    for _ in range(3):
        file_request()
    client.force_login(ppid.rina)
    few = _inbox_queries(client)
    for _ in range(9):
        file_request()
    many = _inbox_queries(client)
    assert few == many == 7, few


def test_the_inbox_lists_overdue_requests(client, ppid, file_request):
    with time_machine.travel(wita(2026, 3, 2, 10), tick=False):
        late, _ = file_request()
    fresh, _ = file_request()
    client.force_login(ppid.rina)
    page = client.get("/ppid/petugas/", {"view": "overdue"}).content.decode()
    assert late.registration_number in page and fresh.registration_number not in page


def test_the_staff_page_shows_the_deadline_explanation(client, ppid, file_request):
    with time_machine.travel(wita(2026, 3, 16, 10), tick=False):
        info_request, _ = file_request()
    client.force_login(ppid.tono)
    page = client.get(f"/ppid/petugas/permohonan/{info_request.registration_number}/").content.decode()
    assert "Hari Suci Nyepi" in page and "07-04-2026 16:00" in page


def test_the_atasan_answers_from_the_staff_page(client, ppid, decided):
    with time_machine.travel(wita(2026, 11, 2, 9), tick=False):
        info_request, secret = decided()
        actions.file_objection(actor=actions.permissions.guest_access(info_request, secret),
                               info_request=info_request, ground="a", reason="Terlalu banyak yang dihitamkan.")
        client.force_login(ppid.sari)
        page = client.get(f"/ppid/petugas/permohonan/{info_request.registration_number}/").content.decode()
        assert 'id="action-answer_objection"' in page and 'id="action-decide"' not in page
        client.post(f"/ppid/petugas/permohonan/{info_request.registration_number}/answer_objection/",
                    {"answer": "rejected", "text": "Keputusan PPID sudah tepat."})
    info_request.refresh_from_db()
    assert info_request.state == RequestState.OBJECTION_ANSWERED
