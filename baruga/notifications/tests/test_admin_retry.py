"""An operator sends failed and dead messages again from the Django admin ("kirim ulang")."""

import pytest
from django.urls import reverse

from baruga.notifications import outbox
from baruga.notifications.models import OutboxMessage

S = OutboxMessage.Status


def _message(key, status):
    message = outbox.queue_message(channel="email", to_address=f"{key}@contoh.id", subject="Uji", body="Uji",
                                      language="id", dedupe_key=key)
    OutboxMessage.objects.filter(pk=message.pk).update(status=status, attempts=8, last_error="SMTP mati")
    return message


def test_kirim_ulang_sends_failed_and_dead_messages_again_and_leaves_sent_ones(admin_client, mailoutbox,
                                                                            django_capture_on_commit_callbacks):
    dead, failed, sent = _message("dead", S.DEAD), _message("failed", S.FAILED), _message("sent", S.SENT)
    url = reverse("admin:notifications_outboxmessage_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"action": "retry", "_selected_action": [dead.pk, failed.pk, sent.pk]})
    assert response.status_code == 302
    status = dict(OutboxMessage.objects.values_list("dedupe_key", "status"))
    assert status == {"dead": S.SENT, "failed": S.SENT, "sent": S.SENT}
    assert sorted(m.to[0] for m in mailoutbox) == ["dead@contoh.id", "failed@contoh.id"]
    assert OutboxMessage.objects.get(dedupe_key="dead").attempts == 1  # a fresh set of attempts


def test_the_outbox_list_filters_by_status_and_channel(admin_client):
    _message("dead", S.DEAD)
    _message("sent", S.SENT)
    url = reverse("admin:notifications_outboxmessage_changelist")
    page = admin_client.get(url, {"status__exact": "dead", "channel__exact": "email"})
    assert page.status_code == 200
    assert "dead@contoh.id" in page.text and "sent@contoh.id" not in page.text


@pytest.mark.django_db(transaction=True)
def test_kirim_ulang_answers_when_the_queue_fails_after_the_commit(admin_client, monkeypatch, caplog):
    """The retry committed; a queue that refuses the hand-over afterwards is logged, not a 500."""
    dead = _message("dead", S.DEAD)

    def refuse(message_id):
        raise ConnectionError("antrean tidak tersedia")

    monkeypatch.setattr(outbox, "enqueue", refuse)
    url = reverse("admin:notifications_outboxmessage_changelist")
    response = admin_client.post(url, {"action": "retry", "_selected_action": [dead.pk]})
    assert response.status_code == 302
    dead.refresh_from_db()
    assert dead.status == S.PENDING and dead.attempts == 0  # committed; the sweep sends it later
    assert "refuse in on_commit()" in caplog.text and "antrean tidak tersedia" in caplog.text
