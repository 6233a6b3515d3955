"""What a change to a report causes runs in one place (`events.record`), in the order of
REPORT_EVENT_STEPS; a step may refuse an action before anything changes; the history's actions are a
closed list the database enforces."""

import pytest
from django.db import IntegrityError, transaction

from baruga.complaints import actions, events
from baruga.complaints.models import ReportEvent, State

SEEN = []


class FirstSpy:
    def run(self, change):
        SEEN.append(("first", change.event.action, change.filing is not None, change.audit is not None))


class SecondSpy:
    def run(self, change):
        SEEN.append(("second", change.event.action, change.filing is not None, change.audit is not None))


class RefusesTransfers:
    def check(self, report, action, **context):
        if action == "transfer":
            raise actions.ActionError("Tidak sekarang.")

    def run(self, change):
        SEEN.append(("refuser", change.event.action))


@pytest.fixture
def spies(settings):
    SEEN.clear()
    settings.REPORT_EVENT_STEPS = ["baruga.complaints.tests.test_events.FirstSpy",
                                   "baruga.complaints.tests.test_events.SecondSpy"]
    yield SEEN
    SEEN.clear()


def test_every_change_runs_the_listed_steps_in_their_order(cast, file_report, spies):
    report = file_report()
    actions.verify(actor=cast.budi, report=report, title=report.title)
    assert spies == [
        ("first", "submit", True, False), ("second", "submit", True, False),  # a filing, not audited here
        ("first", "verify", False, True), ("second", "verify", False, True),  # a transition, audited
    ]


def test_a_step_that_refuses_stops_the_action_before_anything_changes(cast, file_report, settings):
    report = file_report()
    SEEN.clear()
    settings.REPORT_EVENT_STEPS = ["baruga.complaints.tests.test_events.RefusesTransfers"]
    with pytest.raises(actions.ActionError):
        actions.transfer(actor=cast.budi, report=report, to_jurisdiction=cast.national, reason="Kewenangan pusat.")
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and SEEN == []
    assert list(report.events.values_list("action", flat=True)) == ["submit"]


def test_the_default_steps_are_loaded_in_the_documented_order():
    names = [type(step).__module__ for step in events.steps()]
    assert names == ["baruga.audit.services", "baruga.complaints.notices", "baruga.federation.outbox",
                     "baruga.stats.steps"]


def test_the_database_refuses_a_history_entry_of_an_unknown_action(cast, file_report):
    report = file_report()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportEvent.objects.create(report=report, action="teleport", from_state="", to_state=State.SUBMITTED)
