"""A failed message is retried with exponential backoff and declared dead after eight attempts."""

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from baruga.notifications import delivery, outbox
from baruga.notifications.models import OutboxMessage

S = OutboxMessage.Status


def _sms(key="uji:sms"):
    return outbox.queue_message(channel="gateway", to_address="+6281234567890", body="Uji", language="id",
                                  dedupe_key=key)


def test_a_failing_message_waits_1_2_4_minutes_and_more_then_is_dead_after_eight_attempts(db, gateway):
    gateway.status = 500
    message = _sms()
    now = timezone.now()
    for attempt, minutes in enumerate([1, 2, 4, 8, 16, 32, 64], start=1):
        assert delivery.deliver(message.pk, now) == S.FAILED
        message.refresh_from_db()
        assert message.attempts == attempt
        assert message.next_attempt_at == now + dt.timedelta(minutes=minutes)
        assert "HTTP 500" in message.last_error
        assert delivery.deliver(message.pk, now) is None  # not due before its backoff ends
        now = message.next_attempt_at
    assert delivery.deliver(message.pk, now) == S.DEAD
    assert delivery.deliver(message.pk, now + dt.timedelta(days=1)) is None
    message.refresh_from_db()
    assert message.status == S.DEAD and message.attempts == 8
    assert len(gateway.received) == 8


def test_the_backoff_doubles_and_stops_at_six_hours():
    assert [delivery.backoff(n) for n in (1, 2, 3)] == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
    assert delivery.backoff(12) == delivery.backoff(30) == dt.timedelta(hours=6)


def test_a_message_that_failed_once_is_sent_on_a_later_attempt(db, gateway):
    gateway.status = 503
    message = _sms()
    now = timezone.now()
    assert delivery.deliver(message.pk, now) == S.FAILED
    gateway.status = 200
    assert delivery.deliver(message.pk, now + dt.timedelta(minutes=1)) == S.SENT
    message.refresh_from_db()
    assert message.attempts == 2 and message.last_error == "" and message.sent_at


def test_retry_due_messages_requeues_what_is_due_and_what_a_dead_worker_left(db, gateway, committed):
    now = timezone.now()
    due, waiting, stuck, busy = (_sms(f"uji:{name}") for name in ("due", "waiting", "stuck", "busy"))
    OutboxMessage.objects.filter(pk=due.pk).update(status=S.FAILED, attempts=1, next_attempt_at=now)
    OutboxMessage.objects.filter(pk=waiting.pk).update(status=S.FAILED, attempts=1,
                                                       next_attempt_at=now + dt.timedelta(minutes=3))
    OutboxMessage.objects.filter(pk=stuck.pk).update(status=S.SENDING, attempts=1,
                                                     claimed_at=now - dt.timedelta(minutes=20))
    OutboxMessage.objects.filter(pk=busy.pk).update(status=S.SENDING, attempts=1,
                                                    claimed_at=now - dt.timedelta(minutes=2))
    with committed():
        assert outbox.retry_due_messages(now) == 2
    status = dict(OutboxMessage.objects.values_list("dedupe_key", "status"))
    assert status == {"uji:due": S.SENT, "uji:stuck": S.SENT, "uji:waiting": S.FAILED, "uji:busy": S.SENDING}
    assert len(gateway.received) == 2


def test_a_message_stuck_in_sending_without_attempts_left_is_dead(db):
    message = _sms()
    OutboxMessage.objects.filter(pk=message.pk).update(status=S.SENDING, attempts=8,
                                                       claimed_at=timezone.now() - dt.timedelta(hours=1))
    outbox.retry_due_messages()
    message.refresh_from_db()
    assert message.status == S.DEAD


def test_the_deliver_outbox_command_sends_every_due_message_inline(cast, file_report, capsys):
    file_report()  # a receipt and the receiving admin's e-mail wait in the outbox (no commit in tests)
    waiting = OutboxMessage.objects.filter(status=S.PENDING).count()
    assert waiting >= 1 and mail.outbox == []
    call_command("deliver_outbox")
    assert not OutboxMessage.objects.filter(status=S.PENDING).exists()
    assert len(mail.outbox) == waiting
    assert f"sent: {waiting}" in capsys.readouterr().out


def test_each_sweep_queues_only_the_attempts_not_queued_yet(db, committed, monkeypatch):
    queued = []
    monkeypatch.setattr(outbox, "enqueue_many", lambda ids: queued.append(sorted(ids)))
    now = timezone.now()
    new = _sms("uji:new")  # handed to the worker when it was written
    failed = _sms("uji:failed")
    OutboxMessage.objects.filter(pk=failed.pk).update(status=S.FAILED, attempts=1,
                                                      next_attempt_at=now - dt.timedelta(minutes=1))
    waiting = _sms("uji:waiting")
    OutboxMessage.objects.filter(pk=waiting.pk).update(status=S.FAILED, attempts=1,
                                                       next_attempt_at=now + dt.timedelta(minutes=3))
    with committed():
        first = outbox.retry_due_messages(now)
    with committed():
        second = outbox.retry_due_messages(now + dt.timedelta(seconds=60))
    with committed():
        third = outbox.retry_due_messages(now + dt.timedelta(minutes=4))  # the waiting one is due now
    assert (first, second, third) == (1, 0, 1)
    assert queued == [[failed.pk], [waiting.pk]]
    assert new.pk not in {pk for ids in queued for pk in ids}


def test_a_message_the_queue_refused_is_queued_by_the_next_sweep(db, monkeypatch, settings, committed):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    def refuse(message_id):
        raise ConnectionError("antrean penuh")

    monkeypatch.setattr(outbox, "enqueue", refuse)
    with committed():
        message = _sms("uji:refused")
    monkeypatch.setattr(outbox, "enqueue", lambda message_id: None)
    with committed():
        assert outbox.retry_due_messages(timezone.now() + dt.timedelta(seconds=1)) == 1
    assert OutboxMessage.objects.get(pk=message.pk).queued_for is not None


def test_a_queued_attempt_no_worker_took_is_queued_again_after_the_stuck_timeout(db, committed, monkeypatch):
    monkeypatch.setattr(outbox, "enqueue_many", lambda ids: None)
    message = _sms("uji:lost")  # its task was lost (a worker died between taking it and the claim)
    created = OutboxMessage.objects.get(pk=message.pk).next_attempt_at
    with committed():
        assert outbox.retry_due_messages(created + delivery.STUCK_AFTER - dt.timedelta(minutes=1)) == 0
    later = created + delivery.STUCK_AFTER + dt.timedelta(minutes=1)
    with committed():
        assert outbox.retry_due_messages(later) == 1
    with committed():
        assert outbox.retry_due_messages(later + dt.timedelta(minutes=1)) == 0
