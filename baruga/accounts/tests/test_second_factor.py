"""Staff give a second factor after the password: nothing of the staff side opens before it."""

import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from baruga.accounts.models import LoginRecord
from baruga.accounts.tests.helpers import authenticator, code, full_login, give_enrolment_code, password_login

pytestmark = pytest.mark.real_2fa


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    """django-otp slows down after a wrong code (1 s, 2 s, …); these tests type the right one at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_eko_is_sent_to_the_second_factor_after_his_password(client, cast):
    authenticator(cast.eko)
    response = password_login(client, "eko")
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).request["PATH_INFO"] == "/akun/dua-langkah/"


def test_eko_cannot_open_the_inbox_before_the_second_factor(client, cast):
    authenticator(cast.eko)
    password_login(client, "eko")
    for path in ["/petugas/", "/petugas/kinerja/", "/petugas/notifikasi/", "/ppid/petugas/", "/admin/",
                 "/keamanan/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/akun/dua-langkah/?next="), path


def test_the_staff_api_answers_401_before_the_second_factor(client, cast):
    authenticator(cast.eko)
    password_login(client, "eko")
    response = client.get("/api/v1/staff/reports")
    assert response.status_code == 401
    assert response.json() == {"detail": "Selesaikan verifikasi dua langkah terlebih dahulu.",
                               "code": "second_factor_required", "errors": []}


def test_an_htmx_request_is_redirected_as_a_whole_page(client, cast):
    authenticator(cast.eko)
    password_login(client, "eko")
    response = client.get("/petugas/?status=baru", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/akun/dua-langkah/")


def test_a_wrong_code_is_refused_and_the_right_one_opens_the_inbox(client, cast):
    device = authenticator(cast.eko)
    password_login(client, "eko")
    wrong = client.post("/akun/dua-langkah/", {"code": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Kode tidak cocok" in wrong.text
    assert client.get("/petugas/").status_code == 302

    right = client.post("/akun/dua-langkah/?next=/petugas/", {"code": code(device), "next": "/petugas/"})
    assert right.status_code == 302 and right["Location"] == "/petugas/"
    assert client.get("/petugas/").status_code == 200
    assert client.get("/api/v1/staff/reports").status_code == 200


def test_a_code_cannot_be_used_twice(client, cast):
    device = authenticator(cast.eko)
    password_login(client, "eko")
    used = code(device)
    assert client.post("/akun/dua-langkah/", {"code": used}).status_code == 302
    client.post("/akun/keluar/")
    password_login(client, "eko")
    assert client.post("/akun/dua-langkah/", {"code": used}).status_code == 400


def test_a_recovery_code_works_once(client, cast):
    from baruga.accounts import twofactor

    authenticator(cast.eko)
    recovery = twofactor.new_recovery_codes(cast.eko)
    password_login(client, "eko")
    first = client.post("/akun/dua-langkah/", {"code": recovery[0].upper()})  # case and spaces do not matter
    assert first.status_code == 302
    assert client.get("/petugas/").status_code == 200
    assert StaticToken.objects.filter(device__user=cast.eko).count() == 9

    client.post("/akun/keluar/")
    password_login(client, "eko")
    again = client.post("/akun/dua-langkah/", {"code": recovery[0]})
    assert again.status_code == 400
    assert client.get("/petugas/").status_code == 302
    assert list(LoginRecord.objects.filter(user=cast.eko, method="recovery").values_list("success", flat=True)) == [
        False, True]


def test_a_first_sign_in_sets_up_the_app_and_shows_ten_recovery_codes_once(client, cast):
    password_login(client, "eko")
    give_enrolment_code(client, cast.eko)
    setup = client.get("/akun/dua-langkah/", follow=True)
    assert setup.request["PATH_INFO"] == "/akun/dua-langkah/pasang/"
    assert re.search(r'<img src="data:image/svg\+xml;charset=utf-8,[^"]+" alt="Kode QR', setup.text)
    assert "<script" not in setup.text.split("<main", 1)[1]
    device = TOTPDevice.objects.get(user=cast.eko, confirmed=False)

    confirmed = client.post("/akun/dua-langkah/pasang/", {"code": code(device)})
    assert confirmed.status_code == 200
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", confirmed.text)
    assert len(shown) == 10
    assert set(shown) == set(StaticToken.objects.filter(device__user=cast.eko).values_list("token", flat=True))
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/petugas/").status_code == 200
    # Shown once: the set-up page is closed now, and the codes page only counts them.
    assert client.get("/akun/dua-langkah/pasang/").status_code == 302
    status = client.get("/akun/dua-langkah/kode-cadangan/")
    assert "Tersisa 10 kode cadangan" in status.text and shown[0] not in status.text


def test_a_wrong_first_code_does_not_confirm_the_app(client, cast):
    password_login(client, "eko")
    give_enrolment_code(client, cast.eko)
    client.get("/akun/dua-langkah/pasang/")
    device = TOTPDevice.objects.get(user=cast.eko)
    wrong = "000000" if code(device) != "000000" else "111111"
    response = client.post("/akun/dua-langkah/pasang/", {"code": wrong})
    assert response.status_code == 400 and "Kode tidak cocok" in response.text
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/petugas/").status_code == 302


def test_the_second_factor_is_throttled_after_wrong_codes(client, cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = authenticator(cast.eko)
    password_login(client, "eko")
    client.post("/akun/dua-langkah/", {"code": "000000" if code(device) != "000000" else "111111"})
    response = client.post("/akun/dua-langkah/", {"code": code(device)})
    assert response.status_code == 400 and "Terlalu banyak kode salah" in response.text


def test_superusers_and_is_staff_accounts_need_it_too(client, cast):
    from baruga.accounts.models import User
    from conftest import PASSWORD

    User.objects.create_superuser("root", "root@contoh.id", PASSWORD)
    password_login(client, "root")
    assert client.get("/admin/")["Location"].startswith("/akun/dua-langkah/")


def test_citizens_are_not_asked(client, cast):
    password_login(client, "ayu")
    assert client.get("/laporan-saya/").status_code == 200
    assert client.get("/akun/dua-langkah/")["Location"] == "/akun/lanjut/"


def test_the_second_factor_page_does_not_exist_for_citizens_set_up(client, cast):
    password_login(client, "ayu")
    assert client.get("/akun/dua-langkah/pasang/").status_code == 404
