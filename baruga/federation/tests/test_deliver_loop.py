"""`federation_deliver --loop` outlives a lost database connection, and a killed deliverer's lease ends."""

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from baruga.federation import delivery, outbox
from baruga.federation.management.commands import federation_deliver
from baruga.federation.models import MessageType, OutboxMessage, OutboxStatus, Peer
from baruga.lib import loops
from baruga.lib.tests.connection_drop import drop_connection


@pytest.mark.django_db(transaction=True)
def test_the_loop_reconnects_after_the_connection_drops_and_delivers(remote, monkeypatch):
    message = outbox.write(peer=remote.peer, type=MessageType.STATUS, payload={"n": 1}, ref="r:1")
    monkeypatch.setattr(delivery, "post", lambda m: {})
    waits = []
    monkeypatch.setattr(loops.Reconnect, "wait", lambda self, seconds: waits.append(seconds))
    real_deliver_all = delivery.deliver_all
    passes = []

    def deliver_all(**kwargs):
        passes.append(1)
        if len(passes) == 1:
            drop_connection()
        if len(passes) == 3:
            raise KeyboardInterrupt  # Ctrl-C: the loop ends and reports
        return real_deliver_all(**kwargs)

    monkeypatch.setattr(federation_deliver.delivery, "deliver_all", deliver_all)
    out = io.StringIO()
    call_command("federation_deliver", "--loop", "0.01", stdout=out)
    assert out.getvalue().strip() == "sent=1"
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.SENT
    assert waits == [1.0]


@pytest.mark.django_db
def test_a_dead_deliverers_lease_ends_after_the_configured_seconds(remote, settings):
    settings.FEDERATION_LEASE_SECONDS = 15
    now = timezone.now()
    assert delivery.take_lease(remote.peer.pk, "dead-worker", now)
    assert Peer.objects.get(pk=remote.peer.pk).lease_until == now + dt.timedelta(seconds=15)
    assert not delivery.take_lease(remote.peer.pk, "next-worker", now + dt.timedelta(seconds=14))
    assert delivery.take_lease(remote.peer.pk, "next-worker", now + dt.timedelta(seconds=16))


def test_the_lease_is_read_from_the_environment():
    env = {**os.environ, "FEDERATION_LEASE_SECONDS": "20"}
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c",
                             "from django.conf import settings; print(settings.FEDERATION_LEASE_SECONDS)"],
                            cwd=Path(__file__).resolve().parents[3], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "20.0", result.stderr


def test_a_lease_not_above_the_timeout_is_a_configuration_warning(settings):
    from baruga.federation import checks

    settings.FEDERATION_LEASE_SECONDS, settings.FEDERATION_TIMEOUT = 20, 20
    assert [w.id for w in checks.lease_settings(None)] == ["federation.W001"]
    settings.FEDERATION_LEASE_SECONDS = 30
    assert checks.lease_settings(None) == []
