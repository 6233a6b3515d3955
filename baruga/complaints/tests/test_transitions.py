"""Every transition of workflow.TRANSITIONS: what it does, and that it is refused from a wrong state.

The story starts on Monday 10 August 2026, 09:00 WITA. Clocks count working days from the
next working day and fall due at 16:00; 17 August (Independence Day) and 25 August
(Maulid Nabi) are holidays in between.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from baruga.complaints import actions, permissions, selectors, workflow
from baruga.complaints.models import ArchiveReason, Report, Response, State
from baruga.complaints.tests.builders import CAPACITY_REFUSED, assert_refused, bring_to, fresh

WITA = ZoneInfo("Asia/Makassar")
MONDAY_MORNING = dt.datetime(2026, 8, 10, 9, 0, tzinfo=WITA)
# 3 working days after Monday 10 August: Tue 11, Wed 12, Thu 13.
VERIFICATION_DUE = dt.datetime(2026, 8, 13, 16, 0, tzinfo=WITA)
# 5 working days: 11, 12, 13, 14, (17 is Independence Day) 18.
FOLLOW_UP_DUE = dt.datetime(2026, 8, 18, 16, 0, tzinfo=WITA)
# 10 working days: 11, 12, 13, 14, 18, 19, 20, 21, 24, (25 is Maulid Nabi) 26.
REPLY_DUE = dt.datetime(2026, 8, 26, 16, 0, tzinfo=WITA)


@pytest.fixture(autouse=True)
def monday_morning(time_machine):
    time_machine.move_to(MONDAY_MORNING)


def last_event(report):
    return fresh(report).events.last()


def assert_event(report, *, action, actor, from_state, to_state, reason=None, agency=None):
    event = last_event(report)
    assert (event.action, event.actor, event.from_state, event.to_state) == (action, actor, from_state, to_state)
    if reason is not None:
        assert event.reason == reason
    if agency is not None:
        assert event.agency == agency
    return event


# --- filing and verification -------------------------------------------------------------


def test_a_filed_report_waits_for_verification_with_a_three_working_day_clock(cast, file_report):
    report = file_report(category=cast.city_road)
    assert report.state == State.SUBMITTED
    assert report.due_at == VERIFICATION_DUE
    assert_event(report, action="submit", actor=cast.ayu, from_state="", to_state=State.SUBMITTED)


def test_citra_verifies_a_report_and_the_verification_clock_keeps_running(cast, file_report):
    report = file_report(category=cast.city_road)
    actions.verify(actor=cast.citra, report=report, title="Jalan berlubang di Tamalate", category=cast.city_road,
                   tags=["jalan", " lubang "], is_anonymous=True, is_confidential=True)
    report = fresh(report)
    assert report.state == State.VERIFIED
    assert report.title == "Jalan berlubang di Tamalate"
    assert report.category == cast.city_road
    assert sorted(report.tags.values_list("name", flat=True)) == ["jalan", "lubang"]
    assert report.is_anonymous and report.is_confidential
    assert report.verified_at is not None
    assert report.due_at == VERIFICATION_DUE
    assert_event(report, action="verify", actor=cast.citra, from_state=State.SUBMITTED, to_state=State.VERIFIED)


def test_citra_cannot_verify_a_report_without_a_title(cast, file_report):
    report = file_report(category=cast.city_road)
    assert_refused(lambda: actions.verify(actor=cast.citra, report=report, title="  "), report, "Judul wajib diisi.")


def test_citra_asks_the_reporter_for_more_and_the_reporter_gets_ten_working_days(cast, file_report):
    report = file_report(category=cast.city_road)
    actions.request_info(actor=cast.citra, report=report, reason="Mohon sertakan foto lokasi.")
    report = fresh(report)
    assert report.state == State.NEEDS_INFO
    # The verification clock pauses; the completion clock runs for the reporter.
    assert report.due_at == REPLY_DUE
    assert_event(report, action="request_info", actor=cast.citra, from_state=State.SUBMITTED,
                 to_state=State.NEEDS_INFO, reason="Mohon sertakan foto lokasi.")


def test_citra_must_say_what_is_missing_when_asking_for_more(cast, file_report):
    report = file_report(category=cast.city_road)
    assert_refused(lambda: actions.request_info(actor=cast.citra, report=report, reason=""), report,
                   "Kelengkapan yang diminta wajib diisi.")


def test_ayu_completes_her_report_and_verification_resumes_without_the_days_she_took(cast, file_report,
                                                                                    time_machine):
    report = bring_to(file_report(category=cast.city_road), State.NEEDS_INFO)
    time_machine.move_to(dt.datetime(2026, 8, 12, 10, 0, tzinfo=WITA))  # Wednesday
    actions.complete(actor=cast.ayu, report=report, text="Foto terlampir; lubang di depan SD Inpres.")
    report = fresh(report)
    assert report.state == State.SUBMITTED
    assert "Foto terlampir; lubang di depan SD Inpres." in report.body
    # Tuesday passed while waiting for ayu: Wed 12, Thu 13, Fri 14.
    assert report.due_at == dt.datetime(2026, 8, 14, 16, 0, tzinfo=WITA)
    assert_event(report, action="complete", actor=cast.ayu, from_state=State.NEEDS_INFO,
                 to_state=State.SUBMITTED, reason="Foto terlampir; lubang di depan SD Inpres.")


# --- dispatch, transfer, defer, resume, archive, merge -----------------------------------


def test_citra_dispatches_a_verified_report_to_dinas_pupr_and_the_follow_up_clock_starts(cast, file_report):
    report = bring_to(file_report(category=cast.city_road), State.VERIFIED)
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr, note="Mohon segera ditangani.")
    report = fresh(report)
    assert report.state == State.DISPATCHED
    assert report.agency == cast.pupr
    assert report.dispatched_at is not None
    assert report.due_at == FOLLOW_UP_DUE
    assert_event(report, action="dispatch", actor=cast.citra, from_state=State.VERIFIED,
                 to_state=State.DISPATCHED, reason="Mohon segera ditangani.", agency=cast.pupr)


def test_citra_cannot_dispatch_to_an_agency_of_gowa(cast, file_report):
    report = bring_to(file_report(category=cast.city_road), State.VERIFIED)
    assert_refused(lambda: actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr_gowa), report,
                   "OPD tujuan harus OPD aktif di wilayah instansi ini.")


def test_citra_cannot_dispatch_to_an_inactive_agency(cast, file_report):
    cast.disdik.is_active = False
    cast.disdik.save()
    report = bring_to(file_report(category=cast.city_road), State.VERIFIED)
    assert_refused(lambda: actions.dispatch(actor=cast.citra, report=report, agency=cast.disdik), report,
                   "OPD tujuan harus OPD aktif di wilayah instansi ini.")


def test_citra_transfers_a_report_to_gowa_where_it_awaits_verification_again(cast, file_report):
    report = file_report(location=cast.gowa, district=cast.somba_opu, category=None)
    report = Report.objects.get(pk=report.pk)
    # Unclassified, so it went to the province; budi sends it on to Gowa.
    assert report.jurisdiction == cast.province
    actions.transfer(actor=cast.budi, report=report, to_jurisdiction=cast.gowa, reason="Jalan kabupaten Gowa.")
    report = fresh(report)
    assert report.state == State.SUBMITTED
    assert report.jurisdiction == cast.gowa
    assert report.agency is None
    assert report.due_at == VERIFICATION_DUE
    event = assert_event(report, action="transfer", actor=cast.budi, from_state=State.SUBMITTED,
                         to_state=State.SUBMITTED, reason="Jalan kabupaten Gowa.")
    assert event.jurisdiction == cast.province  # the unit that let it go
    assert permissions.allowed_transitions(cast.dewi, report) == ["verify", "request_info", "transfer", "defer",
                                                                  "archive", "merge"]
    assert permissions.allowed_transitions(cast.budi, report) == []


def test_a_report_handed_back_and_transferred_to_gowa_loses_its_agency(cast, dispatched_report):
    actions.hand_back(actor=cast.eko, report=dispatched_report, reason="Lokasi di wilayah Gowa.")
    actions.transfer(actor=cast.citra, report=dispatched_report, to_jurisdiction=cast.gowa,
                     reason="Lokasi di wilayah Gowa.")
    report = fresh(dispatched_report)
    assert (report.state, report.jurisdiction, report.agency) == (State.SUBMITTED, cast.gowa, None)
    assert_event(report, action="transfer", actor=cast.citra, from_state=State.VERIFIED, to_state=State.SUBMITTED)


def test_citra_transfers_a_national_road_report_out_of_baruga(cast, file_report):
    report = file_report(category=cast.city_road)
    actions.transfer(actor=cast.citra, report=report, to_jurisdiction=cast.national, reason="Jalan nasional.")
    report = fresh(report)
    assert report.state == State.TRANSFERRED
    assert report.jurisdiction == cast.national
    assert report.agency is None
    assert report.due_at is None  # the other system's clock, not ours
    assert not report.clocks.filter(stopped_at__isnull=True).exists()
    assert_event(report, action="transfer", actor=cast.citra, from_state=State.SUBMITTED,
                 to_state=State.TRANSFERRED, reason="Jalan nasional.")


def test_citra_cannot_transfer_a_report_to_makassar_itself(cast, file_report):
    report = file_report(category=cast.city_road)
    assert_refused(
        lambda: actions.transfer(actor=cast.citra, report=report, to_jurisdiction=cast.makassar, reason="Salah."),
        report, "Instansi tujuan sama dengan instansi sekarang.",
    )


def test_citra_must_give_a_reason_to_transfer(cast, file_report):
    report = file_report(category=cast.city_road)
    assert_refused(lambda: actions.transfer(actor=cast.citra, report=report, to_jurisdiction=cast.gowa, reason=""),
                   report, "Alasan pengalihan wajib diisi.")


def test_citra_defers_a_report_and_the_clock_stops(cast, file_report):
    report = file_report(category=cast.city_road)
    actions.defer(actor=cast.citra, report=report, reason="Menunggu anggaran perubahan.")
    report = fresh(report)
    assert report.state == State.DEFERRED
    assert report.due_at is None
    assert_event(report, action="defer", actor=cast.citra, from_state=State.SUBMITTED, to_state=State.DEFERRED,
                 reason="Menunggu anggaran perubahan.")


def test_citra_resumes_an_unverified_deferred_report_into_verification(cast, file_report):
    report = bring_to(file_report(category=cast.city_road), State.DEFERRED)
    actions.resume(actor=cast.citra, report=report, note="Anggaran sudah ada.")
    report = fresh(report)
    assert report.state == State.SUBMITTED
    assert report.due_at == VERIFICATION_DUE
    assert_event(report, action="resume", actor=cast.citra, from_state=State.DEFERRED, to_state=State.SUBMITTED,
                 reason="Anggaran sudah ada.")


def test_citra_resumes_a_verified_deferred_report_back_to_dispatch(cast, file_report):
    report = bring_to(file_report(category=cast.city_road), State.VERIFIED)
    actions.defer(actor=cast.citra, report=report, reason="Menunggu anggaran perubahan.")
    actions.resume(actor=cast.citra, report=report)
    report = fresh(report)
    assert report.state == State.VERIFIED
    assert report.due_at == VERIFICATION_DUE
    assert_event(report, action="resume", actor=cast.citra, from_state=State.DEFERRED, to_state=State.VERIFIED)


def test_citra_archives_an_unclear_report_with_the_reason_in_its_history(cast, file_report):
    report = file_report(category=cast.city_road)
    actions.archive(actor=cast.citra, report=report, reason=ArchiveReason.UNCLEAR, note="Lokasi tidak disebut.")
    report = fresh(report)
    assert report.state == State.ARCHIVED
    assert report.archive_reason == ArchiveReason.UNCLEAR
    assert report.due_at is None
    assert_event(report, action="archive", actor=cast.citra, from_state=State.SUBMITTED, to_state=State.ARCHIVED,
                 reason=f"{ArchiveReason.UNCLEAR.label}: Lokasi tidak disebut.")


@pytest.mark.parametrize("reason", [ArchiveReason.DUPLICATE, "bosan", ""])
def test_citra_cannot_archive_as_duplicate_or_without_a_known_reason(cast, file_report, reason):
    report = file_report(category=cast.city_road)
    assert_refused(lambda: actions.archive(actor=cast.citra, report=report, reason=reason), report,
                   "Pilih alasan pengarsipan")


def test_citra_merges_a_duplicate_into_the_report_that_carries_on(cast, file_report):
    original = file_report(category=cast.city_road)
    duplicate = file_report(title="Lubang lagi di Jl. Daeng Tata", category=cast.city_road)
    actions.merge(actor=cast.citra, report=duplicate, into=original)
    duplicate = fresh(duplicate)
    assert duplicate.state == State.ARCHIVED
    assert duplicate.duplicate_of == original
    assert duplicate.archive_reason == ArchiveReason.DUPLICATE
    assert duplicate.due_at is None
    assert_event(duplicate, action="merge", actor=cast.citra, from_state=State.SUBMITTED, to_state=State.ARCHIVED,
                 reason=f"Duplikat dari {original.tracking_id}")
    assert fresh(original).state == State.SUBMITTED


def test_citra_cannot_merge_a_report_into_itself(cast, file_report):
    report = file_report(category=cast.city_road)
    assert_refused(lambda: actions.merge(actor=cast.citra, report=report, into=report), report,
                   "Laporan tidak dapat digabungkan ke dirinya sendiri.")


def test_citra_cannot_merge_into_a_report_of_another_jurisdiction(cast, file_report):
    report = file_report(category=cast.city_road)
    gowa_report = file_report(location=cast.gowa, district=cast.somba_opu, category=cast.city_road)
    assert gowa_report.jurisdiction == cast.gowa
    assert_refused(lambda: actions.merge(actor=cast.citra, report=report, into=gowa_report), report,
                   "Laporan tujuan harus ditangani instansi yang sama.")


def test_citra_cannot_merge_into_an_archived_report(cast, file_report):
    report = file_report(category=cast.city_road)
    archived = bring_to(file_report(category=cast.city_road), State.ARCHIVED)
    assert_refused(lambda: actions.merge(actor=cast.citra, report=report, into=archived), report,
                   "Laporan tujuan sudah diarsipkan atau dialihkan.")


# --- the OPD at work ---------------------------------------------------------------------


def test_eko_accepts_a_dispatched_report_and_the_follow_up_clock_keeps_running(cast, dispatched_report):
    actions.accept(actor=cast.eko, report=dispatched_report)
    report = fresh(dispatched_report)
    assert report.state == State.IN_PROGRESS
    assert report.due_at == FOLLOW_UP_DUE
    assert_event(report, action="accept", actor=cast.eko, from_state=State.DISPATCHED,
                 to_state=State.IN_PROGRESS, agency=cast.pupr)


@pytest.mark.parametrize("accepted_first", [False, True], ids=["dispatched", "in_progress"])
def test_eko_hands_a_wrongly_dispatched_report_back_to_citra(cast, dispatched_report, accepted_first):
    if accepted_first:
        actions.accept(actor=cast.eko, report=dispatched_report)
    from_state = State.IN_PROGRESS if accepted_first else State.DISPATCHED
    actions.hand_back(actor=cast.eko, report=dispatched_report, reason="Ini urusan Dinas Pendidikan.")
    report = fresh(dispatched_report)
    assert report.state == State.VERIFIED
    assert report.agency is None
    assert report.due_at == VERIFICATION_DUE
    assert_event(report, action="hand_back", actor=cast.eko, from_state=from_state, to_state=State.VERIFIED,
                 reason="Ini urusan Dinas Pendidikan.", agency=cast.pupr)
    assert not permissions.visible_reports(cast.eko).filter(pk=report.pk).exists()
    assert permissions.allowed_transitions(cast.citra, report)[:2] == ["dispatch", "transfer"]


def test_handing_back_drops_a_draft_awaiting_approval(cast, dispatched_report):
    cast.pupr.requires_response_approval = True
    cast.pupr.save()
    actions.respond(actor=cast.eko, report=dispatched_report, body="Draf tindak lanjut.")
    actions.hand_back(actor=cast.fajar, report=dispatched_report, reason="Bukan urusan PUPR.")
    assert list(fresh(dispatched_report).responses.values_list("status", flat=True)) == [Response.Status.REJECTED]


def test_eko_must_give_a_reason_to_hand_back(cast, dispatched_report):
    assert_refused(lambda: actions.hand_back(actor=cast.eko, report=dispatched_report, reason=" "),
                   dispatched_report, "Alasan pengembalian wajib diisi.")


def test_eko_responds_and_the_reporter_gets_ten_working_days_to_answer(cast, dispatched_report):
    actions.respond(actor=cast.eko, report=dispatched_report, body="Lubang sudah ditambal pada hari Senin.")
    report = fresh(dispatched_report)
    assert report.state == State.RESPONDED
    assert report.responded_at is not None
    assert report.due_at == REPLY_DUE
    response = report.responses.get()
    assert (response.status, response.author, response.agency) == (Response.Status.PUBLISHED, cast.eko, cast.pupr)
    assert response.published_at is not None
    assert_event(report, action="respond", actor=cast.eko, from_state=State.DISPATCHED,
                 to_state=State.RESPONDED, agency=cast.pupr)
    assert [r.body for r in selectors.with_details(report).visible_responses] == [
        "Lubang sudah ditambal pada hari Senin."
    ]


def test_eko_cannot_respond_with_an_empty_body(cast, dispatched_report):
    assert_refused(lambda: actions.respond(actor=cast.eko, report=dispatched_report, body=""),
                   dispatched_report, "Isi tindak lanjut wajib diisi.")


# --- response approval where Dinas PUPR requires it --------------------------------------


@pytest.fixture
def approval_required(cast):
    cast.pupr.requires_response_approval = True
    cast.pupr.save()


@pytest.fixture
def drafted_report(cast, dispatched_report, approval_required):
    actions.respond(actor=cast.eko, report=dispatched_report, body="Draf: penambalan dijadwalkan Kamis.")
    return fresh(dispatched_report)


def test_eko_drafts_a_response_that_waits_for_fajar_and_the_reporter_cannot_see_it(cast, drafted_report):
    report = drafted_report
    assert report.state == State.IN_PROGRESS
    assert report.due_at == FOLLOW_UP_DUE
    assert report.responded_at is None
    draft = report.responses.get()
    assert draft.status == Response.Status.PENDING
    assert [e.action for e in report.events.all()][-2:] == ["accept", "draft_response"]
    assert_event(report, action="draft_response", actor=cast.eko, from_state=State.IN_PROGRESS,
                 to_state=State.IN_PROGRESS)
    assert selectors.with_details(report).visible_responses == []
    assert [r.pk for r in selectors.with_details(report, include_pending_responses=True).visible_responses] == [
        draft.pk
    ]


def test_eko_cannot_draft_a_second_response_while_one_awaits_approval(cast, drafted_report):
    assert_refused(lambda: actions.respond(actor=cast.eko, report=drafted_report, body="Draf kedua."),
                   drafted_report, "Masih ada tindak lanjut yang menunggu persetujuan kepala OPD.")


def test_eko_cannot_approve_his_own_draft(cast, drafted_report):
    assert_refused(lambda: actions.approve_response(actor=cast.eko, report=drafted_report), drafted_report,
                   CAPACITY_REFUSED)


def test_fajar_approves_the_draft_and_it_is_published(cast, drafted_report):
    actions.approve_response(actor=cast.fajar, report=drafted_report)
    report = fresh(drafted_report)
    assert report.state == State.RESPONDED
    assert report.responded_at is not None
    assert report.due_at == REPLY_DUE
    response = report.responses.get()
    assert (response.status, response.reviewed_by) == (Response.Status.PUBLISHED, cast.fajar)
    assert response.published_at is not None
    assert_event(report, action="approve_response", actor=cast.fajar, from_state=State.IN_PROGRESS,
                 to_state=State.RESPONDED, agency=cast.pupr)
    assert [r.pk for r in selectors.with_details(report).visible_responses] == [response.pk]


def test_fajar_rejects_the_draft_and_the_report_stays_in_progress(cast, drafted_report):
    actions.reject_response(actor=cast.fajar, report=drafted_report, reason="Sertakan jadwal dan foto.")
    report = fresh(drafted_report)
    assert report.state == State.IN_PROGRESS
    assert report.due_at == FOLLOW_UP_DUE
    response = report.responses.get()
    assert (response.status, response.reviewed_by, response.review_reason) == (
        Response.Status.REJECTED, cast.fajar, "Sertakan jadwal dan foto.")
    assert_event(report, action="reject_response", actor=cast.fajar, from_state=State.IN_PROGRESS,
                 to_state=State.IN_PROGRESS, reason="Sertakan jadwal dan foto.", agency=cast.pupr)
    assert selectors.with_details(report).visible_responses == []
    # eko may try again
    actions.respond(actor=cast.eko, report=report, body="Penambalan Kamis 13 Agustus, foto menyusul.")
    assert fresh(report).responses.filter(status=Response.Status.PENDING).count() == 1


def test_fajar_must_give_a_reason_to_reject(cast, drafted_report):
    assert_refused(lambda: actions.reject_response(actor=cast.fajar, report=drafted_report, reason=""),
                   drafted_report, "Alasan pengembalian wajib diisi.")


@pytest.mark.parametrize("name", ["approve_response", "reject_response"])
def test_fajar_has_nothing_to_review_without_a_draft(cast, dispatched_report, name):
    actions.accept(actor=cast.eko, report=dispatched_report)
    call = getattr(actions, name)
    kwargs = {"reason": "Perbaiki."} if name == "reject_response" else {}
    assert_refused(lambda: call(actor=cast.fajar, report=dispatched_report, **kwargs), dispatched_report,
                   "Tidak ada tindak lanjut yang menunggu persetujuan.")


def test_fajar_responding_himself_publishes_at_once(cast, dispatched_report, approval_required):
    actions.respond(actor=cast.fajar, report=dispatched_report, body="Sudah kami tambal.")
    report = fresh(dispatched_report)
    assert report.state == State.RESPONDED
    assert report.responses.get().status == Response.Status.PUBLISHED
    assert_event(report, action="respond", actor=cast.fajar, from_state=State.DISPATCHED, to_state=State.RESPONDED)


# --- the reporter's answer ---------------------------------------------------------------


@pytest.fixture
def responded_report(cast, dispatched_report):
    actions.respond(actor=cast.eko, report=dispatched_report, body="Lubang sudah ditambal.")
    return fresh(dispatched_report)


def test_ayu_is_not_satisfied_and_reopens_with_a_new_follow_up_clock(cast, responded_report, time_machine):
    time_machine.move_to(dt.datetime(2026, 8, 12, 10, 0, tzinfo=WITA))  # Wednesday
    actions.reopen(actor=cast.ayu, report=responded_report, text="Tambalan sudah rusak lagi.")
    report = fresh(responded_report)
    assert report.state == State.IN_PROGRESS
    assert report.agency == cast.pupr
    # Thu 13, Fri 14, Tue 18, Wed 19, Thu 20.
    assert report.due_at == dt.datetime(2026, 8, 20, 16, 0, tzinfo=WITA)
    assert_event(report, action="reopen", actor=cast.ayu, from_state=State.RESPONDED, to_state=State.IN_PROGRESS,
                 reason="Tambalan sudah rusak lagi.", agency=cast.pupr)


def test_ayu_must_say_why_she_reopens(cast, responded_report):
    assert_refused(lambda: actions.reopen(actor=cast.ayu, report=responded_report, text=""), responded_report,
                   "Tanggapan Anda wajib diisi.")


def test_ayu_rates_the_response_and_the_report_is_finished(cast, responded_report):
    actions.rate(actor=cast.ayu, report=responded_report, rating=4, comment="Cepat, terima kasih.")
    report = fresh(responded_report)
    assert report.state == State.FINISHED
    assert (report.rating, report.rating_comment) == (4, "Cepat, terima kasih.")
    assert report.finished_at is not None
    assert report.due_at is None
    assert_event(report, action="rate", actor=cast.ayu, from_state=State.RESPONDED, to_state=State.FINISHED)


def test_ayu_can_rate_only_once(cast, responded_report):
    actions.rate(actor=cast.ayu, report=responded_report, rating=4)
    assert_refused(lambda: actions.rate(actor=cast.ayu, report=responded_report, rating=1), responded_report,
                   "Laporan ini sudah dinilai.")
    assert fresh(responded_report).rating == 4


@pytest.mark.parametrize("rating", [0, 6, -1, "lima", None, "4.5", 4.7])
def test_ayu_can_rate_only_from_one_to_five(cast, responded_report, rating):
    assert_refused(lambda: actions.rate(actor=cast.ayu, report=responded_report, rating=rating), responded_report,
                   "Penilaian harus bilangan bulat antara 1 dan 5.")


def test_ayu_can_rate_a_report_citra_already_finished(cast, responded_report):
    actions.finish(actor=cast.citra, report=responded_report)
    actions.rate(actor=cast.ayu, report=responded_report, rating="5")
    report = fresh(responded_report)
    assert (report.state, report.rating) == (State.FINISHED, 5)
    assert_event(report, action="rate", actor=cast.ayu, from_state=State.FINISHED, to_state=State.FINISHED)


def test_citra_finishes_a_responded_report_and_the_clock_stops(cast, responded_report):
    actions.finish(actor=cast.citra, report=responded_report, note="Pelapor tidak menanggapi.")
    report = fresh(responded_report)
    assert report.state == State.FINISHED
    assert report.finished_at is not None
    assert report.due_at is None
    assert_event(report, action="finish", actor=cast.citra, from_state=State.RESPONDED, to_state=State.FINISHED,
                 reason="Pelapor tidak menanggapi.")


def test_the_system_sweep_finishes_a_responded_report_without_an_actor(cast, responded_report):
    actions.finish(actor=permissions.SYSTEM, report=responded_report)
    report = fresh(responded_report)
    assert report.state == State.FINISHED
    assert_event(report, action="finish", actor=None, from_state=State.RESPONDED, to_state=State.FINISHED)


# --- guests ------------------------------------------------------------------------------


def test_a_guest_holding_the_secret_completes_reopens_and_rates(cast, file_report):
    report, secret = file_report(guest=True, category=cast.city_road)
    guest = permissions.guest_access(report, secret)
    assert guest is not None
    report = bring_to(report, State.NEEDS_INFO)
    actions.complete(actor=guest, report=report, text="Lokasinya di depan SD Inpres Tamalate.")
    assert_event(report, action="complete", actor=None, from_state=State.NEEDS_INFO, to_state=State.SUBMITTED)
    report = bring_to(fresh(report), State.RESPONDED, agency=cast.pupr)
    actions.reopen(actor=guest, report=report, text="Belum diperbaiki.")
    assert fresh(report).state == State.IN_PROGRESS
    actions.respond(actor=cast.eko, report=report, body="Sudah kami tambal ulang.")
    actions.rate(actor=guest, report=report, rating=5)
    report = fresh(report)
    assert (report.state, report.rating) == (State.FINISHED, 5)


def test_a_wrong_secret_gives_no_guest_access(cast, file_report):
    report, secret = file_report(guest=True, category=cast.city_road)
    other, other_secret = file_report(guest=True, category=cast.city_road)
    assert permissions.guest_access(report, secret + "x") is None
    assert permissions.guest_access(report, "") is None
    assert permissions.guest_access(report, None) is None
    assert permissions.guest_access(report, other_secret) is None


def test_a_report_filed_with_an_account_has_no_guest_access(cast, file_report):
    report = file_report(category=cast.city_road)
    assert permissions.guest_access(report, "") is None
    assert permissions.guest_access(report, "apa saja") is None


def test_a_guest_of_one_report_cannot_act_on_another(cast, file_report):
    report, secret = file_report(guest=True, category=cast.city_road)
    other, _other_secret = file_report(guest=True, category=cast.city_road)
    other = bring_to(other, State.NEEDS_INFO)
    guest = permissions.guest_access(report, secret)
    assert_refused(lambda: actions.complete(actor=guest, report=other, text="Ini tambahan saya."), other,
                   CAPACITY_REFUSED)


# --- every transition is refused from a wrong state --------------------------------------

ACTOR_OF = {workflow.ADMIN: "citra", workflow.AGENCY: "eko", workflow.HEAD: "fajar", workflow.REPORTER: "ayu"}
ALL_STATES = [s for s in State if s != State.TRANSFERRED]


def kwargs_for(name, cast, report, other):
    return {
        "verify": {"title": "Judul baru"},
        "request_info": {"reason": "Mohon foto."},
        "complete": {"text": "Tambahan."},
        "dispatch": {"agency": cast.pupr},
        "transfer": {"to_jurisdiction": cast.gowa, "reason": "Wilayah Gowa."},
        "defer": {"reason": "Menunggu."},
        "archive": {"reason": ArchiveReason.UNCLEAR},
        "merge": {"into": other},
        "hand_back": {"reason": "Salah disposisi."},
        "respond": {"body": "Tindak lanjut."},
        "reject_response": {"reason": "Perbaiki."},
        "reopen": {"text": "Belum puas."},
        "rate": {"rating": 3},
    }.get(name, {})


WRONG_STATE_CASES = [
    (name, state)
    for name, t in workflow.TRANSITIONS.items()
    for state in ALL_STATES
    if state not in t.sources
    # Agency staff see a report only once it is dispatched: elsewhere they are refused as outsiders (below).
    and (not t.who & {workflow.AGENCY, workflow.HEAD} or state in workflow.AGENCY_STATES)
]


@pytest.mark.parametrize(("name", "state"), WRONG_STATE_CASES, ids=[f"{n}-from-{s}" for n, s in WRONG_STATE_CASES])
def test_a_transition_is_refused_from_a_wrong_state_in_indonesian(cast, file_report, name, state):
    t = workflow.TRANSITIONS[name]
    role = next(r for r in (workflow.HEAD, workflow.AGENCY, workflow.ADMIN, workflow.REPORTER) if r in t.who)
    actor = getattr(cast, ACTOR_OF[role])
    report = bring_to(file_report(category=cast.city_road), state, agency=cast.pupr)
    other = file_report(category=cast.city_road)
    call = getattr(actions, name)
    assert_refused(
        lambda: call(actor=actor, report=report, **kwargs_for(name, cast, report, other)),
        report,
        f"Tindakan “{t.label}” tidak dapat dilakukan pada laporan berstatus “{State(state).label}”.",
    )


@pytest.mark.parametrize("state", [State.SUBMITTED, State.NEEDS_INFO, State.VERIFIED, State.DEFERRED,
                                   State.ARCHIVED])
@pytest.mark.parametrize("name", ["accept", "hand_back", "respond", "approve_response", "reject_response"])
def test_agency_staff_are_outsiders_to_a_report_not_yet_dispatched(cast, file_report, name, state):
    report = bring_to(file_report(category=cast.city_road), state)
    kwargs = kwargs_for(name, cast, report, None)
    assert_refused(lambda: getattr(actions, name)(actor=cast.fajar, report=report, **kwargs), report,
                   CAPACITY_REFUSED)


@pytest.mark.parametrize("name", [n for n, t in workflow.TRANSITIONS.items() if workflow.ADMIN in t.who])
def test_nobody_in_makassar_acts_on_a_report_transferred_out_of_baruga(cast, file_report, name):
    report = bring_to(file_report(category=cast.city_road), State.TRANSFERRED)
    other = file_report(category=cast.city_road)
    assert_refused(lambda: getattr(actions, name)(actor=cast.citra, report=report,
                                                  **kwargs_for(name, cast, report, other)),
                   report, CAPACITY_REFUSED)


def test_every_transition_is_covered_by_a_happy_path_here():
    """A new transition in the table must come with its story in this file."""
    source = open(__file__, encoding="utf-8").read()
    for name in workflow.TRANSITIONS:
        assert f"actions.{name}(" in source, name
