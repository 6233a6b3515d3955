"""Objections (keberatan) and disputes: the grounds of Pasal 35, the 30-working-day windows across the
2026 Nyepi/Idul Fitri holidays, the atasan PPID's answer and the record of a Komisi Informasi dispute."""

import datetime as dt

import pytest
import time_machine

from baruga.notifications.models import Notification
from baruga.ppid import actions, permissions
from baruga.ppid.models import Dispute, Objection, RequestState
from baruga.ppid.tests.conftest import pdf_upload, wita

TEST = "Membuka data pribadi penyedia jasa merugikan privasinya; bagian lain dapat dibuka."
REASON = "Bagian yang dihitamkan lebih dari yang perlu."


@pytest.fixture
def partly_granted(ppid, file_request):
    """Registered Monday 2 March 2026 (due 16 March), partly granted Wednesday 11 March, 10:00 WITA."""
    with time_machine.travel(wita(2026, 3, 2, 10), tick=False):
        info_request, secret = file_request()
    with time_machine.travel(wita(2026, 3, 11, 10), tick=False):
        actions.decide(actor=ppid.rina, info_request=info_request, outcome="partly_granted", exemption_ground="h",
                       consequence_test=TEST, decision_text="Sebagian kami berikan.", documents=[pdf_upload()])
    info_request.refresh_from_db()
    return info_request, permissions.guest_access(info_request, secret)


def _object(actor, info_request, ground="a", reason=REASON):
    return actions.file_objection(actor=actor, info_request=info_request, ground=ground, reason=reason)


def test_the_objection_window_is_thirty_working_days_across_the_holidays(partly_granted):
    info_request, guest = partly_granted
    # 12 March + 30 working days, skipping 18-24 March (Nyepi, Idul Fitri, cuti bersama) and Good Friday.
    with time_machine.travel(wita(2026, 4, 30, 15, 59), tick=False):
        objection = _object(guest, info_request)
    assert objection.window_closes_at == wita(2026, 4, 30, 16)
    assert objection.ground_at == info_request.decided_at
    info_request.refresh_from_db()
    assert info_request.state == RequestState.OBJECTED


def test_an_objection_after_the_window_is_refused_with_the_dates(partly_granted):
    info_request, guest = partly_granted
    with time_machine.travel(wita(2026, 4, 30, 16, 1), tick=False):
        with pytest.raises(actions.ActionError) as refused:
            _object(guest, info_request)
    assert refused.value.messages == [
        "Batas waktu pengajuan keberatan sudah lewat: 30 hari kerja sejak 11-03-2026 10:00 WITA berakhir pada "
        "30-04-2026 16:00 WITA."]
    info_request.refresh_from_db()
    assert info_request.state == RequestState.DECIDED and not Objection.objects.exists()


def test_no_response_may_be_objected_to_only_once_the_deadline_passed(ppid, file_request):
    with time_machine.travel(wita(2026, 3, 2, 10), tick=False):
        info_request, secret = file_request()
    guest = permissions.guest_access(info_request, secret)
    with time_machine.travel(wita(2026, 3, 16, 15), tick=False):
        with pytest.raises(actions.ActionError, match="baru dapat diajukan setelah batas keputusan 16-03-2026 16:00"):
            _object(guest, info_request, ground="c")
    with time_machine.travel(wita(2026, 3, 17, 9), tick=False):
        with pytest.raises(actions.ActionError, match="hanya .c. Permohonan tidak ditanggapi"):
            _object(guest, info_request, ground="a")
        objection = _object(guest, info_request, ground="c")
    assert objection.ground_at == wita(2026, 3, 16, 16)
    # 30 working days from 17 March: the holidays of 18-24 March, Good Friday and 1 May are skipped.
    assert objection.answer_due_at == wita(2026, 5, 7, 16)


def test_no_response_can_no_longer_be_objected_to_after_thirty_working_days(ppid, file_request):
    with time_machine.travel(wita(2026, 3, 2, 10), tick=False):
        info_request, secret = file_request()
    with time_machine.travel(wita(2026, 5, 7, 9), tick=False):  # 16 March + 30 working days = 6 May, 16:00
        with pytest.raises(actions.ActionError, match="sudah lewat"):
            _object(permissions.guest_access(info_request, secret), info_request, ground="c")


@pytest.mark.parametrize("ground, message", [
    ("c", "Permohonan sudah ditanggapi PPID"),
    ("g", "Keputusan disampaikan dalam jangka waktu"),
    ("z", "Pilih alasan keberatan"),
])
def test_a_ground_that_does_not_apply_is_refused(partly_granted, ground, message):
    info_request, guest = partly_granted
    with pytest.raises(actions.ActionError, match=message):
        _object(guest, info_request, ground=ground)
    assert not Objection.objects.exists()


def test_ground_a_needs_a_refusal_or_partial_grant(ppid, file_request):
    info_request, secret = file_request()
    actions.decide(actor=ppid.rina, info_request=info_request, outcome="granted", decision_text="Diberikan.",
                   documents=[pdf_upload()])
    with pytest.raises(actions.ActionError, match="Alasan a hanya berlaku"):
        _object(permissions.guest_access(info_request, secret), info_request, ground="a")
    _object(permissions.guest_access(info_request, secret), info_request, ground="d")


def test_an_objection_needs_its_reason(partly_granted):
    info_request, guest = partly_granted
    with pytest.raises(actions.ActionError, match="Uraian keberatan wajib diisi"):
        _object(guest, info_request, reason="  ")


@time_machine.travel(wita(2026, 3, 12, 9), tick=False)
def test_only_the_requester_or_the_ppid_files_an_objection(ppid, partly_granted):
    info_request, _guest = partly_granted
    for who in ("sari", "tono", "hadi", "ayu"):
        with pytest.raises(actions.ActionError, match="tidak berwenang"):
            _object(getattr(ppid, who), info_request)
    _object(ppid.rina, info_request)  # handed in at the desk, registered by the PPID


@time_machine.travel(wita(2026, 3, 12, 9), tick=False)
def test_one_objection_per_request(partly_granted):
    info_request, guest = partly_granted
    _object(guest, info_request)
    with pytest.raises(actions.ActionError, match="tidak dapat dilakukan pada permohonan berstatus"):
        _object(guest, info_request, ground="d")


def test_the_atasan_ppid_is_told_and_answers(ppid, partly_granted):
    info_request, guest = partly_granted
    with time_machine.travel(wita(2026, 3, 12, 9), tick=False):
        _object(guest, info_request)
    assert Notification.objects.filter(recipient=ppid.sari).exists()
    for who in ("rina", "tono", "hadi"):
        with pytest.raises(actions.ActionError, match="tidak berwenang"):
            actions.answer_objection(actor=getattr(ppid, who), info_request=info_request, answer="upheld",
                                     text="Keberatan diterima seluruhnya.")
    with pytest.raises(actions.ActionError, match="Pilih tanggapan"):
        actions.answer_objection(actor=ppid.sari, info_request=info_request, answer="maybe", text="Tanggapan.")
    actions.answer_objection(actor=ppid.sari, info_request=info_request, answer="upheld",
                             text="PPID diminta membuka seluruh kontrak kecuali NIK.")
    info_request.refresh_from_db()
    assert info_request.state == RequestState.OBJECTION_ANSWERED
    assert Notification.objects.filter(recipient=ppid.rina, title__contains="diterima atasan PPID").exists()
    # After an upheld objection the PPID hands the rest over.
    actions.add_documents(actor=ppid.rina, info_request=info_request, documents=[pdf_upload("lengkap.pdf")])
    assert info_request.events.filter(action="add_documents").exists()


def test_answering_before_an_objection_is_refused(ppid, partly_granted):
    info_request, _ = partly_granted
    with pytest.raises(actions.ActionError, match="tidak dapat dilakukan pada permohonan berstatus"):
        actions.answer_objection(actor=ppid.sari, info_request=info_request, answer="rejected",
                                 text="Tidak ada keberatan untuk ditanggapi.")


@pytest.fixture
def answered(ppid, partly_granted):
    info_request, guest = partly_granted
    with time_machine.travel(wita(2026, 3, 12, 9), tick=False):
        _object(guest, info_request)
    with time_machine.travel(wita(2026, 5, 5, 10), tick=False):
        actions.answer_objection(actor=ppid.sari, info_request=info_request, answer="rejected",
                                 text="Keputusan PPID sudah tepat; data pribadi tetap dikecualikan.")
    info_request.refresh_from_db()
    return info_request


def test_a_dispute_within_fourteen_working_days_is_recorded(ppid, answered):
    with time_machine.travel(wita(2026, 6, 1, 10), tick=False):
        dispute = actions.record_dispute(actor=ppid.rina, info_request=answered, filed_on=dt.date(2026, 5, 29),
                                         registration_number="012/V/KI-SS-PS/2026")
    # 14 working days after 5 May, skipping 14-15 May (Ascension) and 27-28 May (Idul Adha).
    assert dispute.window_closes_at == wita(2026, 5, 29, 16)
    assert dispute.filed_in_time and dispute.outcome == "pending"
    assert answered.events.filter(action="record_dispute").exists()


def test_a_late_dispute_is_recorded_and_marked(ppid, answered):
    with time_machine.travel(wita(2026, 6, 3, 10), tick=False):
        dispute = actions.record_dispute(actor=ppid.sari, info_request=answered, filed_on=dt.date(2026, 6, 2),
                                         registration_number="013/VI/KI-SS-PS/2026")
    assert not dispute.filed_in_time
    assert "melewati 14 hari kerja" in answered.events.get(action="record_dispute").reason


def test_the_dispute_outcome_is_recorded_later(ppid, answered):
    with time_machine.travel(wita(2026, 8, 3, 10), tick=False):
        actions.record_dispute(actor=ppid.rina, info_request=answered, filed_on=dt.date(2026, 5, 20),
                               registration_number="012/V/KI-SS-PS/2026")
        with pytest.raises(actions.ActionError, match="Isi tanggal putusan"):
            actions.record_dispute(actor=ppid.rina, info_request=answered, filed_on=dt.date(2026, 5, 20),
                                   registration_number="012/V/KI-SS-PS/2026", outcome="mediated")
        actions.record_dispute(actor=ppid.rina, info_request=answered, filed_on=dt.date(2026, 5, 20),
                               registration_number="012/V/KI-SS-PS/2026", outcome="mediated",
                               decided_on=dt.date(2026, 7, 15))
    assert Dispute.objects.get().outcome == "mediated"


@pytest.mark.parametrize("filed_on, message", [
    (dt.date(2026, 5, 4), "tidak mungkin didaftarkan sebelum"),
    (dt.date(2026, 9, 1), "tidak boleh di masa depan"),
])
def test_impossible_dispute_dates_are_refused(ppid, answered, filed_on, message):
    with time_machine.travel(wita(2026, 6, 1, 10), tick=False):
        with pytest.raises(actions.ActionError, match=message):
            actions.record_dispute(actor=ppid.rina, info_request=answered, filed_on=filed_on,
                                   registration_number="012/V/KI-SS-PS/2026")
    assert not Dispute.objects.exists()


def test_a_dispute_waits_for_the_answer_or_its_deadline(ppid, partly_granted):
    info_request, guest = partly_granted
    with time_machine.travel(wita(2026, 3, 12, 9), tick=False):
        objection = _object(guest, info_request)
    with time_machine.travel(wita(2026, 4, 10, 9), tick=False):
        with pytest.raises(actions.ActionError, match="masih dalam jangka waktu menanggapi"):
            actions.record_dispute(actor=ppid.rina, info_request=info_request, filed_on=dt.date(2026, 4, 9),
                                   registration_number="001/IV/KI/2026")
    after = objection.answer_due_at + dt.timedelta(days=3)
    with time_machine.travel(after, tick=False):
        dispute = actions.record_dispute(actor=ppid.rina, info_request=info_request, filed_on=after.date(),
                                         registration_number="001/IV/KI/2026")
    assert dispute.filed_in_time
    info_request.refresh_from_db()
    assert info_request.state == RequestState.OBJECTED  # the atasan PPID still owes the answer


def test_the_requester_cannot_record_a_dispute(ppid, answered):
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        actions.record_dispute(actor=ppid.hadi, info_request=answered, filed_on=dt.date(2026, 5, 20),
                               registration_number="1")
