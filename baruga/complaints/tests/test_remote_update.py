"""A report transferred to another installation stays TRANSFERRED here; its progress there, as that
installation reports it, is recorded by `actions.record_remote_update`: a history entry the reporter
reads and is e-mailed about. Only the federation inbox (SYSTEM) records it, only on such a report."""

import pytest

from baruga.complaints import actions, permissions, workflow
from baruga.complaints.models import State
from baruga.complaints.tests.builders import CAPACITY_REFUSED, assert_refused, bring_to, fresh
from baruga.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def transferred(file_report):
    return bring_to(file_report(), State.TRANSFERRED)


def record(report, *, actor=permissions.SYSTEM, state=State.VERIFIED, response=""):
    return actions.record_remote_update(actor=actor, report=report, handler="Dinas PUPR Gowa", state=state,
                                        response=response)


def test_progress_there_is_an_entry_here_that_the_reporter_reads(transferred):
    record(transferred, state=State.VERIFIED, response="Sudah dijadwalkan.")
    report = fresh(transferred)
    assert report.state == State.TRANSFERRED
    event = report.events.last()
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        "remote_update", State.TRANSFERRED, State.TRANSFERRED, None)
    assert event.reason == "Status di Dinas PUPR Gowa: Terverifikasi, menunggu disposisi"  # no follow-up yet
    assert event.action in workflow.REASONS_SHOWN_TO_REPORTER
    assert str(workflow.HISTORY_LABELS[event.action]) == "Perkembangan di instansi tujuan"
    assert OutboxMessage.objects.filter(dedupe_key=f"citizen:{event.pk}:email").exists()


@pytest.mark.parametrize("state", [State.RESPONDED, State.FINISHED])
def test_once_answered_there_the_latest_follow_up_is_quoted(transferred, state):
    record(transferred, state=state, response="Jalan sudah ditambal.")
    event = fresh(transferred).events.last()
    assert event.reason == f"Status di Dinas PUPR Gowa: {state.label}\nTindak lanjut: Jalan sudah ditambal."


def test_only_the_federation_inbox_records_it(cast, transferred):
    admin = transferred.events.get(action="transfer").actor
    assert_refused(lambda: record(transferred, actor=admin), transferred, CAPACITY_REFUSED)
    assert_refused(lambda: record(transferred, actor=cast.ayu), transferred, CAPACITY_REFUSED)


def test_only_a_transferred_report_gets_progress_from_elsewhere(file_report):
    report = file_report()
    assert_refused(lambda: record(report), report, "Laporan ini tidak dialihkan ke instansi lain.")


def test_an_unknown_state_is_refused(transferred):
    assert_refused(lambda: record(transferred, state="lost"), transferred, "Status laporan tidak dikenal.")
