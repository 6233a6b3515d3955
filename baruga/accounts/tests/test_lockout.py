"""Repeated failed sign-ins lock the account and the address out for 15 minutes (django-axes)."""

import datetime as dt

import time_machine
from django.utils import timezone

from baruga.accounts.tests.helpers import password_login

WRONG = "bukan-kata-sandinya-9"
LOCKED = "Terlalu banyak percobaan masuk yang gagal"


def _fail(client, username, times, ip="198.51.100.7"):
    return [password_login(client, username, password=WRONG, REMOTE_ADDR=ip).status_code for _ in range(times)]


def test_four_failures_still_let_the_right_password_in(client, cast):
    assert _fail(client, "eko", 4) == [200] * 4  # the form again, with its error
    assert password_login(client, "eko", REMOTE_ADDR="198.51.100.7").status_code == 302


def test_the_fifth_failure_locks_the_account_with_an_indonesian_message(client, cast):
    assert _fail(client, "eko", 5)[-1] == 429
    refused = password_login(client, "eko", REMOTE_ADDR="198.51.100.7")  # even the right password
    assert refused.status_code == 429
    assert LOCKED in refused.text and "selama 15 menit" in refused.text
    assert refused["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


def test_the_account_stays_locked_from_another_address(client, cast):
    _fail(client, "eko", 5, ip="198.51.100.7")
    assert password_login(client, "eko", REMOTE_ADDR="192.0.2.44").status_code == 429
    assert password_login(client, "fajar", REMOTE_ADDR="192.0.2.44").status_code == 302  # others unaffected


def test_an_address_failing_on_many_accounts_is_locked_out_for_every_account(client, cast):
    for username in ["eko", "fajar", "gita", "joko", "hadi"]:
        _fail(client, username, 1, ip="198.51.100.9")
    refused = password_login(client, "citra", REMOTE_ADDR="198.51.100.9")
    assert refused.status_code == 429 and LOCKED in refused.text
    assert password_login(client, "citra", REMOTE_ADDR="192.0.2.44").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, cast):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _fail(client, "eko", 5)
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert password_login(client, "eko", REMOTE_ADDR="198.51.100.7").status_code == 302


def test_the_limit_comes_from_the_settings(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert _fail(client, "eko", 2) == [200, 429]
