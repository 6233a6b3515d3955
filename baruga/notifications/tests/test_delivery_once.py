"""A message is sent once, however often its task runs and however many workers race for it."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from baruga.notifications import delivery
from baruga.notifications.models import OutboxMessage
from baruga.notifications.tasks import deliver_outbox_message


def _receipt(file_report):
    file_report()
    return OutboxMessage.objects.get(to_address="ayu.lestari@contoh.id", dedupe_key__startswith="citizen:")


def test_running_the_delivery_task_twice_sends_the_message_once(cast, file_report):
    message = _receipt(file_report)
    deliver_outbox_message.enqueue(message.pk)
    deliver_outbox_message.enqueue(message.pk)
    message.refresh_from_db()
    assert len(mail.outbox) == 1
    assert message.status == OutboxMessage.Status.SENT and message.attempts == 1 and message.sent_at


def test_of_two_workers_claiming_the_same_message_only_one_wins(cast, file_report):
    message = _receipt(file_report)
    now = timezone.now()
    assert delivery.claim(message.pk, now) is True
    assert delivery.claim(message.pk, now) is False
    assert delivery.deliver(message.pk, now) is None  # the second worker finds it taken
    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENDING and message.attempts == 1


def test_a_message_waiting_for_its_next_attempt_is_not_claimed(cast, file_report):
    message = _receipt(file_report)
    later = timezone.now() + dt.timedelta(minutes=5)
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.FAILED, next_attempt_at=later)
    assert delivery.deliver(message.pk) is None
    assert delivery.deliver(message.pk, later) == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_the_same_cause_is_queued_once(cast, file_report):
    from baruga.notifications import outbox

    first = outbox.queue_message(channel="email", to_address="x@contoh.id", body="satu", language="id",
                                   dedupe_key="uji:sekali")
    second = outbox.queue_message(channel="email", to_address="x@contoh.id", body="dua", language="id",
                                    dedupe_key="uji:sekali")
    assert first is not None and second is None
    assert OutboxMessage.objects.filter(dedupe_key="uji:sekali").count() == 1
