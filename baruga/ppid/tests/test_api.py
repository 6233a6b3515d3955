"""The PPID API: filing, following with X-Request-Secret, objections, staff actions and their refusals."""

import time_machine

from baruga.ppid.models import InformationRequest
from baruga.ppid.tests.conftest import REQUEST, pdf_upload, wita

BODY = {k: v for k, v in REQUEST.items() if k != "copy_format"} | {
    "jurisdiction_code": "73.71", "copy_format": "electronic"}


def _file(client, **overrides):
    return client.post("/api/v1/ppid/requests", {**BODY, **overrides}, content_type="application/json")


def test_a_guest_files_and_follows_with_the_secret(client, ppid):
    response = _file(client)
    assert response.status_code == 201
    created = response.json()
    assert created["registration_number"].startswith("PPID-7371-") and created["secret"]
    url = f"/api/v1/ppid/requests/{created['registration_number']}"
    mine = client.get(url, headers={"X-Request-Secret": created["secret"]}).json()
    assert mine["identity"]["identity_number"] == REQUEST["identity_number"]
    assert mine["deadlines"][0]["working_days"] == 10
    public = client.get(url).json()
    assert "identity" not in public and "information_wanted" not in public and public["state"] == "registered"


def test_a_repeated_submission_answers_the_same(client, ppid):
    token = "0b8f5a44-3c2e-4f57-a0c8-6b5d1f9e2a10"
    first = _file(client, submission_token=token)
    again = _file(client, submission_token=token)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json() and InformationRequest.objects.count() == 1


def test_missing_fields_are_named(client, ppid):
    response = _file(client, purpose=None)
    assert response.status_code == 422
    assert {"field": "purpose", "message": "Nilai tidak sah."} in response.json()["errors"] or any(
        e["field"] == "purpose" for e in response.json()["errors"])
    body = dict(BODY)
    del body["purpose"]
    response = client.post("/api/v1/ppid/requests", body, content_type="application/json")
    assert {"field": "purpose", "message": "Wajib diisi."} in response.json()["errors"]
    assert not InformationRequest.objects.exists()


def test_an_empty_purpose_or_bad_identity_is_refused_in_indonesian(client, ppid):
    response = _file(client, purpose="  ")
    assert response.status_code == 422 and response.json()["errors"] == [{"field": "purpose", "message": "Wajib diisi."}]
    response = _file(client, identity_number="12")
    assert response.json()["detail"] == "NIK harus terdiri dari 16 angka."
    response = _file(client, jurisdiction_code="99.99")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "jurisdiction_code"
    assert not InformationRequest.objects.exists()


def test_a_wrong_secret_is_forbidden_for_objections(client, ppid):
    number = _file(client).json()["registration_number"]
    response = client.post(f"/api/v1/ppid/requests/{number}/objection", {"ground": "c", "reason": "Tidak dijawab."},
                           content_type="application/json", headers={"X-Request-Secret": "salah"})
    assert response.status_code == 403
    response = client.post(f"/api/v1/ppid/requests/{number}/objection", {"ground": "c", "reason": "Tidak dijawab."},
                           content_type="application/json")
    assert response.status_code == 401


def test_staff_decide_and_the_order_is_enforced(client, ppid):
    with time_machine.travel(wita(2026, 3, 16, 10), tick=False):
        created = _file(client).json()
    number, secret = created["registration_number"], created["secret"]
    client.force_login(ppid.rina)
    listing = client.get("/api/v1/ppid/staff/requests").json()
    assert [i["registration_number"] for i in listing["items"]] == [number]
    with time_machine.travel(wita(2026, 3, 17, 9), tick=False):
        extended = client.post(f"/api/v1/ppid/staff/requests/{number}/extend", {"reason": "Arsip di gudang dinas."},
                               content_type="application/json")
        assert extended.status_code == 200 and extended.json()["state"] == "extended"
        again = client.post(f"/api/v1/ppid/staff/requests/{number}/extend", {"reason": "Sekali lagi, mohon maaf."},
                            content_type="application/json")
        assert again.status_code == 409
        no_document = client.post(f"/api/v1/ppid/staff/requests/{number}/decide",
                                  {"outcome": "granted", "decision_text": "Terlampir."},
                                  content_type="application/json")
        assert no_document.status_code == 400 and "unggah dokumen" in no_document.json()["detail"]
        uploaded = client.post(f"/api/v1/ppid/staff/requests/{number}/documents", {"files": [pdf_upload()]})
        assert uploaded.status_code == 200, uploaded.content
        decided = client.post(f"/api/v1/ppid/staff/requests/{number}/decide",
                              {"outcome": "partly_granted", "decision_text": "Sebagian.", "exemption_ground": "h",
                               "consequence_test": "Data pribadi penyedia tetap dilindungi Pasal 17 huruf h."},
                              content_type="application/json")
        assert decided.status_code == 200 and decided.json()["decision"]["exemption_ground"] == "h"
        twice = client.post(f"/api/v1/ppid/staff/requests/{number}/decide",
                            {"outcome": "granted", "decision_text": "Lagi."}, content_type="application/json")
        assert twice.status_code == 409
    client.logout()
    mine = client.get(f"/api/v1/ppid/requests/{number}", headers={"X-Request-Secret": secret}).json()
    assert mine["documents"][0]["url"].startswith("http://testserver/ppid/dokumen/")


def test_staff_without_the_capacity_are_forbidden(client, ppid):
    number = _file(client).json()["registration_number"]
    client.force_login(ppid.sari)
    response = client.post(f"/api/v1/ppid/staff/requests/{number}/decide",
                           {"outcome": "not_held", "decision_text": "Tidak dikuasai."}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(ppid.wati)
    response = client.post(f"/api/v1/ppid/staff/requests/{number}/decide",
                           {"outcome": "not_held", "decision_text": "Tidak dikuasai."}, content_type="application/json")
    assert response.status_code == 404


def test_objection_answer_and_dispute_through_the_api(client, ppid):
    with time_machine.travel(wita(2026, 3, 2, 10), tick=False):
        created = _file(client).json()
    number, secret = created["registration_number"], created["secret"]
    with time_machine.travel(wita(2026, 3, 17, 9), tick=False):
        objected = client.post(f"/api/v1/ppid/requests/{number}/objection",
                               {"ground": "c", "reason": "Sudah lewat batas tanpa jawaban."},
                               content_type="application/json", headers={"X-Request-Secret": secret})
        assert objected.status_code == 200 and objected.json()["objection"]["ground"] == "c"
        client.force_login(ppid.sari)
        answered = client.post(f"/api/v1/ppid/staff/requests/{number}/objection/answer",
                               {"answer": "upheld", "text": "PPID wajib menjawab dalam 3 hari kerja."},
                               content_type="application/json")
        assert answered.status_code == 200 and answered.json()["state"] == "objection_answered"
    with time_machine.travel(wita(2026, 3, 30, 9), tick=False):
        client.force_login(ppid.rina)  # a new day, a new session
        dispute = client.post(f"/api/v1/ppid/staff/requests/{number}/dispute",
                              {"filed_on": "2026-03-27", "registration_number": "003/III/KI/2026"},
                              content_type="application/json")
        assert dispute.status_code == 200 and dispute.json()["dispute"]["filed_in_time"] is True


def test_an_expired_objection_window_is_refused_with_its_dates(client, ppid):
    with time_machine.travel(wita(2026, 3, 2, 10), tick=False):
        created = _file(client).json()
    with time_machine.travel(wita(2026, 6, 1, 9), tick=False):
        response = client.post(f"/api/v1/ppid/requests/{created['registration_number']}/objection",
                               {"ground": "c", "reason": "Sudah lewat batas tanpa jawaban."},
                               content_type="application/json", headers={"X-Request-Secret": created["secret"]})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Batas waktu pengajuan keberatan sudah lewat")


def test_the_openapi_document_lists_the_ppid_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/ppid/requests" in paths and "/api/v1/ppid/staff/requests/{number}/decide" in paths
