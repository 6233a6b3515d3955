"""The outbox of e-mails and gateway messages: `queue_message` writes one row in the caller's
transaction; `hand_over` gives new rows to the worker (with django-tasks-db, the task rows are written in
the same transaction; with any other backend after commit), so a rolled-back cause sends nothing and a
crash after commit loses nothing: `retry_due_messages` (each sweep) finds what is still due. Each
outbox dedupe_key is stored once. Delivery itself, claimed row by row: `delivery.py`.
"""

import logging

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from django_tasks.signals import task_enqueued

from baruga.lib.oncommit import after_commit
from baruga.notifications import delivery, tasks
from baruga.notifications.models import OutboxMessage

try:  # the default task backend; another one (a broker) may be configured instead
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max
except ImportError:  # pragma: no cover
    DatabaseBackend = DBTaskResult = get_date_max = None

logger = logging.getLogger("baruga.notifications")


def _database_backend():
    """The task backend when it is django-tasks-db's (task rows in our database) and its ids are made
    in Python (`id_function`, public on the backend), else None."""
    backend = tasks.deliver_outbox_message.get_backend()
    if DatabaseBackend is None or not isinstance(backend, DatabaseBackend):
        return None
    return backend if callable(getattr(backend, "id_function", None)) else None


def hand_over(message_ids):
    """Give these new outbox messages to the worker. With the database task backend the task rows
    are written now, in the caller's transaction: they commit (or roll back) with the messages, and
    the filing costs no second commit. With any other backend (a broker outside the database, the
    immediate backend of the tests) they are enqueued after commit."""
    if message_ids and connection.in_atomic_block and _database_backend() is not None:
        enqueue_many(message_ids)
    elif message_ids:
        after_commit(enqueue_many, list(message_ids))


def enqueue_many(message_ids):
    """`enqueue` for many messages: with the database task backend (django-tasks-db, the default)
    one INSERT of the task rows that `enqueue` would write one by one; with any other backend, one
    `enqueue` each."""
    task = tasks.deliver_outbox_message
    backend = _database_backend()
    if backend is None:
        for message_id in message_ids:
            try:
                enqueue(message_id)
            except Exception:  # like on_commit(robust=True) per message: the others still go
                logger.exception("Could not enqueue outbox message %s; retry_due_messages will", message_id)
                _not_queued(message_id)
        return
    # django-tasks has no public "enqueue many": these are the rows `backend.enqueue` writes one by
    # one (DBTaskResult, the backend's public `id_function`, django-tasks' public `task_enqueued` signal).
    # What is still the backend's inside: the model's field layout and `get_date_max` (bulk_create
    # skips the pre_save signal that stands in "no run_after" by the maximum).
    backend.validate_task(task)
    rows = DBTaskResult.objects.bulk_create([
        DBTaskResult(id=backend.id_function(), args_kwargs={"args": [int(message_id)], "kwargs": {}},
                     priority=task.priority, task_path=task.module_path, queue_name=task.queue_name,
                     run_after=task.run_after or get_date_max(), backend_name=backend.alias)
        for message_id in message_ids])
    for row in rows:
        task_enqueued.send(type(backend), task_result=row.task_result)


def _not_queued(message_id):
    """The queue refused this message: the next sweep's `retry_due_messages` queues it again."""
    try:
        OutboxMessage.objects.filter(pk=message_id).update(queued_for=None)
    except Exception:  # the database is away too; after STUCK_AFTER the sweep queues it anyway
        logger.warning("Could not mark outbox message %s as not queued", message_id)


def queue_message(*, channel, to_address, body, language, dedupe_key, subject="", notification=None, report=None,
                  in_reply_to=""):
    """Write one outbox row in the current transaction, delivered after commit; None if already queued.
    `report`: only for an e-mail to that report's reporter (its replies come back to the report)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                channel=channel, to_address=to_address, subject=subject[:255], body=body, language=language,
                dedupe_key=dedupe_key[:200], notification=notification, report=report,
                in_reply_to=in_reply_to[:255],
                next_attempt_at=now, queued_for=now,  # queued for its first attempt by hand_over, below
            )
    except IntegrityError:
        return None
    hand_over([message.pk])
    return message


def enqueue(message_id):
    tasks.deliver_outbox_message.enqueue(message_id)


def retry_due_messages(now=None, *, limit=1000):
    """Hand the worker the due messages no task was queued for (failed ones past their backoff, ones
    the queue refused), oldest first: each message once per attempt, not once per sweep.

    Also returns rows stuck in "sending" (their worker died) to the queue, and queues again a message
    whose task was not run within STUCK_AFTER of its due moment (a lost task). The deadline sweep
    calls this on each run. Returns the number of messages enqueued (at most `limit`; the next run
    takes the rest).
    """
    now = now or timezone.now()
    delivery.release_stuck(now)
    delivery.release_lost(now)
    ids = delivery.mark_queued(now, limit=limit)
    if ids:
        after_commit(enqueue_many, ids)
    return len(ids)


def deliver_due_messages(now=None):
    """Deliver every due message in this process (the `deliver_outbox` command); {status: count}."""
    now = now or timezone.now()
    delivery.release_stuck(now)
    outcome = {}
    for message_id in delivery.due_ids(now):
        status = delivery.deliver(message_id, now)
        if status:
            outcome[status] = outcome.get(status, 0) + 1
    return outcome


def retry_now(messages, now=None):
    """An operator's "kirim ulang": failed or dead messages get a fresh set of attempts, due now."""
    now = now or timezone.now()
    ids = list(messages.filter(status__in=[OutboxMessage.Status.FAILED, OutboxMessage.Status.DEAD])
               .values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxMessage.Status.PENDING, next_attempt_at=now,
                                                    attempts=0, queued_for=now)
    for message_id in ids:
        after_commit(enqueue, message_id)
    return len(ids)
