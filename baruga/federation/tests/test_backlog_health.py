"""Operators see a stuck federation backlog: per peer in /api/v1/health (503 past the threshold) and in
`manage.py federation_status`."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from baruga.federation import outbox
from baruga.federation.models import MessageType, OutboxMessage, OutboxStatus
from baruga.federation.tests.conftest import FakePeer

pytestmark = pytest.mark.django_db


def _message(peer, *, age_minutes, status=OutboxStatus.PENDING):
    message = outbox.write(peer=peer, type=MessageType.KEYS, payload={"keys": []})
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=status, created_at=timezone.now() - dt.timedelta(minutes=age_minutes))
    return message


def _health(client):
    return client.get("/api/v1/health", HTTP_X_FORWARDED_PROTO="https")


def test_a_young_backlog_is_reported_and_healthy(client, remote, settings, django_assert_num_queries):
    settings.FEDERATION_BACKLOG_MAX_AGE = 3600
    _message(remote.peer, age_minutes=10)
    _message(remote.peer, age_minutes=2, status=OutboxStatus.FAILED)
    _message(remote.peer, age_minutes=500, status=OutboxStatus.SENT)  # delivered: no backlog
    with django_assert_num_queries(1):
        response = _health(client)
    assert response.status_code == 200
    [peer] = response.json()["federation"]
    assert (peer["peer"], peer["messages"], peer["stuck"]) == ("Provinsi Mitra", 2, False)
    assert 590 <= peer["oldest_age_seconds"] <= 610


def test_a_backlog_older_than_the_threshold_is_unhealthy(client, remote, settings):
    settings.FEDERATION_BACKLOG_MAX_AGE = 3600
    _message(remote.peer, age_minutes=61, status=OutboxStatus.FAILED)
    response = _health(client)
    assert response.status_code == 503
    assert response.json()["status"] == "federation_backlog"
    assert response.json()["federation"][0]["stuck"] is True


def test_dead_letters_and_inactive_peers_do_not_count(client, remote, settings):
    settings.FEDERATION_BACKLOG_MAX_AGE = 3600
    _message(remote.peer, age_minutes=600, status=OutboxStatus.DEAD)
    retired = FakePeer("Mitra Lama")
    _message(retired.peer, age_minutes=600)
    retired.peer.is_active = False
    retired.peer.save()
    assert _health(client).json() == {"status": "ok", "database": True, "federation": []}


def test_federation_status_reports_each_peer_and_fails_past_the_threshold(remote, settings):
    settings.FEDERATION_BACKLOG_MAX_AGE = 3600
    _message(remote.peer, age_minutes=30)
    out = io.StringIO()
    call_command("federation_status", stdout=out)
    assert "Provinsi Mitra" in out.getvalue() and "1 pesan" in out.getvalue()
    _message(remote.peer, age_minutes=90, status=OutboxStatus.FAILED)
    with pytest.raises(CommandError, match="Provinsi Mitra"):
        call_command("federation_status", stdout=io.StringIO())
