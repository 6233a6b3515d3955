"""Delivering outbox messages: claim, send, record; retry with backoff; give up after MAX_ATTEMPTS.

A worker claims a row with one conditional UPDATE (due, pending or failed -> sending) and goes on
only if exactly one row changed, so two workers (or one task enqueued twice) never send the same
message. The claim commits before the network call: no lock is held while a slow gateway answers.
A worker that dies after the claim leaves the row "sending"; `release_stuck` returns it to the
queue after STUCK_AFTER (the message may then arrive twice, which beats never).
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from baruga.notifications import channels
from baruga.notifications.channels import DeliveryError
from baruga.notifications.models import OutboxMessage, Status

logger = logging.getLogger("baruga.notifications")

MAX_ATTEMPTS = 8
MAX_BACKOFF = dt.timedelta(hours=6)
STUCK_AFTER = dt.timedelta(minutes=15)
RETRYABLE = (Status.PENDING, Status.FAILED)


def max_attempts():
    return getattr(settings, "NOTIFY_MAX_ATTEMPTS", MAX_ATTEMPTS)


def backoff(attempts):
    """Wait after the n-th failed attempt: 1, 2, 4, 8 … minutes, at most six hours."""
    return min(dt.timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def claim(message_id, now):
    """Take the message for sending; True for exactly one caller."""
    changed = OutboxMessage.objects.filter(
        pk=message_id, status__in=RETRYABLE, next_attempt_at__lte=now,
    ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return changed == 1


def deliver(message_id, now=None):
    """Send one message if it is due and nobody else has it; returns its new status, or None."""
    now = now or timezone.now()
    if not claim(message_id, now):
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        channels.get(message.channel).send(message)
    except DeliveryError as exc:
        return _failed(message, str(exc), now)
    except Exception as exc:  # a bug must not leave the row "sending" until the stuck timeout
        logger.exception("Unexpected error delivering outbox message %s", message_id)
        return _failed(message, f"{type(exc).__name__}: {exc}", now)
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.SENT, sent_at=timezone.now(), last_error="")
    return Status.SENT


def _failed(message, error, now):
    if message.attempts >= max_attempts():
        status, next_attempt_at = Status.DEAD, message.next_attempt_at
        logger.warning("Outbox message %s is dead after %s attempts: %s", message.pk, message.attempts, error)
    else:
        status, next_attempt_at = Status.FAILED, now + backoff(message.attempts)
    OutboxMessage.objects.filter(pk=message.pk).update(status=status, next_attempt_at=next_attempt_at,
                                                       last_error=error[:1000])
    return status


def release_stuck(now):
    """Rows left "sending" by a worker that died go back to the queue (or to dead, out of attempts)."""
    stuck = OutboxMessage.objects.filter(status=Status.SENDING, claimed_at__lt=now - STUCK_AFTER)
    error = "interrupted while sending"
    dead = stuck.filter(attempts__gte=max_attempts()).update(status=Status.DEAD, last_error=error)
    retried = stuck.update(status=Status.PENDING, next_attempt_at=now, last_error=error)
    return retried + dead


def release_lost(now):
    """A message queued for an attempt that no task took within STUCK_AFTER (the task row was lost, or
    its worker died before the claim) becomes due anew, so `mark_queued` queues it once more."""
    lost = OutboxMessage.objects.filter(status__in=RETRYABLE, queued_for=F("next_attempt_at"),
                                        next_attempt_at__lt=now - STUCK_AFTER).update(next_attempt_at=now)
    if lost:
        logger.info("%s outbox message(s) queued more than %s ago and not taken: queued again", lost, STUCK_AFTER)
    return lost


def mark_queued(now, limit=None):
    """The due messages not yet queued for their current attempt, marked queued; their ids, oldest first.
    Rows another sweeper is marking are skipped (PostgreSQL), so no attempt is queued twice."""
    with transaction.atomic():
        due = (OutboxMessage.objects.select_for_update(skip_locked=True)
               .filter(status__in=RETRYABLE, next_attempt_at__lte=now).exclude(queued_for=F("next_attempt_at"))
               .order_by("next_attempt_at", "id").values_list("pk", flat=True))
        ids = list(due[:limit] if limit else due)
        OutboxMessage.objects.filter(pk__in=ids).update(queued_for=F("next_attempt_at"))
    return ids


def due_ids(now, limit=None):
    ids = OutboxMessage.objects.filter(status__in=RETRYABLE, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "id").values_list("pk", flat=True)
    return list(ids[:limit] if limit else ids)
