"""The decision deadline and its one extension, counted in working days across Nyepi and Idul Fitri 2026."""

import pytest
import time_machine

from baruga.clocks.models import CalendarDay
from baruga.notifications.models import OutboxMessage
from baruga.ppid import actions, deadlines
from baruga.ppid.models import RequestState
from baruga.ppid.tests.conftest import wita

# Monday 16 March 2026. Not counted: 18 (cuti bersama Nyepi), 19 (Nyepi), 20 (cuti bersama Idul Fitri),
# 21-22 (weekend, Idul Fitri), 23-24 (cuti bersama), 28-29 (weekend), 3 April (Good Friday), 4-5 (weekend).
REGISTERED = wita(2026, 3, 16, 10)


@pytest.fixture
def registered(file_request):
    with time_machine.travel(REGISTERED, tick=False):
        info_request, secret = file_request()
    return info_request, secret


def test_the_ppid_decides_within_ten_working_days_skipping_holidays(registered):
    info_request, _ = registered
    assert info_request.due_at == wita(2026, 4, 7, 16)
    explanation = deadlines.decision_explanation(info_request)
    reasons = {s["date"].isoformat(): s["reason"] for s in explanation["skipped"]}
    assert reasons["2026-03-19"] == "Hari Suci Nyepi"
    assert "Idul Fitri" in reasons["2026-03-23"]
    assert "2026-04-03" in reasons
    assert "10 hari kerja" in explanation["summary"]


def test_a_regional_holiday_added_by_the_admin_moves_the_deadline(ppid, file_request):
    CalendarDay.objects.create(date=wita(2026, 4, 6).date(), name="Hari Jadi Kota Makassar",
                               jurisdiction=ppid.makassar)
    with time_machine.travel(REGISTERED, tick=False):
        info_request, _ = file_request()
    assert info_request.due_at == wita(2026, 4, 8, 16)


def test_one_extension_adds_seven_working_days_with_a_written_notice(ppid, registered):
    info_request, _ = registered
    with time_machine.travel(wita(2026, 4, 6, 9), tick=False):
        actions.extend(actor=ppid.rina, info_request=info_request, reason="Dokumen tersimpan di arsip gudang dinas.")
    info_request.refresh_from_db()
    assert info_request.state == RequestState.EXTENDED
    assert info_request.due_at == wita(2026, 4, 16, 16)
    assert "7 hari kerja" in info_request.extension_notice
    assert "arsip gudang" in info_request.extension_notice
    assert "17 hari kerja" in deadlines.decision_explanation(info_request)["summary"]
    mail = OutboxMessage.objects.filter(to_address="rahmat@contoh.id").order_by("id").last()
    assert "arsip gudang" in mail.body and "16-04-2026 16:00" in mail.body


def test_a_second_extension_is_refused(ppid, registered):
    info_request, _ = registered
    with time_machine.travel(wita(2026, 3, 17, 9), tick=False):
        actions.extend(actor=ppid.rina, info_request=info_request, reason="Dokumen tersimpan di arsip gudang.")
        with pytest.raises(actions.ActionError, match="tidak dapat dilakukan pada permohonan berstatus"):
            actions.extend(actor=ppid.rina, info_request=info_request, reason="Masih mencari dokumennya lagi.")
    info_request.refresh_from_db()
    assert info_request.extension_days == 7 and info_request.events.filter(action="extend").count() == 1


def test_an_extension_after_the_ten_days_ran_out_is_refused(ppid, registered):
    info_request, _ = registered
    with time_machine.travel(wita(2026, 4, 7, 16, 1), tick=False):
        with pytest.raises(actions.ActionError, match="sebelum jangka waktu 10 hari kerja berakhir"):
            actions.extend(actor=ppid.rina, info_request=info_request, reason="Terlambat, tetapi minta perpanjangan.")
    info_request.refresh_from_db()
    assert info_request.state == RequestState.REGISTERED and info_request.extension_days == 0


def test_an_extension_needs_a_reason(ppid, registered):
    info_request, _ = registered
    with pytest.raises(actions.ActionError, match="Alasan perpanjangan wajib diisi"):
        actions.extend(actor=ppid.rina, info_request=info_request, reason="")


@pytest.mark.parametrize("who", ["sari", "hadi", "citra", "eko", "wati"])
def test_only_the_ppid_and_its_assistant_extend(ppid, registered, who):
    info_request, _ = registered
    with pytest.raises(actions.ActionError, match="tidak berwenang"):
        actions.extend(actor=getattr(ppid, who), info_request=info_request, reason="Alasan yang cukup panjang.")


def test_the_opd_assistant_may_extend(ppid, registered):
    info_request, _ = registered
    with time_machine.travel(wita(2026, 3, 17, 9), tick=False):
        actions.extend(actor=ppid.tono, info_request=info_request, reason="Menunggu salinan dari bidang teknis.")
    info_request.refresh_from_db()
    assert info_request.extension_days == 7
