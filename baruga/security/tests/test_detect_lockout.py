"""A lock-out by django-axes raises one event: high for a staff account, medium otherwise."""

from baruga.accounts.tests.helpers import password_login
from baruga.security.models import SecurityEvent


def _fail(client, username, times, ip="198.51.100.7"):
    for _ in range(times):
        password_login(client, username, password="bukan-kata-sandinya-9", REMOTE_ADDR=ip)


def test_a_locked_staff_account_is_a_high_event_raised_once(client, cast):
    _fail(client, "eko", 8)
    event = SecurityEvent.objects.get(kind="account_locked")
    assert event.severity == "high"
    assert event.details["account_id"] == cast.eko.pk and event.details["staff_account"] is True
    assert event.ip == "198.51.100.0/24"


def test_a_locked_citizen_account_is_medium(client, cast):
    _fail(client, "ayu", 5)
    assert SecurityEvent.objects.get(kind="account_locked").severity == "medium"


def test_four_failures_raise_nothing(client, cast):
    _fail(client, "eko", 4)
    assert not SecurityEvent.objects.filter(kind="account_locked").exists()
