"""Every sign-in step of an account is kept, and its owner (only) can read it at /akun/riwayat-masuk/."""

import pytest

from baruga.accounts.models import LoginRecord
from baruga.accounts.tests.helpers import full_login, password_login


def test_a_successful_and_a_failed_password_are_recorded_with_the_network_only(client, cast):
    password_login(client, "ayu", password="salah-sekali-1", REMOTE_ADDR="203.0.113.57")
    password_login(client, "ayu", REMOTE_ADDR="203.0.113.57", HTTP_USER_AGENT="Mozilla/5.0 (Android 14)")
    failed, ok = LoginRecord.objects.filter(user=cast.ayu).order_by("created_at", "id")
    assert (failed.success, failed.method, failed.ip) == (False, "password", "203.0.113.0/24")
    assert (ok.success, ok.method, ok.user_agent) == (True, "password", "Mozilla/5.0 (Android 14)")


def test_an_unknown_username_leaves_no_record(client, cast):
    password_login(client, "tidak-ada", password="salah-sekali-1")
    assert not LoginRecord.objects.exists()


@pytest.mark.real_2fa
def test_the_second_factor_is_recorded_as_its_own_step(client, cast):
    full_login(client, cast.eko)
    assert list(LoginRecord.objects.filter(user=cast.eko).order_by("id").values_list("method", "success")) == [
        ("password", True), ("totp", True)]


def test_the_owner_reads_their_own_history_and_nobody_elses(client, cast):
    password_login(client, "ayu", password="salah-sekali-1")
    password_login(client, "eko", password="salah-sekali-1")
    LoginRecord.objects.filter(user=cast.eko).update(user_agent="peramban-eko")
    client.force_login(cast.ayu)
    page = client.get("/akun/riwayat-masuk/")
    assert page.status_code == 200
    assert page.text.count('class="login-record') == 2  # the failure and the force_login
    assert page.text.count('class="login-record failed"') == 1
    assert "peramban-eko" not in page.text


def test_the_history_needs_a_sign_in(client, db):
    assert client.get("/akun/riwayat-masuk/")["Location"].startswith("/akun/masuk/")
