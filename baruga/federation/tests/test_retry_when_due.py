"""A failed message is sent again when its backoff ends, with only the worker running and no new traffic."""

import datetime as dt

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from baruga.federation import delivery, outbox, tasks
from baruga.federation.models import MessageType, OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db(transaction=True)  # the worker takes its own transactions


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _deferred():
    return DBTaskResult.objects.filter(task_path=tasks.deliver_to_peer.module_path, status=TaskResultStatus.READY)


def test_a_failed_message_queues_one_delivery_for_when_it_is_due(remote, database_queue, monkeypatch):
    message = outbox.write(peer=remote.peer, type=MessageType.STATUS, payload={"n": 1}, ref="r:1")

    def down(m):
        raise delivery.DeliveryFailed("HTTP 503: sedang pemeliharaan")

    monkeypatch.setattr(delivery, "post", down)
    tasks.deliver_to_peer.call(remote.peer.pk)
    tasks.deliver_to_peer.call(remote.peer.pk)  # another message's task finds the line still waiting
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert [(t.args_kwargs["args"], t.run_after) for t in _deferred()] == [([remote.peer.pk], message.next_attempt_at)]

    # The backoff ends; nothing new was written for this peer. The worker sends the message.
    earlier = message.next_attempt_at - dt.timedelta(hours=1)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=earlier)
    _deferred().update(run_after=earlier)
    monkeypatch.setattr(delivery, "post", lambda m: {})
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENT
    assert not _deferred().exists()


def test_a_queue_that_cannot_defer_leaves_the_retry_to_the_deliverer_loop(remote, monkeypatch):
    outbox.write(peer=remote.peer, type=MessageType.STATUS, payload={"n": 1}, ref="r:1")
    monkeypatch.setattr(delivery, "post", lambda m: (_ for _ in ()).throw(delivery.DeliveryFailed("HTTP 503")))
    tasks.deliver_to_peer.call(remote.peer.pk)  # the tests' immediate backend: no deferred tasks
    assert tasks.schedule_retry(remote.peer.pk) is None
