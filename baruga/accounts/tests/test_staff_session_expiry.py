"""A staff session ends after 30 idle minutes and when the browser closes; citizens keep theirs."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from baruga.accounts.tests.helpers import full_login, password_login

pytestmark = pytest.mark.real_2fa


def test_a_staff_session_ends_after_thirty_idle_minutes(client, cast):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        full_login(client, cast.eko)
        assert client.get("/petugas/").status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        response = client.get("/petugas/", follow=True)
    assert response.request["PATH_INFO"] == "/akun/masuk/"
    assert "Sesi Anda berakhir karena tidak ada aktivitas selama 30 menit" in response.text


def test_activity_keeps_a_staff_session_alive(client, cast):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        full_login(client, cast.eko)
    for minutes in (20, 40, 60):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get("/petugas/").status_code == 200, minutes


def test_a_staff_session_ends_with_the_browser(client, cast):
    full_login(client, cast.eko)
    assert client.session.get_expire_at_browser_close()
    assert client.cookies["sessionid"]["expires"] == ""


def test_a_citizen_session_has_no_idle_timeout(client, cast):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        password_login(client, "ayu")
    with time_machine.travel(start + dt.timedelta(hours=2), tick=False):
        assert client.get("/laporan-saya/").status_code == 200
    assert not client.session.get_expire_at_browser_close()
