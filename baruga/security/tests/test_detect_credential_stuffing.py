"""One address failing to sign in as many different usernames raises one high event."""

from baruga.accounts.tests.helpers import password_login
from baruga.security.models import SecurityEvent


def _stuffing(client, usernames, ip="203.0.113.80"):
    for username in usernames:
        password_login(client, username, password="bocoran-lama-123", REMOTE_ADDR=ip)


def _events():
    return SecurityEvent.objects.filter(kind="credential_stuffing")


def test_ten_distinct_usernames_from_one_address_raise_one_high_event(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 100  # let the attempts through to the counter
    _stuffing(client, [f"pengguna{i}" for i in range(12)])
    event = _events().get()
    assert event.severity == "high"
    assert event.ip == "203.0.113.0/24"
    assert event.details["distinct_usernames"] == 10


def test_nine_are_below_the_threshold(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 100
    _stuffing(client, [f"pengguna{i}" for i in range(9)])
    assert not _events().exists()


def test_the_same_username_again_and_again_is_not_stuffing(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 100
    _stuffing(client, ["eko"] * 15)
    assert not _events().exists()


def test_the_addresses_are_counted_apart(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 100
    _stuffing(client, [f"pengguna{i}" for i in range(6)], ip="203.0.113.80")
    _stuffing(client, [f"pengguna{i}" for i in range(6)], ip="198.51.100.80")
    assert not _events().exists()


def test_the_threshold_comes_from_the_settings(client, db, settings):
    settings.AXES_FAILURE_LIMIT = 100
    settings.SECURITY_DETECTION = {**settings.SECURITY_DETECTION, "credential_stuffing_usernames": 3}
    _stuffing(client, ["a", "b", "c"])
    assert _events().count() == 1
