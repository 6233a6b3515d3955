"""Right password, wrong codes again and again: someone may hold the password. One high event."""

import pytest

from baruga.accounts.tests.helpers import authenticator, code, password_login
from baruga.security.models import SecurityEvent

pytestmark = pytest.mark.real_2fa


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _wrong_codes(client, device, times):
    wrong = "000000" if code(device) != "000000" else "111111"
    for _ in range(times):
        assert client.post("/akun/dua-langkah/", {"code": wrong}).status_code == 400


def test_five_wrong_codes_raise_one_high_event_naming_the_account(client, cast):
    device = authenticator(cast.eko)
    password_login(client, "eko")
    _wrong_codes(client, device, 7)
    event = SecurityEvent.objects.get(kind="second_factor_failures")
    assert event.severity == "high" and event.actor == cast.eko and event.details["failures"] == 5


def test_four_wrong_codes_raise_nothing(client, cast):
    device = authenticator(cast.eko)
    password_login(client, "eko")
    _wrong_codes(client, device, 4)
    assert not SecurityEvent.objects.filter(kind="second_factor_failures").exists()
