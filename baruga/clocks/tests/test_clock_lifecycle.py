"""Clocks through a report's life: pauses, extensions, policies, outcomes, and how the pages explain them.

Time is frozen with time-machine; expected dates are counted by hand in the comments.
"""

import datetime as dt
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from baruga.clocks import selectors, services
from baruga.clocks.calendar import BusinessCalendar
from baruga.clocks.models import Clock, ClockKind, ClockPolicy, Extension
from baruga.complaints import actions
from baruga.complaints.models import State

WITA = ZoneInfo("Asia/Makassar")
CEILING_MESSAGE = "Perpanjangan melewati batas akhir 60 hari (Perpres 76/2013); paling banyak {n} hari kerja lagi."


@pytest.fixture(autouse=True)
def makassar_time(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    settings.OFFICE_CLOSES_AT = "16:00"


def wita(year, month, day, hour=9, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WITA)


@contextmanager
def at(moment):
    with time_machine.travel(moment, tick=False):
        yield


def clock_of(report, kind):
    return Clock.objects.filter(report=report, kind=kind).order_by("-started_at", "-id").first()


def fresh(report):
    report.refresh_from_db()
    return report


@pytest.fixture
def followed_up(cast, file_report):
    """Filed Mon 3 Aug 2026 09:00 (ceiling 2 Oct 09:00), dispatched to Dinas PUPR Tue 4 Aug 10:00.

    Follow-up due Tue 11 Aug 16:00 (Wed 5 … Tue 11); 35 working days lie between that and the ceiling.
    """
    with at(wita(2026, 8, 3, 9)):
        report = file_report(category=cast.city_road)
    with at(wita(2026, 8, 4, 10)):
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    report = fresh(report)
    assert report.due_at == wita(2026, 8, 11, 16)
    assert report.ceiling_at == wita(2026, 10, 2, 9)
    return report


# --- stages and outcomes -------------------------------------------------------------------------


def test_each_transition_stops_one_clock_and_starts_the_next(cast, file_report):
    with at(wita(2026, 8, 10, 10)):
        report = file_report(category=cast.city_road)
    with at(wita(2026, 8, 12, 10)):
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    with at(wita(2026, 8, 13, 10)):
        actions.respond(actor=cast.eko, report=report, body="Sudah ditambal.")
    verification, follow_up = clock_of(report, ClockKind.VERIFICATION), clock_of(report, ClockKind.FOLLOW_UP)
    assert (verification.working_days, verification.outcome) == (3, Clock.Outcome.ON_TIME)
    assert (follow_up.working_days, follow_up.outcome) == (5, Clock.Outcome.ON_TIME)
    assert follow_up.agency == cast.pupr and follow_up.stopped_at == wita(2026, 8, 13, 10)
    reply = clock_of(report, ClockKind.REPORTER_REPLY)
    assert reply.stopped_at is None and reply.working_days == 10
    assert fresh(report).due_at == reply.due_at


def test_verification_after_the_due_moment_is_late(cast, file_report):
    with at(wita(2026, 8, 10, 10)):
        report = file_report(category=cast.city_road)  # due Thu 13 16:00
    with at(wita(2026, 8, 13, 16, 1)):
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    assert clock_of(report, ClockKind.VERIFICATION).outcome == Clock.Outcome.LATE


# --- pauses -------------------------------------------------------------------------------------


def test_request_info_pauses_and_complete_resumes_with_the_remaining_days(cast, file_report):
    with at(wita(2026, 8, 7, 9)):  # Friday
        report = file_report(category=cast.city_road)
    original_due = fresh(report).due_at
    assert original_due == wita(2026, 8, 12, 16)  # Mon 10, Tue 11, Wed 12
    with at(wita(2026, 8, 11, 10)):  # Mon 10 has been counted
        actions.request_info(actor=cast.citra, report=report, reason="Mohon foto lokasi.")
    verification = clock_of(report, ClockKind.VERIFICATION)
    assert verification.paused_at is not None and verification.due_at is None
    completion = clock_of(report, ClockKind.COMPLETION)
    assert fresh(report).due_at == completion.due_at  # the reporter's clock runs meanwhile
    paused = services.explain(verification)
    assert paused["paused"] and paused["remaining_working_days"] == 2 and paused["due_at"] is None

    with at(wita(2026, 8, 13, 9)):
        actions.complete(actor=cast.ayu, report=report, text="Foto terlampir, lokasi di depan SD 12.")
    report = fresh(report)
    # Paused over the closes of Tue 11 and Wed 12: the due moment moves by exactly those two working days.
    assert report.due_at == wita(2026, 8, 14, 16)  # Thu 13, Fri 14
    assert report.due_at == BusinessCalendar(cast.makassar.pk).explain(original_due, 2).due
    explanation = services.explain(clock_of(report, ClockKind.VERIFICATION))
    reasons = {item["date"]: item["reason"] for item in explanation["skipped_days"]}
    assert reasons[dt.date(2026, 8, 11)] == reasons[dt.date(2026, 8, 12)] == "Jeda: menunggu kelengkapan dari pelapor"
    assert explanation["pauses"][0]["ended_at"] == wita(2026, 8, 13, 9)
    assert clock_of(report, ClockKind.COMPLETION).outcome == Clock.Outcome.ON_TIME


def test_a_pause_over_a_long_weekend_costs_only_the_working_days_it_covers(cast, file_report):
    with at(wita(2026, 8, 12, 10)):  # Wednesday; due Thu 13, Fri 14, Tue 18 (Mon 17 is a holiday)
        report = file_report(category=cast.city_road)
    assert fresh(report).due_at == wita(2026, 8, 18, 16)
    with at(wita(2026, 8, 14, 10)):
        actions.request_info(actor=cast.citra, report=report, reason="Mohon alamat lengkap.")
    with at(wita(2026, 8, 18, 10)):
        actions.complete(actor=cast.ayu, report=report, text="Jl. Daeng Tata No. 5, depan masjid.")
    # Four calendar days paused, but only Friday's close was a working one: one day later.
    assert fresh(report).due_at == wita(2026, 8, 19, 16)


def test_deferring_pauses_verification_under_its_own_name(cast, file_report):
    with at(wita(2026, 8, 10, 10)):
        report = file_report(category=cast.city_road)  # due Thu 13
    with at(wita(2026, 8, 11, 10)):
        actions.defer(actor=cast.citra, report=report, reason="Menunggu anggaran perubahan.")
    assert fresh(report).due_at is None
    with at(wita(2026, 8, 13, 10)):
        actions.resume(actor=cast.citra, report=report)
    assert fresh(report).due_at == wita(2026, 8, 18, 16)  # Tue 11, Wed 12 paused: Thu 13, Fri 14, Tue 18
    explanation = services.explain(clock_of(report, ClockKind.VERIFICATION))
    assert {"date": dt.date(2026, 8, 12), "reason": "Jeda: laporan ditunda"} in explanation["skipped_days"]


def test_a_clock_stopped_while_paused_is_explained_as_stopped(cast, file_report):
    with at(wita(2026, 8, 10, 10)):
        report = file_report(category=cast.city_road)
    with at(wita(2026, 8, 11, 10)):
        actions.request_info(actor=cast.citra, report=report, reason="Mohon foto.")
    with at(wita(2026, 8, 12, 10)):
        actions.archive(actor=cast.citra, report=report, reason="unclear")
    explanation = services.explain(clock_of(report, ClockKind.VERIFICATION))
    assert explanation["outcome"] == Clock.Outcome.CANCELLED
    assert not explanation["paused"] and not explanation["running"] and not explanation["overdue"]
    assert explanation["remaining_working_days"] is None


# --- extensions ---------------------------------------------------------------------------------


def test_an_approved_extension_moves_the_due_moment(cast, followed_up):
    with at(wita(2026, 8, 6, 10)):
        extension = actions.request_extension(actor=cast.eko, report=followed_up, working_days=3,
                                              reason="Perlu survei lapangan.")
        assert fresh(followed_up).due_at == wita(2026, 8, 11, 16)  # requesting changes nothing yet
        actions.decide_extension(actor=cast.fajar, report=followed_up, approve=True)
    report = fresh(followed_up)
    assert report.due_at == wita(2026, 8, 14, 16)  # Wed 12, Thu 13, Fri 14
    clock = clock_of(report, ClockKind.FOLLOW_UP)
    assert (clock.working_days, clock.extension_days, clock.due_at) == (5, 3, report.due_at)
    extension.refresh_from_db()
    assert extension.status == Extension.Status.APPROVED and extension.decided_by == cast.fajar
    assert services.max_extension(clock, report.ceiling_at) == 32


def test_an_extension_past_the_60_day_ceiling_is_refused(cast, followed_up):
    clock = clock_of(followed_up, ClockKind.FOLLOW_UP)
    assert services.max_extension(clock, followed_up.ceiling_at) == 35
    with at(wita(2026, 8, 6, 10)), pytest.raises(actions.ActionError) as refused:
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=36, reason="Proyek besar.")
    assert refused.value.messages == [CEILING_MESSAGE.format(n=35)]
    assert not Extension.objects.exists()
    assert fresh(followed_up).due_at == wita(2026, 8, 11, 16)


def test_the_ceiling_is_checked_again_when_deciding(cast, followed_up):
    with at(wita(2026, 8, 6, 10)):
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=10, reason="Survei.")
    # Meanwhile the file's ceiling moves earlier (e.g. the complete file date is corrected).
    type(followed_up).objects.filter(pk=followed_up.pk).update(ceiling_at=wita(2026, 8, 14, 9))
    with at(wita(2026, 8, 7, 10)), pytest.raises(actions.ActionError) as refused:
        actions.decide_extension(actor=cast.fajar, report=followed_up, approve=True)
    assert refused.value.messages == [CEILING_MESSAGE.format(n=2)]  # Wed 12, Thu 13
    assert Extension.objects.get().status == Extension.Status.PENDING
    assert fresh(followed_up).due_at == wita(2026, 8, 11, 16)


def test_a_rejected_extension_keeps_the_due_moment(cast, followed_up):
    with at(wita(2026, 8, 6, 10)):
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=3, reason="Survei.")
        with pytest.raises(actions.ActionError) as refused:
            actions.decide_extension(actor=cast.citra, report=followed_up, approve=False, reason="")
        assert refused.value.messages == ["Alasan wajib diisi."]
        actions.decide_extension(actor=cast.citra, report=followed_up, approve=False,
                                 reason="Pekerjaan dapat diselesaikan dalam waktu normal.")
    extension = Extension.objects.get()
    assert extension.status == Extension.Status.REJECTED and extension.decided_by == cast.citra
    assert fresh(followed_up).due_at == wita(2026, 8, 11, 16)
    assert clock_of(followed_up, ClockKind.FOLLOW_UP).extension_days == 0


def test_only_the_head_or_the_admin_decide_and_one_request_waits_at_a_time(cast, followed_up):
    with at(wita(2026, 8, 6, 10)):
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=3, reason="Survei.")
        with pytest.raises(actions.ActionError) as refused:
            actions.decide_extension(actor=cast.eko, report=followed_up, approve=True)
        assert "Hanya kepala OPD atau admin instansi" in refused.value.messages[0]
        with pytest.raises(actions.ActionError) as refused:
            actions.request_extension(actor=cast.fajar, report=followed_up, working_days=2, reason="Lagi.")
        assert refused.value.messages == ["Masih ada permintaan perpanjangan yang menunggu keputusan."]
        with pytest.raises(actions.ActionError):
            actions.request_extension(actor=cast.gita, report=followed_up, working_days=2, reason="Bukan OPD-nya.")
    assert Extension.objects.count() == 1


# --- policies -----------------------------------------------------------------------------------


def test_the_most_specific_policy_wins(cast, settings):
    F = ClockKind.FOLLOW_UP

    def days(jurisdiction, category=None):
        return services.duration(F, jurisdiction_id=jurisdiction.pk, category_id=getattr(category, "pk", None))

    assert days(cast.makassar, cast.city_road) == 5  # the regulatory default
    settings.CLOCK_DURATIONS = {F: 6}
    assert days(cast.makassar, cast.city_road) == 6  # the instance's setting
    ClockPolicy.objects.create(clock=F, jurisdiction=cast.makassar, working_days=7)
    assert days(cast.makassar, cast.city_road) == 7  # jurisdiction beats the default
    assert days(cast.gowa, cast.city_road) == 6
    ClockPolicy.objects.create(clock=F, category=cast.city_road, working_days=8)
    assert days(cast.makassar, cast.city_road) == 8  # category beats jurisdiction
    assert days(cast.gowa, cast.city_road) == 8
    assert days(cast.makassar, cast.province_road) == 7
    ClockPolicy.objects.create(clock=F, jurisdiction=cast.makassar, category=cast.city_road, working_days=9)
    assert days(cast.makassar, cast.city_road) == 9  # jurisdiction + category beats both
    assert days(cast.gowa, cast.city_road) == 8
    assert services.duration(ClockKind.VERIFICATION, jurisdiction_id=cast.makassar.pk,
                             category_id=cast.city_road.pk) == 3  # other stages untouched


def test_a_policy_sets_the_clock_a_dispatch_starts(cast, file_report):
    ClockPolicy.objects.create(clock=ClockKind.FOLLOW_UP, jurisdiction=cast.makassar, category=cast.city_road,
                               working_days=2)
    with at(wita(2026, 8, 10, 10)):
        report = file_report(category=cast.city_road)
        actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    assert clock_of(report, ClockKind.FOLLOW_UP).working_days == 2
    assert fresh(report).due_at == wita(2026, 8, 12, 16)  # Tue 11, Wed 12


# --- the pages ----------------------------------------------------------------------------------


def staff_page(client, user, report, moment=None):
    with at(moment or wita(2026, 8, 6, 10)):
        client.force_login(user)
        return client.get(reverse("complaints:staff_detail", args=[report.tracking_id]))


def post(client, user, report, action, data, moment=None):
    with at(moment or wita(2026, 8, 6, 10)):
        client.force_login(user)
        return client.post(reverse("complaints:transition", args=[report.tracking_id, action]), data, follow=True)


def test_the_staff_page_explains_every_deadline(client, cast, followed_up):
    page = staff_page(client, cast.eko, followed_up).text
    assert 'id="batas-waktu"' in page
    assert page.index("Tindak lanjut OPD") < page.index("Verifikasi dan disposisi")  # running first
    assert "Selasa, 11 Agustus 2026 16:00 WITA" in page and "(Asia/Makassar)" in page
    assert "Sabtu" in page and "Minggu" in page
    assert "Tepat waktu" in page  # the verification stopped on time
    assert "terlambat" not in page


def test_an_overdue_deadline_is_highlighted(client, cast, followed_up):
    page = staff_page(client, cast.fajar, followed_up, wita(2026, 8, 12, 9)).text
    assert "is-overdue" in page and "terlambat" in page


def test_opd_staff_request_an_extension_and_the_head_approves_it(client, cast, followed_up):
    page = staff_page(client, cast.eko, followed_up).text
    assert "Minta perpanjangan" in page and "Paling banyak 35 hari kerja" in page
    assert "Setujui perpanjangan" not in page
    response = post(client, cast.eko, followed_up, "request_extension",
                    {"working_days": 3, "reason": "Perlu survei lapangan bersama kecamatan."})
    assert "Berhasil: OPD meminta perpanjangan waktu." in response.text
    assert "menunggu keputusan" in response.text and "Setujui perpanjangan" not in response.text
    assert 'id="action-request_extension"' not in response.text

    page = staff_page(client, cast.fajar, followed_up).text
    assert "Setujui perpanjangan" in page and "Perlu survei lapangan bersama kecamatan." in page
    response = post(client, cast.fajar, followed_up, "decide_extension", {"decision": "approve", "reason": ""})
    assert "Berhasil: Perpanjangan waktu disetujui." in response.text
    assert fresh(followed_up).due_at == wita(2026, 8, 14, 16)
    assert "3 hari kerja perpanjangan" in response.text


def test_a_refused_extension_request_shows_why_and_changes_nothing(client, cast, followed_up):
    response = post(client, cast.eko, followed_up, "request_extension", {"working_days": 36, "reason": "Besar."})
    assert CEILING_MESSAGE.format(n=35) in response.text
    assert not Extension.objects.exists()
    response = post(client, cast.eko, followed_up, "request_extension", {"working_days": 0, "reason": "Nol."})
    assert "Tambahan hari kerja" in response.text and not Extension.objects.exists()


def test_the_admin_rejects_an_extension_with_a_reason(client, cast, followed_up):
    with at(wita(2026, 8, 6, 10)):
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=3, reason="Survei.")
    assert "Setujui perpanjangan" in staff_page(client, cast.citra, followed_up).text
    response = post(client, cast.citra, followed_up, "decide_extension", {"decision": "reject", "reason": ""})
    assert "Alasan wajib diisi." in response.text
    assert Extension.objects.get().status == Extension.Status.PENDING
    response = post(client, cast.citra, followed_up, "decide_extension",
                    {"decision": "reject", "reason": "Cukup dengan waktu normal."})
    assert "Berhasil: Perpanjangan waktu ditolak." in response.text
    assert Extension.objects.get().status == Extension.Status.REJECTED
    assert fresh(followed_up).due_at == wita(2026, 8, 11, 16)


@pytest.mark.parametrize("who", ["hadi", "indah"])
def test_leaders_see_deadlines_but_no_extension_forms(client, cast, followed_up, who):
    with at(wita(2026, 8, 6, 10)):
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=3, reason="Survei.")
    page = staff_page(client, getattr(cast, who), followed_up).text
    assert "Batas waktu" in page and "menunggu keputusan" in page
    assert "Setujui perpanjangan" not in page and 'id="action-request_extension"' not in page


def test_staff_of_another_opd_cannot_reach_the_extension_endpoints(client, cast, followed_up):
    with at(wita(2026, 8, 6, 10)):
        client.force_login(cast.gita)
        url = reverse("complaints:transition", args=[followed_up.tracking_id, "request_extension"])
        assert client.post(url, {"working_days": 2, "reason": "x"}).status_code == 404
    assert not Extension.objects.exists()


def test_no_extension_form_once_the_ceiling_is_reached(client, cast, followed_up):
    type(followed_up).objects.filter(pk=followed_up.pk).update(ceiling_at=wita(2026, 8, 11, 18))
    page = staff_page(client, cast.eko, followed_up).text
    assert 'id="action-request_extension"' not in page and "sudah tercapai" in page


def test_the_citizen_sees_the_deadlines_but_not_internal_extension_requests(client, cast, followed_up):
    with at(wita(2026, 8, 6, 10)):
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=3, reason="Alasan internal A.")
        actions.decide_extension(actor=cast.fajar, report=followed_up, approve=True, reason="Disetujui kepala.")
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=2, reason="Alasan internal B.")
        client.force_login(cast.ayu)
        page = client.get(reverse("complaints:track", args=[followed_up.tracking_id])).text
    assert 'id="batas-waktu"' in page and "Tindak lanjut OPD" in page and "Verifikasi dan disposisi" in page
    assert "Jumat, 14 Agustus 2026 16:00 WITA" in page
    assert "3 hari kerja — disetujui" in page
    for internal in ("Alasan internal A.", "Alasan internal B.", "Disetujui kepala.", "Menunggu keputusan",
                     "menunggu keputusan", "Minta perpanjangan"):
        assert internal not in page, internal


def test_explaining_a_reports_deadlines_costs_a_fixed_number_of_queries(cast, followed_up,
                                                                        django_assert_num_queries):
    with at(wita(2026, 8, 6, 10)):
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=3, reason="Survei.")
        actions.decide_extension(actor=cast.fajar, report=followed_up, approve=True)
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=2, reason="Lagi.")
    with django_assert_num_queries(4):  # clocks, pauses, extensions, one calendar for all jurisdictions
        deadlines = selectors.report_deadlines(followed_up, now=wita(2026, 8, 6, 10))
    assert [d["kind"] for d in deadlines] == [ClockKind.FOLLOW_UP, ClockKind.VERIFICATION]
    assert deadlines[0]["pending_extension"].working_days == 2
    assert deadlines[0]["extension_days"] == 3
    assert State.DISPATCHED == fresh(followed_up).state


# --- the API ------------------------------------------------------------------------------------


def test_the_api_explains_deadlines_to_staff_and_to_the_reporter(client, cast, followed_up):
    with at(wita(2026, 8, 6, 10)):
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=3, reason="Alasan internal A.")
        actions.decide_extension(actor=cast.fajar, report=followed_up, approve=True)
        actions.request_extension(actor=cast.eko, report=followed_up, working_days=2, reason="Alasan internal B.")
        client.force_login(cast.eko)
        staff = client.get(f"/api/v1/staff/reports/{followed_up.tracking_id}").json()
        client.force_login(cast.ayu)
        citizen = client.get(f"/api/v1/reports/{followed_up.tracking_id}").json()
    follow_up, verification = staff["deadlines"]
    assert follow_up["kind"] == "follow_up" and follow_up["running"] and follow_up["extension_days"] == 3
    assert follow_up["due_local"] == "14-08-2026 16:00" and follow_up["timezone_abbr"] == "WITA"
    assert {"date": "2026-08-08", "reason": "Sabtu"} in follow_up["skipped_days"]
    assert [(e["working_days"], e["status"]) for e in follow_up["extensions"]] == [(3, "approved"), (2, "pending")]
    assert verification["outcome"] == "on_time"
    assert citizen["access"] == "reporter"
    (approved,) = citizen["deadlines"][0]["extensions"]
    assert approved["working_days"] == 3 and approved["reason"] == ""
    assert "Alasan internal" not in str(citizen)
