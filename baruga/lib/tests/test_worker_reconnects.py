"""The background worker (`manage.py worker`) goes on after its database connection is lost."""

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from baruga.federation import tasks as federation_tasks
from baruga.lib import loops
from baruga.lib.tests.connection_drop import drop_connection

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def waits(monkeypatch):
    waited = []
    monkeypatch.setattr(loops.Reconnect, "wait", lambda self, seconds: waited.append(seconds))
    return waited


def test_the_worker_reconnects_after_the_connection_drops_and_runs_the_queue(database_queue, waits, monkeypatch):
    result = federation_tasks.deliver_to_peer.enqueue(999)  # no such peer: the task does nothing, quickly
    real_get_locked = DBTaskResultQuerySet.get_locked
    calls = []

    def get_locked(queryset):
        calls.append(1)
        if len(calls) == 1:
            drop_connection()
        return real_get_locked(queryset)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert waits == [1.0]


def test_a_task_cut_short_by_the_lost_connection_is_recorded_as_failed(database_queue, waits, monkeypatch):
    result = federation_tasks.deliver_to_peer.enqueue(999)
    monkeypatch.setattr(federation_tasks.delivery, "deliver_peer", lambda peer_id: drop_connection())
    real_set_failed = DBTaskResult.set_failed
    attempts = []

    def set_failed(row, exc):
        attempts.append(1)
        if len(attempts) == 1:  # the worker records the failure on the dead connection: that raises too
            drop_connection()
        real_set_failed(row, exc)

    monkeypatch.setattr(DBTaskResult, "set_failed", set_failed)
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED and "OperationalError" in row.exception_class_path
    assert waits == [1.0]


def test_backoff_doubles_up_to_a_minute_and_resets_after_a_good_pass(monkeypatch):
    waited = []
    reconnect = loops.Reconnect("test", sleep=waited.append)
    for _ in range(8):
        reconnect.lost(loops.OperationalError("server closed the connection unexpectedly"))
    reconnect.ok()
    reconnect.lost(loops.OperationalError("again"))
    per_loss = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0, 1.0]
    assert sum(waited) == sum(per_loss) and max(waited) <= 1.0


def test_a_loss_long_after_the_last_one_waits_a_second_again():
    waited, clock = [], [1000.0]
    reconnect = loops.Reconnect("test", sleep=waited.append)
    reconnect.clock = lambda: clock[0]
    for _ in range(4):
        reconnect.lost(loops.OperationalError("the connection is closed"))  # 1 + 2 + 4 + 8 s
    clock[0] += 3600  # an hour of work without a loss
    reconnect.lost(loops.OperationalError("the connection is closed"))
    assert sum(waited) == 1 + 2 + 4 + 8 + 1
