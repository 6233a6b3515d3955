"""The clock sweep: overdue marks, reminders, escalations, auto-finish and auto-archive, each once.

The story runs in October 2026 (no holidays), in Makassar (WITA, office closes 16:00):
- filed and dispatched to Dinas PUPR on Monday 5 Oct 09:00;
- verification is due Thursday 8 Oct 16:00 (3 working days);
- the OPD's follow-up is due Monday 12 Oct 16:00 (5 working days); two working days later is
  Wednesday 14 Oct 16:00, when the leaders hear of it;
- a response posted on Monday 5 Oct leaves the reporter until Monday 19 Oct 16:00 (10 working days).
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from baruga.accounts.models import Membership, Role, User
from baruga.clocks import tasks
from baruga.clocks.models import Clock, ClockKind, Escalation, EscalationStep
from baruga.clocks import sweep
from baruga.clocks.sweep import run_sweep
from baruga.complaints import sweep as report_sweep
from baruga.complaints.sweep import COUNT_KEYS
from baruga.complaints import actions
from baruga.complaints.models import ReportEvent, State
from baruga.notifications import digests as notification_digests
from baruga.notifications import outbox as notification_outbox
from baruga.notifications import staff as notification_staff
from baruga.notifications.models import Notification

WITA = ZoneInfo("Asia/Makassar")
Kind = Notification.Kind


def wita(month, day, hour=9, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WITA)


FILED = wita(10, 5)
VERIFICATION_DUE = wita(10, 8, 16)
FOLLOW_UP_DUE = wita(10, 12, 16)
LEADERS_AT = wita(10, 14, 16)
REPLY_DUE = wita(10, 19, 16)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def makassar_time(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    settings.OFFICE_CLOSES_AT = "16:00"
    settings.CLOCK_REMINDER_HOURS = 24


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        return run_sweep()


def at(moment, action, **kwargs):
    with time_machine.travel(moment, tick=False):
        return action(**kwargs)


@pytest.fixture
def filed(cast, file_report):
    """A Makassar road report filed on Monday 5 Oct, not yet verified."""
    with time_machine.travel(FILED, tick=False):
        return file_report(category=cast.city_road)


@pytest.fixture
def dispatched(cast, filed):
    """The same report verified by citra and dispatched to Dinas PUPR (eko, fajar) on Monday."""
    with time_machine.travel(FILED, tick=False):
        actions.verify(actor=cast.citra, report=filed, title=filed.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=filed, agency=cast.pupr)
    filed.refresh_from_db()
    return filed


def clock_of(report, kind):
    return Clock.objects.get(report=report, kind=kind, stopped_at__isnull=True)


def told(kind, report=None):
    qs = Notification.objects.filter(kind=kind)
    if report is not None:
        qs = qs.filter(report=report)
    return sorted(qs.values_list("recipient__username", flat=True))


def escalations(report):
    return list(Escalation.objects.filter(clock__report=report).order_by("level")
                .values_list("level", "recipients_count"))


def test_the_story_dates_are_what_the_calendar_says(dispatched):
    assert clock_of(dispatched, ClockKind.FOLLOW_UP).due_at == FOLLOW_UP_DUE


# --- overdue ----------------------------------------------------------------------------------------

def test_nothing_is_overdue_before_the_due_moment(dispatched):
    result = sweep_at(FOLLOW_UP_DUE - MINUTE)
    assert result.counts["overdue"] == 0
    assert clock_of(dispatched, ClockKind.FOLLOW_UP).overdue_at is None
    assert told(Kind.OVERDUE) == []


def test_an_overdue_follow_up_is_marked_once_and_told_to_the_opd_staff(dispatched):
    result = sweep_at(FOLLOW_UP_DUE + MINUTE)

    assert result.counts["overdue"] == 1
    assert clock_of(dispatched, ClockKind.FOLLOW_UP).overdue_at == FOLLOW_UP_DUE + MINUTE
    assert told(Kind.OVERDUE) == ["eko", "fajar"]  # not gita, of another OPD

    again = sweep_at(FOLLOW_UP_DUE + 2 * MINUTE)
    assert again.counts["overdue"] == 0
    assert told(Kind.OVERDUE) == ["eko", "fajar"]
    assert clock_of(dispatched, ClockKind.FOLLOW_UP).overdue_at == FOLLOW_UP_DUE + MINUTE


def test_an_overdue_verification_is_told_to_the_jurisdiction_admins(cast, filed):
    sweep_at(VERIFICATION_DUE + MINUTE)
    assert told(Kind.OVERDUE) == ["citra"]  # not dewi of Gowa, not budi of the province


def test_a_paused_clock_is_never_overdue(cast, filed):
    at(FILED, actions.defer, actor=cast.citra, report=filed, reason="Menunggu hasil survei lapangan.")

    result = sweep_at(wita(12, 1))

    clock = Clock.objects.get(report=filed, kind=ClockKind.VERIFICATION)
    assert clock.paused_at is not None
    assert clock.overdue_at is None
    assert result.counts["overdue"] == result.counts["escalations"] == 0
    assert Notification.objects.filter(kind__in=[Kind.OVERDUE, Kind.ESCALATION, Kind.REMINDER]).count() == 0


def test_an_extended_clock_is_overdue_again_at_its_new_due_moment(cast, dispatched):
    sweep_at(FOLLOW_UP_DUE + MINUTE)
    with time_machine.travel(FOLLOW_UP_DUE + 2 * MINUTE, tick=False):
        actions.request_extension(actor=cast.eko, report=dispatched, working_days=3, reason="Menunggu anggaran.")
        actions.decide_extension(actor=cast.fajar, report=dispatched, approve=True)
    clock = clock_of(dispatched, ClockKind.FOLLOW_UP)
    assert clock.overdue_at is None
    new_due = wita(10, 15, 16)
    assert clock.due_at == new_due

    assert sweep_at(new_due - MINUTE).counts["overdue"] == 0
    assert sweep_at(new_due + MINUTE).counts["overdue"] == 1
    assert told(Kind.OVERDUE) == ["eko", "eko", "fajar", "fajar"]  # once per due moment


# --- reminders --------------------------------------------------------------------------------------

def test_no_reminder_more_than_a_day_before_the_due_moment(dispatched):
    assert sweep_at(FOLLOW_UP_DUE - dt.timedelta(hours=25)).counts["reminders"] == 0
    assert told(Kind.REMINDER) == []


def test_a_reminder_goes_out_once_within_a_day_of_the_due_moment(dispatched):
    first = sweep_at(FOLLOW_UP_DUE - dt.timedelta(hours=23))
    second = sweep_at(FOLLOW_UP_DUE - dt.timedelta(hours=2))

    assert (first.counts["reminders"], second.counts["reminders"]) == (1, 0)
    assert told(Kind.REMINDER) == ["eko", "fajar"]
    assert clock_of(dispatched, ClockKind.FOLLOW_UP).reminded_at == FOLLOW_UP_DUE - dt.timedelta(hours=23)


def test_the_reminder_window_follows_the_setting(settings, dispatched):
    settings.CLOCK_REMINDER_HOURS = 72
    assert sweep_at(FOLLOW_UP_DUE - dt.timedelta(hours=70)).counts["reminders"] == 1


# --- escalation -------------------------------------------------------------------------------------

def test_escalation_goes_to_the_head_at_due_then_to_the_leaders_two_working_days_later(cast, dispatched):
    sweep_at(FOLLOW_UP_DUE + MINUTE)
    assert told(Kind.ESCALATION) == ["fajar"]
    assert escalations(dispatched) == [(1, 1)]

    assert sweep_at(LEADERS_AT - MINUTE).counts["escalations"] == 0
    assert told(Kind.ESCALATION) == ["fajar"]

    assert sweep_at(LEADERS_AT + MINUTE).counts["escalations"] == 1
    assert told(Kind.ESCALATION) == ["fajar", "hadi"]  # Makassar's mayor; not indah of the province

    assert sweep_at(wita(11, 2)).counts["escalations"] == 0
    assert escalations(dispatched) == [(1, 1), (2, 1)]
    assert told(Kind.ESCALATION) == ["fajar", "hadi"]


def test_a_sweep_that_was_down_sends_every_level_that_fell_due_at_once(cast, dispatched):
    result = sweep_at(wita(10, 20))
    assert result.counts["escalations"] == 2
    assert told(Kind.ESCALATION) == ["fajar", "hadi"]


def test_an_overdue_verification_escalates_to_the_admin_lead(cast, filed):
    Membership.objects.filter(user=cast.citra).update(is_lead=True)
    rudi = User.objects.create_user(username="rudi", password="x" * 12)
    Membership.objects.create(user=rudi, role=Role.ADMIN, jurisdiction=cast.makassar)

    sweep_at(VERIFICATION_DUE + MINUTE)

    assert told(Kind.OVERDUE) == ["citra", "rudi"]
    assert told(Kind.ESCALATION) == ["citra"]
    sweep_at(wita(10, 12, 16) + MINUTE)  # two working days after Thursday: Friday, Monday
    assert told(Kind.ESCALATION) == ["citra", "hadi"]


def test_without_an_admin_lead_the_verification_escalation_goes_to_every_admin(cast, filed):
    sweep_at(VERIFICATION_DUE + MINUTE)
    assert told(Kind.ESCALATION) == ["citra"]
    escalation = Escalation.objects.get(clock__report=filed, level=1)
    assert "koordinator" in escalation.note


def test_a_step_without_people_is_recorded_with_no_recipient_and_a_warning(cast, dispatched, caplog):
    Membership.objects.filter(user=cast.fajar).delete()  # Dinas PUPR has no head

    with caplog.at_level(logging.WARNING, logger="baruga.clocks.sweep"):
        result = sweep_at(FOLLOW_UP_DUE + MINUTE)

    assert result.counts["errors"] == 0
    assert result.counts["escalations_unreached"] == 1
    escalation = Escalation.objects.get(clock__report=dispatched, level=1)
    assert escalation.recipients_count == 0
    assert "kepala OPD" in escalation.note
    assert "reaches nobody" in caplog.text
    assert told(Kind.ESCALATION) == []
    assert sweep_at(FOLLOW_UP_DUE + 2 * MINUTE).counts["escalations"] == 0  # recorded: not retried


def test_a_jurisdictions_own_chain_replaces_the_default(cast, dispatched):
    EscalationStep.objects.create(clock=ClockKind.FOLLOW_UP, level=1, after_working_days=1, target="leaders",
                                  jurisdiction=cast.makassar)
    EscalationStep.objects.create(clock=ClockKind.FOLLOW_UP, level=1, after_working_days=0, target="agency_staff")

    sweep_at(FOLLOW_UP_DUE + MINUTE)
    assert told(Kind.ESCALATION) == []  # Makassar's chain starts one working day after the due moment
    sweep_at(wita(10, 13, 16) + MINUTE)
    assert told(Kind.ESCALATION) == ["hadi"]
    assert escalations(dispatched) == [(1, 1)]


def test_the_default_rows_apply_where_a_jurisdiction_has_no_chain(cast, dispatched):
    EscalationStep.objects.create(clock=ClockKind.FOLLOW_UP, level=1, after_working_days=0, target="agency_staff")
    sweep_at(wita(10, 30))
    assert told(Kind.ESCALATION) == ["eko", "fajar"]  # the one configured level, no leaders step


def test_a_verification_step_aimed_at_an_opd_reaches_nobody_but_does_not_crash(cast, filed):
    # Refused by the admin form; here it slipped in through the shell.
    EscalationStep.objects.create(clock=ClockKind.VERIFICATION, level=1, after_working_days=0, target="agency_head")
    result = sweep_at(VERIFICATION_DUE + MINUTE)
    assert result.counts["errors"] == 0
    assert escalations(filed) == [(1, 0)]


# --- the reporter's clocks --------------------------------------------------------------------------

@pytest.fixture
def responded(cast, dispatched):
    at(FILED, actions.respond, actor=cast.eko, report=dispatched,
       body="Lubang sudah ditambal oleh tim pemeliharaan jalan pada hari ini.")
    dispatched.refresh_from_db()
    assert dispatched.state == State.RESPONDED
    return dispatched


def test_a_response_without_reply_is_finished_after_ten_working_days(responded):
    sweep_at(REPLY_DUE - MINUTE)
    responded.refresh_from_db()
    assert responded.state == State.RESPONDED

    result = sweep_at(REPLY_DUE + MINUTE)

    responded.refresh_from_db()
    assert result.counts["finished"] == 1
    assert responded.state == State.FINISHED
    event = responded.events.order_by("-id").first()
    assert (event.action, event.actor, event.from_state) == ("finish", None, State.RESPONDED)
    assert "10 hari kerja" in event.reason
    assert sweep_at(REPLY_DUE + 2 * MINUTE).counts["finished"] == 0


def test_a_reply_in_time_is_not_finished_by_the_sweep(cast, responded):
    at(wita(10, 16), actions.reopen, actor=cast.ayu, report=responded, text="Lubangnya muncul lagi setelah hujan.")
    sweep_at(REPLY_DUE + MINUTE)
    responded.refresh_from_db()
    assert responded.state == State.IN_PROGRESS


def test_a_report_waiting_for_completion_is_archived_after_the_completion_clock(cast, filed):
    at(FILED, actions.request_info, actor=cast.citra, report=filed, reason="Mohon kirim foto dan alamat lengkap.")

    sweep_at(REPLY_DUE - MINUTE)
    filed.refresh_from_db()
    assert filed.state == State.NEEDS_INFO

    result = sweep_at(REPLY_DUE + MINUTE)
    filed.refresh_from_db()
    assert result.counts["archived"] == 1
    assert (filed.state, filed.archive_reason) == (State.ARCHIVED, "no_reply")
    event = filed.events.order_by("-id").first()
    assert (event.action, event.actor) == ("archive", None)
    # The verification clock was paused while waiting: never overdue, never escalated.
    assert told(Kind.OVERDUE) == told(Kind.ESCALATION) == []


# --- twice, and robustness --------------------------------------------------------------------------

def _everything(cast, file_report):
    """One report in each interesting situation, all filed on Monday 5 Oct."""
    with time_machine.travel(FILED, tick=False):
        verifying = file_report(category=cast.city_road)
        following = file_report(category=cast.city_road)
        actions.verify(actor=cast.citra, report=following, title=following.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=following, agency=cast.pupr)
        replying = file_report(category=cast.city_road)
        actions.verify(actor=cast.citra, report=replying, title=replying.title, category=cast.city_road)
        actions.dispatch(actor=cast.citra, report=replying, agency=cast.pupr)
        actions.respond(actor=cast.eko, report=replying, body="Sudah diperbaiki oleh tim lapangan hari ini.")
        completing = file_report(category=cast.city_road)
        actions.request_info(actor=cast.citra, report=completing, reason="Mohon lengkapi alamat kejadian.")
    return [verifying, following, replying, completing]


def _snapshot():
    return (
        sorted(Notification.objects.values_list("recipient_id", "dedupe_key")),
        sorted(Escalation.objects.values_list("clock_id", "level")),
        sorted(ReportEvent.objects.values_list("report_id", "action")),
        sorted(Clock.objects.values_list("pk", "overdue_at", "reminded_at", "stopped_at")),
    )


def test_running_the_sweep_twice_changes_nothing_the_second_time(cast, file_report):
    _everything(cast, file_report)
    first = sweep_at(wita(10, 20, 8))
    assert (first.counts["overdue"], first.counts["escalations"], first.counts["finished"],
            first.counts["archived"]) == (2, 4, 1, 1)
    before = _snapshot()

    second = sweep_at(wita(10, 20, 8, 5))

    assert _snapshot() == before
    assert {key: second.counts[key] for key in COUNT_KEYS} == dict.fromkeys(COUNT_KEYS, 0)


def test_a_second_sweep_over_settled_clocks_takes_a_constant_number_of_queries(
        cast, file_report, django_assert_max_num_queries, monkeypatch, settings):
    monkeypatch.setattr(sweep, "NOTIFICATION_HOOKS", ())  # the outbox's own queries are not counted here
    settings.PERIODIC_JOBS = ["baruga.complaints.sweep.run"]  # nor the other periodic jobs' (their own tests:
    # PPID 2 queries, suggestions 3)
    for _i in range(3):
        _everything(cast, file_report)
    sweep_at(wita(10, 20, 8))
    with django_assert_max_num_queries(6):
        sweep_at(wita(10, 20, 8, 5))


def test_one_failing_row_is_counted_and_retried_without_stopping_the_sweep(cast, file_report, monkeypatch, caplog):
    reports = _everything(cast, file_report)
    broken = reports[0]
    real_bulk = notification_staff.notify_staff_bulk

    def bulk(causes, **kwargs):
        if any(cause["report"].pk == broken.pk for cause in causes):
            raise RuntimeError("SMTP down for this one")
        return real_bulk(causes, **kwargs)

    monkeypatch.setattr(report_sweep, "notify_staff_bulk", bulk)
    with caplog.at_level(logging.ERROR, logger="baruga.clocks.sweep"):
        result = sweep_at(wita(10, 20, 8))

    assert result.counts["errors"] >= 1
    assert "SMTP down" in caplog.text
    assert result.counts["overdue"] == 1 and result.counts["finished"] == 1 and result.counts["archived"] == 1
    assert Clock.objects.get(report=broken, kind=ClockKind.VERIFICATION).overdue_at is None  # rolled back

    monkeypatch.setattr(report_sweep, "notify_staff_bulk", real_bulk)
    retry = sweep_at(wita(10, 20, 9))
    assert retry.counts["overdue"] == 1 and retry.counts["errors"] == 0
    assert told(Kind.OVERDUE, broken) == ["citra"]


def test_notification_hooks_run_when_the_notification_app_has_them(dispatched, monkeypatch, caplog):
    seen = []
    monkeypatch.setattr(notification_outbox, "retry_due_messages", lambda now: seen.append(now) or 3,
                        raising=False)

    def broken(now):
        raise RuntimeError("digest template missing")

    monkeypatch.setattr(notification_digests, "send_daily_digests", broken, raising=False)

    result = sweep_at(FOLLOW_UP_DUE + MINUTE)

    assert seen == [FOLLOW_UP_DUE + MINUTE]
    assert result.counts["messages_retried"] == 3
    assert result.counts["errors"] == 1  # the digest failed; the sweep did its own work anyway
    assert result.counts["overdue"] == 1


# --- entry points -----------------------------------------------------------------------------------

def test_the_command_runs_one_sweep_inline_and_prints_the_counts(dispatched, capsys):
    call_command("sweep_clocks", now="2026-10-12T16:01:00+08:00")
    out = capsys.readouterr().out
    assert "overdue=1" in out and "escalations=1" in out and "errors=0" in out
    assert told(Kind.ESCALATION) == ["fajar"]


def test_the_task_runs_the_sweep(dispatched):
    with time_machine.travel(FOLLOW_UP_DUE + MINUTE, tick=False):
        result = tasks.sweep.enqueue()  # the immediate backend in tests
    assert result.return_value["overdue"] == 1
    assert told(Kind.OVERDUE) == ["eko", "fajar"]
