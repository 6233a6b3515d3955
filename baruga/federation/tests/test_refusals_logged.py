"""A refused federation message is logged with who claims to send it, and an authentication failure
raises a security event for the security officers' dashboard."""

import logging

import pytest

from baruga.federation.tests.conftest import transfer_payload, unauthenticated
from baruga.security.models import SecurityEvent

pytestmark = pytest.mark.django_db


def _refusals(caplog):
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("Federation message refused")]


@pytest.mark.parametrize("case, reason", [
    ("bad_signature", "bad_signature"),
    ("unknown_key", "unknown_key"),
    ("unknown_peer", "unknown_sender"),
    ("wrong_recipient", "wrong_recipient"),
])
def test_an_authentication_failure_is_logged_and_raises_a_security_event(client, cast, remote, caplog, case,
                                                                         reason):
    data = remote.envelope("transfer", transfer_payload(), ref="x:BRG-AAAA-BBBB")
    kwargs = unauthenticated(remote, data, case)
    with caplog.at_level(logging.WARNING, logger="baruga.federation"):
        response = remote.post(client, data, REMOTE_ADDR="203.0.113.7", **kwargs)
    assert response.status_code in (401, 403)
    [line] = _refusals(caplog)
    assert f"sender={data['sender']}" in line and f"message_id={data['id']}" in line
    assert f"key_id={kwargs.get('key_id', 'k1')}" in line and "address=203.0.113.7" in line and reason in line
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.FEDERATION_REFUSED)
    assert event.kind == SecurityEvent.Kind.FEDERATION_REFUSED and event.ip == "203.0.113.0/24"
    assert event.details["reason"] == reason and event.details["message_id"] == data["id"]
    assert event.details["sender"] == data["sender"]


def test_repeated_refusals_are_each_logged_but_raise_one_event_per_window(client, cast, remote, caplog):
    with caplog.at_level(logging.WARNING, logger="baruga.federation"):
        for _ in range(3):
            data = remote.envelope("status", {"x": 1})
            remote.post(client, data, key_id="k9", REMOTE_ADDR="203.0.113.7")
    assert len(_refusals(caplog)) == 3
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.FEDERATION_REFUSED).count() == 1


def test_a_malformed_message_is_logged_without_a_security_event(client, cast, remote, caplog):
    with caplog.at_level(logging.WARNING, logger="baruga.federation"):
        response = remote.post(client, {}, raw=b'{"id": ', REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 400
    [line] = _refusals(caplog)
    assert "invalid" in line and "address=203.0.113.7" in line
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.FEDERATION_REFUSED).exists()
