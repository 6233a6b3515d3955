"""The sweep claims and notifies overdue marks and escalations a batch at a time (one transaction, bulk
INSERTs); a batch that fails goes again clock by clock. The behaviours themselves are in test_sweep.py,
the race of two sweepers in test_sweep_concurrency.py.
"""

import logging

from baruga.clocks import sweep as clock_sweep
from baruga.clocks.models import Clock, ClockKind
from baruga.clocks.tests.test_sweep import _everything, sweep_at, told, wita
from baruga.complaints import sweep
from baruga.notifications import staff as notification_staff
from baruga.notifications.models import Notification

Kind = Notification.Kind


def test_the_bulk_path_is_taken(cast, file_report, monkeypatch):
    calls = []
    real = sweep.notify_staff_bulk
    monkeypatch.setattr(sweep, "notify_staff_bulk", lambda causes: calls.append(len(causes)) or real(causes))
    _everything(cast, file_report)
    result = sweep_at(wita(10, 20, 8))
    assert calls and result.counts["overdue"] == 2 and result.counts["escalations"] == 4


def test_a_failing_batch_goes_clock_by_clock_and_one_failing_row_is_counted(cast, file_report, monkeypatch,
                                                                            caplog):
    reports = _everything(cast, file_report)
    broken = reports[0]
    real_bulk = notification_staff.notify_staff_bulk
    sizes = []

    def bulk(causes):
        sizes.append(len(causes))
        if any(cause["report"].pk == broken.pk for cause in causes):
            raise RuntimeError("SMTP down for this one")
        return real_bulk(causes)

    monkeypatch.setattr(sweep, "notify_staff_bulk", bulk)
    with caplog.at_level(logging.INFO, logger="baruga.clocks.sweep"):
        result = sweep_at(wita(10, 20, 8))

    assert result.counts["errors"] >= 1 and "SMTP down" in caplog.text
    assert "going clock by clock" in caplog.text and sizes[0] > 1 and 1 in sizes
    assert result.counts["overdue"] == 1 and result.counts["finished"] == 1 and result.counts["archived"] == 1
    assert Clock.objects.get(report=broken, kind=ClockKind.VERIFICATION).overdue_at is None  # rolled back

    monkeypatch.setattr(sweep, "notify_staff_bulk", real_bulk)
    retry = sweep_at(wita(10, 20, 9))
    assert retry.counts["overdue"] == 1 and retry.counts["errors"] == 0
    assert told(Kind.OVERDUE, broken) == ["citra"]


def test_bulk_notifications_queue_the_same_outbox_messages(cast, file_report):
    from baruga.notifications.models import OutboxMessage

    _everything(cast, file_report)
    sweep_at(wita(10, 20, 8))
    notified = Notification.objects.filter(kind__in=[Kind.OVERDUE, Kind.ESCALATION])
    assert notified.exists()
    for notification in notified.select_related("recipient"):
        emails = OutboxMessage.objects.filter(notification=notification, channel="email")
        assert [m.to_address for m in emails] == [notification.recipient.email]
        assert emails[0].dedupe_key == f"n{notification.pk}:email"


def test_with_the_database_task_backend_the_messages_are_enqueued_in_one_insert(
        cast, file_report, settings, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(clock_sweep, "NOTIFICATION_HOOKS", ())  # retry_due_messages enqueues older messages too

    from baruga.notifications.models import OutboxMessage

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    _everything(cast, file_report)
    before = set(OutboxMessage.objects.values_list("pk", flat=True))
    DBTaskResult.objects.all().delete()
    with CaptureQueriesContext(connection) as captured:
        sweep_at(wita(10, 20, 8))
    # The task rows are written in the sweep's own transaction, with their messages: one INSERT per batch.
    inserts = [q for q in captured.captured_queries if 'INSERT INTO "django_tasks_database_dbtaskresult"' in q["sql"]]
    new = set(OutboxMessage.objects.values_list("pk", flat=True)) - before
    queued = [row.args_kwargs["args"] for row in DBTaskResult.objects.filter(
        task_path="baruga.notifications.tasks.deliver_outbox_message")]
    assert new and sorted(args[0] for args in queued) == sorted(new) and all(len(args) == 1 for args in queued)
    assert 1 <= len(inserts) < len(new)
    assert OutboxMessage.objects.filter(pk__in=new, notification__kind__in=[Kind.OVERDUE, Kind.ESCALATION]).exists()