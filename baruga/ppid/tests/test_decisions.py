"""Each decision path, its refusals, and documents delivered through an expiring private link."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from baruga.notifications.models import OutboxMessage
from baruga.ppid import actions, documents
from baruga.ppid.models import InformationRequest, RequestDocument, RequestState
from baruga.ppid.tests.conftest import pdf_upload, wita

TEST = "Membuka data pribadi penyedia jasa merugikan privasinya; bagian lain dapat dibuka."


def _decide(actor, info_request, **fields):
    values = dict(outcome="granted", decision_text="Informasi kami berikan seluruhnya.", documents=[pdf_upload()])
    values.update(fields)
    return actions.decide(actor=actor, info_request=info_request, **values)


def test_granted_hands_over_the_document_through_a_private_link(ppid, file_request, client):
    info_request, secret = file_request()
    _decide(ppid.rina, info_request)
    info_request.refresh_from_db()
    assert info_request.state == RequestState.DECIDED and info_request.outcome == "granted"
    document = info_request.documents.get()
    assert "/Author" not in (PdfReader(document.file.path).metadata or {})  # metadata stripped on upload
    mail = OutboxMessage.objects.filter(to_address="rahmat@contoh.id").order_by("id").last()
    assert "/ppid/dokumen/" in mail.body and secret not in mail.body
    response = client.get(documents.link(document))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"


def test_a_document_link_expires_after_fourteen_days(ppid, file_request, client):
    info_request, _ = file_request()
    with time_machine.travel(wita(2026, 5, 4, 9), tick=False):
        _decide(ppid.rina, info_request)
        link = documents.link(info_request.documents.get())
    with time_machine.travel(wita(2026, 5, 18, 8, 59), tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel(wita(2026, 5, 18, 9, 1), tick=False):
        assert client.get(link).status_code == 404


def test_a_tampered_document_link_is_refused(ppid, file_request, client):
    info_request, _ = file_request()
    _decide(ppid.rina, info_request)
    token = documents.make_token(info_request.documents.get())
    number, rest = token.split(":", 1)
    assert client.get(f"/ppid/dokumen/{int(number) + 1}:{rest}/").status_code == 404


@pytest.mark.parametrize("outcome", ["partly_granted", "refused"])
def test_withholding_cites_a_pasal_17_ground_and_records_the_consequence_test(ppid, file_request, outcome):
    info_request, _ = file_request()
    docs = [pdf_upload()] if outcome == "partly_granted" else []
    _decide(ppid.rina, info_request, outcome=outcome, exemption_ground="h", consequence_test=TEST, documents=docs)
    info_request.refresh_from_db()
    assert info_request.exemption_ground == "h" and info_request.consequence_test == TEST
    event = info_request.events.get(action="decide")
    assert "Pasal 17 huruf h. Mengungkap rahasia pribadi" in event.reason


@pytest.mark.parametrize("outcome", ["partly_granted", "refused"])
@pytest.mark.parametrize("fields, message", [
    ({"exemption_ground": "", "consequence_test": TEST}, "Pilih alasan pengecualian menurut Pasal 17"),
    ({"exemption_ground": "k", "consequence_test": TEST}, "Pilih alasan pengecualian menurut Pasal 17"),
    ({"exemption_ground": "a", "consequence_test": ""}, "Uji konsekuensi wajib diisi."),
    ({"exemption_ground": "a", "consequence_test": "rahasia"}, "Uji konsekuensi terlalu singkat"),
])
def test_withholding_without_ground_or_test_is_refused(ppid, file_request, outcome, fields, message):
    info_request, _ = file_request()
    with pytest.raises(actions.ActionError) as refused:
        _decide(ppid.rina, info_request, outcome=outcome, documents=[], **fields)
    assert message in " ".join(refused.value.messages)
    info_request.refresh_from_db()
    assert info_request.state == RequestState.REGISTERED and info_request.decided_at is None
    assert not RequestDocument.objects.exists()


@pytest.mark.parametrize("outcome", ["not_held", "not_documented"])
def test_not_held_and_not_yet_documented_need_no_document(ppid, file_request, outcome):
    info_request, _ = file_request()
    _decide(ppid.rina, info_request, outcome=outcome, exemption_ground="a", consequence_test=TEST, documents=[],
            decision_text="Informasi tersebut dikuasai Dinas Bina Marga Provinsi.")
    info_request.refresh_from_db()
    assert info_request.outcome == outcome and info_request.exemption_ground == ""  # a ground means nothing here


def test_an_electronic_copy_needs_the_document(ppid, file_request):
    info_request, _ = file_request()
    with pytest.raises(actions.ActionError, match="unggah dokumen yang diserahkan"):
        _decide(ppid.rina, info_request, documents=[])


def test_documents_staged_before_the_decision_are_delivered_by_it(ppid, file_request, client):
    info_request, secret = file_request()
    actions.add_documents(actor=ppid.tono, info_request=info_request, documents=[pdf_upload()])
    assert not info_request.events.filter(action="add_documents").exists()
    _decide(ppid.tono, info_request, documents=[])
    page = client.get(f"/ppid/lacak/{info_request.registration_number}/?k={secret}")
    assert b"/ppid/dokumen/" in page.content


def test_documents_are_not_handed_over_with_a_refusal(ppid, file_request, client):
    info_request, secret = file_request()
    with pytest.raises(actions.ActionError, match="Dokumen hanya diserahkan bila permohonan dikabulkan"):
        _decide(ppid.rina, info_request, outcome="refused", exemption_ground="a", consequence_test=TEST)
    staged = actions.add_documents(actor=ppid.rina, info_request=info_request, documents=[pdf_upload()])[0]
    _decide(ppid.rina, info_request, outcome="refused", exemption_ground="a", consequence_test=TEST, documents=[])
    assert client.get(documents.link(staged)).status_code == 404
    assert b"/ppid/dokumen/" not in client.get(f"/ppid/lacak/{info_request.registration_number}/?k={secret}").content


def test_an_upload_that_is_not_a_pdf_or_image_is_refused(ppid, file_request):
    info_request, _ = file_request()
    fake = SimpleUploadedFile("kontrak.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(actions.ActionError, match="bukan gambar"):
        _decide(ppid.rina, info_request, documents=[fake])
    assert InformationRequest.objects.get().decided_at is None


def test_deciding_twice_is_refused_and_changes_nothing(ppid, file_request):
    info_request, _ = file_request()
    _decide(ppid.rina, info_request)
    with pytest.raises(actions.ActionError, match="tidak dapat dilakukan pada permohonan berstatus"):
        _decide(ppid.rina, info_request, outcome="refused", exemption_ground="a", consequence_test=TEST, documents=[])
    info_request.refresh_from_db()
    assert info_request.outcome == "granted" and info_request.events.filter(action="decide").count() == 1


def test_extending_after_the_decision_is_refused(ppid, file_request):
    info_request, _ = file_request()
    _decide(ppid.rina, info_request)
    with pytest.raises(actions.ActionError, match="tidak dapat dilakukan"):
        actions.extend(actor=ppid.rina, info_request=info_request, reason="Terlambat sekali untuk ini.")


def test_a_decision_after_the_deadline_is_marked_late(ppid, file_request):
    with time_machine.travel(wita(2026, 3, 2, 9), tick=False):
        info_request, _ = file_request()
    with time_machine.travel(wita(2026, 3, 30, 9), tick=False):
        _decide(ppid.rina, info_request)
    info_request.refresh_from_db()
    assert info_request.decided_at > info_request.due_at


@pytest.mark.parametrize("who", ["sari", "hadi", "citra", "eko", "wati", "umar", "ayu"])
def test_only_the_ppid_and_the_opd_assistant_decide(ppid, file_request, who):
    info_request, _ = file_request()
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        _decide(getattr(ppid, who), info_request)


def test_the_assistant_of_another_opd_cannot_decide(ppid, file_request):
    info_request, _ = file_request(agency=ppid.disdik)
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        _decide(ppid.tono, info_request)


def test_the_guest_cannot_decide_their_own_request(ppid, file_request):
    info_request, secret = file_request()
    guest = actions.permissions.guest_access(info_request, secret)
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        _decide(guest, info_request)


def test_link_lifetime_follows_the_setting(settings):
    settings.PPID_DOCUMENT_LINK_DAYS = 3
    assert documents.link_lifetime() == dt.timedelta(days=3)
