"""The PPID part of the periodic sweep: each reminder, overdue notice and escalation sent once."""

import pytest
import time_machine

from baruga.clocks.sweep import run_sweep
from baruga.notifications.models import Notification
from baruga.ppid import actions, permissions, sweep
from baruga.ppid.tests.conftest import wita


def _notified(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def registered(file_request):
    with time_machine.travel(wita(2026, 3, 16, 10), tick=False):  # due 7 April 2026, 16:00
        return file_request()


def test_the_ppid_is_reminded_a_day_before_the_deadline_once(ppid, registered):
    with time_machine.travel(wita(2026, 4, 6, 17), tick=False):
        first = sweep.run()
        again = sweep.run()
    assert first["ppid_reminders"] == 1 and again["ppid_reminders"] == 0
    assert _notified("reminder") == ["rina", "tono"]


def test_an_overdue_decision_tells_the_ppid_and_escalates_to_the_atasan_once(ppid, registered):
    with time_machine.travel(wita(2026, 4, 7, 16, 30), tick=False):
        counts = sweep.run()
        sweep.run()
    assert counts["ppid_overdue"] == 1 and counts["ppid_escalations"] == 1
    assert _notified("overdue") == ["rina", "tono"]
    assert _notified("escalation") == ["sari"]
    info_request, _ = registered
    info_request.refresh_from_db()
    assert info_request.overdue_at is not None and info_request.escalated_at is not None


def test_an_extension_moves_the_deadline_so_nothing_is_overdue(ppid, registered):
    info_request, _ = registered
    with time_machine.travel(wita(2026, 4, 6, 9), tick=False):
        actions.extend(actor=ppid.rina, info_request=info_request, reason="Dokumen masih di arsip gudang.")
    with time_machine.travel(wita(2026, 4, 8, 9), tick=False):
        assert sweep.run()["ppid_overdue"] == 0
    with time_machine.travel(wita(2026, 4, 16, 16, 30), tick=False):
        assert sweep.run()["ppid_overdue"] == 1


def test_a_decided_request_is_left_alone(ppid, registered):
    info_request, _ = registered
    actions.decide(actor=ppid.rina, info_request=info_request, outcome="not_held",
                   decision_text="Informasi dikuasai Dinas Bina Marga Provinsi.")
    with time_machine.travel(wita(2026, 5, 1, 9), tick=False):
        assert not sweep.run()


def test_an_unanswered_objection_tells_the_atasan_and_escalates_to_the_leaders(ppid, registered):
    info_request, secret = registered
    with time_machine.travel(wita(2026, 4, 8, 9), tick=False):
        objection = actions.file_objection(actor=permissions.guest_access(info_request, secret),
                                           info_request=info_request, ground="c", reason="Tidak ada jawaban PPID.")
    Notification.objects.all().delete()
    with time_machine.travel(objection.answer_due_at.replace(hour=0), tick=False):
        assert sweep.run()["ppid_reminders"] == 1
    with time_machine.travel(objection.answer_due_at.replace(hour=23), tick=False):
        counts = sweep.run()
        sweep.run()
    assert counts["ppid_objections_overdue"] == 1 and counts["ppid_escalations"] == 1
    assert _notified("reminder") == ["sari"] and _notified("overdue") == ["sari"]
    assert _notified("escalation") == ["hadi"]


def test_the_clock_sweep_runs_the_ppid_sweep(ppid, registered):
    with time_machine.travel(wita(2026, 4, 7, 16, 30), tick=False):
        result = run_sweep()
    assert result.counts["ppid_overdue"] == 1
    assert "ppid_overdue=1" in str(result)


def test_a_failing_ppid_sweep_does_not_stop_the_clock_sweep(ppid, registered, monkeypatch):
    def broken(now):
        raise RuntimeError("boom")

    monkeypatch.setattr(sweep, "run", broken)
    result = run_sweep()
    assert result.counts["errors"] == 1


def test_a_sweep_with_nothing_due_costs_two_queries(ppid, registered, django_assert_num_queries):
    with time_machine.travel(wita(2026, 4, 7, 16, 30), tick=False):
        sweep.run()
        with django_assert_num_queries(2):  # one per table, however many requests and objections there are
            assert not sweep.run()
