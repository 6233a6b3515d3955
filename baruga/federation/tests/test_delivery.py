"""The deliverer in-process: order per peer, backoff, dead letters, claims, retry from the admin."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from baruga.audit.models import AuditEntry
from baruga.federation import delivery, outbox
from baruga.federation.models import MessageType, OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db


def _messages(peer, n, ref="r:1"):
    return [outbox.write(peer=peer, type=MessageType.STATUS, payload={"n": i}, ref=ref) for i in range(n)]


def test_messages_go_in_order_and_a_failure_holds_back_the_rest(remote, monkeypatch, settings):
    settings.FEDERATION_BACKOFF_BASE = 60
    written = _messages(remote.peer, 3)
    sent, fail_on = [], {written[1].pk}

    def fake_post(message):
        if message.pk in fail_on:
            raise delivery.DeliveryFailed("HTTP 503: busy")
        sent.append(message.pk)
        return {"status": "applied"}

    monkeypatch.setattr(delivery, "post", fake_post)
    assert delivery.deliver_peer(remote.peer.pk) == {OutboxStatus.SENT: 1, OutboxStatus.FAILED: 1}
    assert sent == [written[0].pk]
    failed = OutboxMessage.objects.get(pk=written[1].pk)
    # backoff of attempt 1: 60 s with a jitter of 0.5–1.5
    assert dt.timedelta(seconds=29) < failed.next_attempt_at - timezone.now() < dt.timedelta(seconds=91)
    assert delivery.deliver_peer(remote.peer.pk) == {}  # the head of the line waits; so does the third
    fail_on.clear()
    OutboxMessage.objects.filter(pk=failed.pk).update(next_attempt_at=timezone.now())
    assert delivery.deliver_peer(remote.peer.pk) == {OutboxStatus.SENT: 2}
    assert sent == [w.pk for w in written]


def test_backoff_doubles_with_jitter_and_is_capped(settings):
    settings.FEDERATION_BACKOFF_BASE, settings.FEDERATION_BACKOFF_MAX = 10, 100
    for attempts, base in [(1, 10), (2, 20), (3, 40), (6, 100)]:
        seconds = delivery.backoff(attempts).total_seconds()
        assert base * 0.5 <= seconds <= base * 1.5


def test_after_the_last_attempt_a_message_is_dead_lettered_and_the_next_one_goes(remote, monkeypatch, settings):
    settings.FEDERATION_MAX_ATTEMPTS = 2
    settings.FEDERATION_BACKOFF_BASE = 0
    first, second = _messages(remote.peer, 2)

    def fake_post(message):
        if message.pk == first.pk:
            raise delivery.DeliveryFailed("URLError: refused")
        return {}

    monkeypatch.setattr(delivery, "post", fake_post)
    delivery.deliver_peer(remote.peer.pk)
    delivery.deliver_peer(remote.peer.pk)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, first.attempts, second.status) == (OutboxStatus.DEAD, 2, OutboxStatus.SENT)


def test_a_permanent_refusal_is_dead_at_once(remote, monkeypatch):
    (message,) = _messages(remote.peer, 1)
    monkeypatch.setattr(delivery, "post", lambda m: (_ for _ in ()).throw(
        delivery.DeliveryFailed("HTTP 422: rejected", permanent=True)))
    delivery.deliver_peer(remote.peer.pk)
    message.refresh_from_db()
    assert message.status == OutboxStatus.DEAD and message.attempts == 1


def test_a_message_is_claimed_once(remote):
    (message,) = _messages(remote.peer, 1)
    now = timezone.now()
    assert delivery.claim(message.pk, now) is True
    assert delivery.claim(message.pk, now) is False


def test_one_deliverer_per_peer(remote, monkeypatch):
    _messages(remote.peer, 1)
    now = timezone.now()
    assert delivery.take_lease(remote.peer.pk, "other", now)
    monkeypatch.setattr(delivery, "post", lambda m: pytest.fail("sent while another deliverer holds the peer"))
    assert delivery.deliver_peer(remote.peer.pk, owner="me") == {}
    delivery.release_lease(remote.peer.pk, "other")


def test_what_a_dead_deliverer_left_sending_is_sent_again(remote, monkeypatch):
    (message,) = _messages(remote.peer, 1)
    delivery.claim(message.pk, timezone.now())
    monkeypatch.setattr(delivery, "post", lambda m: {})
    assert delivery.deliver_peer(remote.peer.pk) == {OutboxStatus.SENT: 1}


def test_the_admin_lists_and_retries_dead_messages_with_an_audit_entry(admin_client, remote):
    (message,) = _messages(remote.peer, 1)
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.DEAD, attempts=12)
    page = admin_client.get("/admin/federation/outboxmessage/?status__exact=dead")
    assert page.status_code == 200 and str(message.report_ref) in page.content.decode()
    response = admin_client.post("/admin/federation/outboxmessage/",
                                 {"action": "retry", "_selected_action": [message.pk]})
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
    assert AuditEntry.objects.filter(action="federation.retry").count() == 1


def test_the_command_delivers_until_idle(remote, monkeypatch):
    from django.core.management import call_command

    _messages(remote.peer, 3)
    monkeypatch.setattr(delivery, "post", lambda m: {})
    call_command("federation_deliver", "--until-idle", "5")
    assert not delivery.has_pending()


def test_the_national_connector_hands_over_to_the_hub(cast, file_report, remote, settings):
    from baruga.complaints import actions
    from baruga.complaints.models import State

    settings.NATIONAL_CONNECTOR = "baruga.federation.national.BarugaHubConnector"
    settings.NATIONAL_HUB_PEER = remote.peer.name
    settings.NATIONAL_HUB_JURISDICTION = "00"
    report = file_report()  # received by the province
    actions.transfer(actor=cast.budi, report=report, to_jurisdiction=cast.national, reason="Kewenangan pusat.")
    message = OutboxMessage.objects.get(peer=remote.peer)
    assert message.type == "transfer" and '"jurisdiction":"00"' in message.body
    report.refresh_from_db()
    assert report.state == State.TRANSFERRED


def test_a_connector_without_its_hub_refuses_the_transfer(cast, file_report, settings):
    from baruga.complaints import actions

    settings.NATIONAL_CONNECTOR = "baruga.federation.national.BarugaHubConnector"
    settings.NATIONAL_HUB_PEER = "tidak-ada"
    report = file_report()
    with pytest.raises(actions.ActionError):
        actions.transfer(actor=cast.budi, report=report, to_jurisdiction=cast.national, reason="Kewenangan pusat.")
    report.refresh_from_db()
    assert report.state == "submitted" and not OutboxMessage.objects.exists()


def test_the_admin_pages_of_federation_render(admin_client, remote):
    for url in ["/admin/federation/peer/", f"/admin/federation/peer/{remote.peer.pk}/change/",
                "/admin/federation/peer/add/", "/admin/federation/inboxmessage/",
                "/admin/federation/federatedreport/", "/admin/federation/signingkey/"]:
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.django_db(transaction=True)
def test_a_queue_failing_after_commit_leaves_the_message_to_the_deliverer(remote, monkeypatch, settings, caplog):
    settings.FEDERATION_ENQUEUE_ON_COMMIT = True

    def refuse(peer_id):
        raise ConnectionError("antrean tidak tersedia")

    monkeypatch.setattr(outbox, "_enqueue", refuse)
    with transaction.atomic():
        message = outbox.write(peer=remote.peer, type=MessageType.STATUS, payload={"n": 1}, ref="r:1")
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.PENDING
    assert "refuse in on_commit()" in caplog.text
