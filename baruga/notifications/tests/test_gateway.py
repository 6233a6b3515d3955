"""The SMS/WhatsApp gateway: a signed JSON webhook, checked against a real local HTTP server."""

import hashlib
import hmac
import json
import socket
import time

from django.core import mail

from baruga.complaints import actions
from baruga.notifications import delivery, outbox
from baruga.notifications.channels.gateway import sign
from baruga.notifications.models import OutboxMessage

S = OutboxMessage.Status


def _sms(text="Disposisi baru BRG-UJI"):
    return outbox.queue_message(channel="gateway", to_address="+6281234567890", body=text, language="id",
                                  dedupe_key="uji:gateway")


def test_the_gateway_receives_signed_json_it_can_verify(db, gateway):
    message = _sms()
    assert delivery.deliver(message.pk) == S.SENT
    request, = gateway.received
    assert request.path == "/kirim" and request.headers["Content-Type"].startswith("application/json")
    timestamp = request.headers["X-Baruga-Timestamp"]
    expected = hmac.new(gateway.secret.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(request.headers["X-Baruga-Signature"], expected)
    assert abs(int(timestamp) - time.time()) < 60
    payload = json.loads(request.body)
    assert payload["to"] == "+6281234567890" and payload["text"] == "Disposisi baru BRG-UJI"
    assert payload["message_id"] == str(message.pk) and payload["sent_at"]


def test_a_changed_body_or_another_secret_does_not_verify(db, gateway):
    delivery.deliver(_sms().pk)
    request, = gateway.received
    timestamp, signature = request.headers["X-Baruga-Timestamp"], request.headers["X-Baruga-Signature"]
    assert sign(gateway.secret, timestamp, request.body) == signature
    assert sign(gateway.secret, timestamp, request.body.replace(b"BRG-UJI", b"BRG-LAIN")) != signature
    assert sign("kunci-lain", timestamp, request.body) != signature
    assert sign(gateway.secret, str(int(timestamp) + 1), request.body) != signature


def test_a_gateway_answering_500_is_recorded_as_failed(db, gateway):
    gateway.status = 500
    message = _sms()
    assert delivery.deliver(message.pk) == S.FAILED
    message.refresh_from_db()
    assert message.status == S.FAILED and message.attempts == 1 and "HTTP 500" in message.last_error
    assert message.sent_at is None


def test_a_redirect_is_a_failure_not_a_delivery(db, gateway):
    gateway.status = 302
    message = _sms()
    assert delivery.deliver(message.pk) == S.FAILED
    assert len(gateway.received) == 1  # never followed as a GET


def test_an_unreachable_gateway_is_recorded_as_failed(db, settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.NOTIFY_GATEWAY_URL = f"http://127.0.0.1:{port}/kirim"
    settings.NOTIFY_GATEWAY_SECRET = "rahasia"
    message = _sms()
    assert delivery.deliver(message.pk) == S.FAILED
    message.refresh_from_db()
    assert "unreachable" in message.last_error


def test_staff_who_chose_sms_get_a_short_text_on_dispatch(cast, file_report, gateway, prefer, committed):
    prefer(cast.eko, gateway_enabled=True, gateway_phone="+6281111111111")
    report = file_report(category=cast.city_road, title="Jalan rusak depan rumah Pak Rahman")
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    with committed():
        actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    request, = gateway.received
    payload = json.loads(request.body)
    assert payload["to"] == "+6281111111111"
    assert report.tracking_id in payload["text"]
    assert "Pak Rahman" not in payload["text"]  # the gateway provider sees as little as possible
    assert "eko@contoh.id" in {m.to[0] for m in mail.outbox}  # e-mail too, as chosen


def test_nothing_is_queued_for_a_gateway_that_is_not_configured(cast, dispatched_report, prefer, settings):
    settings.NOTIFY_GATEWAY_URL = ""
    prefer(cast.eko, gateway_enabled=True, gateway_phone="+6281111111111")
    actions.accept(actor=cast.fajar, report=dispatched_report)
    actions.hand_back(actor=cast.fajar, report=dispatched_report, reason="Bukan jalan kota")
    assert not OutboxMessage.objects.filter(channel="gateway").exists()
