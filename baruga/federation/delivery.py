"""Delivering the outbox: in order per peer, backoff with jitter, dead letters, safe claims.

One deliverer at a time works on a peer (a lease on the Peer row, taken with a conditional
UPDATE and renewed per message), so a peer receives our messages in the order we wrote them.
Each message is also claimed on its own before it is sent (PostgreSQL: `SELECT … FOR UPDATE SKIP
LOCKED`; SQLite: a conditional UPDATE), so even an operator's retry racing a deliverer sends it
once at a time. A deliverer that dies leaves its message "sending"; the next holder of the lease
puts it back (the receiver's inbox ignores a repeat, so sending twice is harmless; never is not).

A failed message holds back the later ones of its peer until it is delivered or dead-lettered.
The receiver answering 400/413/422 (it can never accept this message) dead-letters at once.
"""

import datetime as dt
import json
import logging
import random
import secrets
import urllib.error
import urllib.request

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from baruga.federation.models import OutboxMessage, OutboxStatus, Peer

logger = logging.getLogger("baruga.federation")

RETRYABLE = (OutboxStatus.PENDING, OutboxStatus.FAILED)
PERMANENT_HTTP = {400, 413, 422}
USER_AGENT = "Baruga-Federation/1"


def _setting(name, default):
    return getattr(settings, name, default)


def max_attempts():
    return _setting("FEDERATION_MAX_ATTEMPTS", 12)


def backoff(attempts):
    """Wait after the n-th failed attempt: base·2^(n-1), capped, times a jitter of 0.5–1.5."""
    base = float(_setting("FEDERATION_BACKOFF_BASE", 30))
    cap = float(_setting("FEDERATION_BACKOFF_MAX", 6 * 3600))
    seconds = min(base * (2 ** max(attempts - 1, 0)), cap)
    return dt.timedelta(seconds=seconds * random.uniform(0.5, 1.5))


def lease_seconds():
    return float(_setting("FEDERATION_LEASE_SECONDS", 30))


class DeliveryFailed(Exception):
    def __init__(self, message, *, permanent=False):
        super().__init__(message)
        self.permanent = permanent


# The peer lease

def take_lease(peer_id, owner, now):
    until = now + dt.timedelta(seconds=lease_seconds())
    return Peer.objects.filter(pk=peer_id, is_active=True).filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now) | Q(lease_owner=owner)
    ).update(lease_owner=owner, lease_until=until) == 1


def release_lease(peer_id, owner):
    Peer.objects.filter(pk=peer_id, lease_owner=owner).update(lease_owner="", lease_until=None)


# Claiming one message

def claim(message_id, now):
    """Mark the message "sending" for this caller; True for exactly one caller."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            row = (OutboxMessage.objects.select_for_update(skip_locked=True)
                   .filter(pk=message_id, status__in=RETRYABLE).first())
            if row is None:
                return False
            OutboxMessage.objects.filter(pk=row.pk).update(status=OutboxStatus.SENDING, claimed_at=now,
                                                           attempts=F("attempts") + 1)
            return True
    return OutboxMessage.objects.filter(pk=message_id, status__in=RETRYABLE).update(
        status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1) == 1


def post(message):
    """POST the stored envelope to the peer's inbox; the reply's JSON, or DeliveryFailed."""
    body = message.body.encode("utf-8")
    request = urllib.request.Request(
        message.peer.inbox_url, data=body, method="POST",
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT,
                 "X-Baruga-Key-Id": message.key_id, "X-Baruga-Signature": message.signature},
    )
    try:
        with urllib.request.urlopen(request, timeout=float(_setting("FEDERATION_TIMEOUT", 20))) as reply:
            text = reply.read(65536)
    except urllib.error.HTTPError as exc:
        detail = exc.read(2000).decode("utf-8", "replace")
        raise DeliveryFailed(f"HTTP {exc.code}: {detail}", permanent=exc.code in PERMANENT_HTTP) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from None
    try:
        return json.loads(text or b"{}")
    except ValueError:
        return {}


def _record_failure(message, error, now, *, permanent):
    attempts = OutboxMessage.objects.values_list("attempts", flat=True).get(pk=message.pk)
    if permanent or attempts >= max_attempts():
        OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.DEAD, last_error=error[:2000])
        logger.warning("Federation message %s to %s is dead after %s attempts: %s", message.message_id,
                       message.peer, attempts, error)
        return OutboxStatus.DEAD
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.FAILED, next_attempt_at=now + backoff(attempts), last_error=error[:2000])
    return OutboxStatus.FAILED


def send(message, now):
    """Claim, send and record one message; its new status, or None if someone else has it."""
    if not claim(message.pk, now):
        return None
    message = OutboxMessage.objects.select_related("peer").get(pk=message.pk)
    try:
        post(message)
    except DeliveryFailed as exc:
        return _record_failure(message, str(exc), timezone.now(), permanent=exc.permanent)
    except Exception as exc:  # a bug must not leave the row "sending"
        logger.exception("Unexpected error delivering federation message %s", message.message_id)
        return _record_failure(message, f"{type(exc).__name__}: {exc}", timezone.now(), permanent=False)
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.SENT, sent_at=timezone.now(),
                                                       last_error="")
    return OutboxStatus.SENT


def deliver_peer(peer_id, *, owner=None, limit=None, should_stop=None):
    """Deliver what is due for one peer, in order, while we hold its lease; {status: count}."""
    owner = owner or secrets.token_hex(8)
    outcome = {}
    now = timezone.now()
    if not take_lease(peer_id, owner, now):
        return outcome
    try:
        # Whoever held the lease before us is gone: what it left "sending" goes back to the queue.
        interrupted = OutboxMessage.objects.filter(peer_id=peer_id, status=OutboxStatus.SENDING).update(
            status=OutboxStatus.PENDING, last_error="interrupted while sending")
        if interrupted:
            logger.warning("Federation peer %s: a deliverer stopped while sending %s message(s); sending again",
                           peer_id, interrupted)
        sent = 0
        while limit is None or sent < limit:
            batch = list(OutboxMessage.objects.filter(peer_id=peer_id, status__in=RETRYABLE)
                         .order_by("id").select_related("peer")[:200])
            if not batch:
                break
            for message in batch:
                if should_stop is not None and should_stop():
                    return outcome
                now = timezone.now()
                if message.next_attempt_at > now:
                    return outcome  # the head of the line waits for its backoff; so do the rest
                if not take_lease(peer_id, owner, now):
                    return outcome
                status = send(message, now)
                if status is None:
                    return outcome
                outcome[status] = outcome.get(status, 0) + 1
                sent += 1
                if status == OutboxStatus.FAILED or (limit is not None and sent >= limit):
                    return outcome
    finally:
        release_lease(peer_id, owner)
    return outcome


def deliver_all(*, owner=None, should_stop=None):
    """One pass over every active peer; {status: count}. Also polls the national connector."""
    total = {}
    for peer_id in Peer.objects.filter(is_active=True).values_list("pk", flat=True):
        for status, count in deliver_peer(peer_id, owner=owner, should_stop=should_stop).items():
            total[status] = total.get(status, 0) + count
    return total


def next_retry(peer_id, now):
    """When the peer's line moves again on its own: the due moment of its head message if that is
    waiting for its backoff, claimed for one deferred delivery (a conditional UPDATE, so each failed
    attempt is scheduled once however many deliverers saw it); None if nothing is to be scheduled."""
    head = (OutboxMessage.objects.filter(peer_id=peer_id, status__in=RETRYABLE).order_by("id")
            .values_list("next_attempt_at", flat=True).first())
    if head is None or head <= now:
        return None
    claimed = Peer.objects.filter(pk=peer_id, is_active=True).exclude(retry_queued_for=head).update(
        retry_queued_for=head)
    return head if claimed == 1 else None


def retry(messages, now=None):
    """An operator's retry: failed or dead messages get a fresh set of attempts, due now."""
    now = now or timezone.now()
    ids = list(messages.filter(status__in=[OutboxStatus.FAILED, OutboxStatus.DEAD]).values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxStatus.PENDING, next_attempt_at=now, attempts=0,
                                                    last_error="")
    return ids


def has_pending():
    return OutboxMessage.objects.filter(status__in=[*RETRYABLE, OutboxStatus.SENDING]).exists()
