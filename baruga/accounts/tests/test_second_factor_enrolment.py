"""Setting up the authenticator needs a single-use, expiring enrolment code from a superuser: the
password alone (a stolen one) cannot register someone else's app on a staff account."""

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.core.management import call_command
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from baruga.accounts import enrolment
from baruga.accounts.models import EnrolmentCode, LoginRecord, User
from baruga.accounts.tests.helpers import authenticator, code, enrolment_code, full_login, password_login
from baruga.audit.models import AuditEntry
from baruga.notifications.models import OutboxMessage
from baruga.security.models import SecurityEvent
from conftest import PASSWORD

pytestmark = pytest.mark.real_2fa

SETUP = "/akun/dua-langkah/pasang/"


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "root@contoh.id", PASSWORD)


def _enrol(client, user, enrolment):
    """Type the enrolment code, then the first code of the new app; returns the last answer."""
    given = client.post(SETUP, {"enrolment_code": enrolment})
    if given.status_code != 302:
        return given
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return client.post(SETUP, {"code": code(device)})


def _wrong(code_text):
    return "AAAA-AAAA-AAAA" if code_text != "AAAA-AAAA-AAAA" else "BBBB-BBBB-BBBB"


# The hijack

def test_someone_with_eko_s_password_but_no_code_cannot_register_an_app(client, cast):
    password_login(client, "eko")
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Hubungi admin Anda dan mintalah kode pendaftaran dua langkah" in page.text
    assert "data:image/svg" not in page.text  # no QR code, no secret
    assert not TOTPDevice.objects.filter(user=cast.eko).exists()
    # Posting an authenticator code, as the old set-up step took, confirms nothing.
    refused = client.post(SETUP, {"code": "123456"})
    assert refused.status_code == 400
    assert not TOTPDevice.objects.filter(user=cast.eko).exists()
    for path in ["/petugas/", "/admin/", "/api/v1/staff/reports", "/akun/dua-langkah/kode-cadangan/"]:
        assert client.get(path).status_code in (302, 401), path


def test_the_second_factor_page_sends_eko_without_an_app_to_the_code_page(client, cast):
    password_login(client, "eko")
    page = client.get("/akun/dua-langkah/?next=/petugas/", follow=True)
    assert page.request["PATH_INFO"] == SETUP
    assert "Hubungi admin Anda dan mintalah kode pendaftaran dua langkah" in page.text
    assert 'name="enrolment_code"' in page.text


def test_with_the_code_eko_sets_up_his_app_and_reaches_his_inbox(client, cast):
    issued = enrolment_code(cast.eko)
    password_login(client, "eko")
    confirmed = _enrol(client, cast.eko, issued.lower().replace("-", " "))  # case, spaces, dashes do not matter
    assert confirmed.status_code == 200
    assert len(re.findall(r"<li><code>([a-z2-7]{8})</code></li>", confirmed.text)) == 10
    assert TOTPDevice.objects.get(user=cast.eko).confirmed
    assert client.get("/petugas/").status_code == 200


def test_only_a_digest_of_the_code_is_stored(cast):
    issued = enrolment_code(cast.eko)
    row = EnrolmentCode.objects.get(user=cast.eko)
    assert row.digest == hashlib.sha256(issued.replace("-", "").encode()).hexdigest()
    assert issued.replace("-", "") not in str(list(EnrolmentCode.objects.values()))


# Single use, expiry, one code at a time

def test_a_code_enrols_once_a_reset_needs_a_new_one(client, cast, root):
    issued = enrolment_code(cast.eko)
    password_login(client, "eko")
    assert _enrol(client, cast.eko, issued).status_code == 200
    client.post("/akun/keluar/")

    enrolment.reset(actor=root, user=cast.eko)
    assert not TOTPDevice.objects.filter(user=cast.eko).exists()
    assert not StaticDevice.objects.filter(user=cast.eko).exists()
    password_login(client, "eko")
    again = client.post(SETUP, {"enrolment_code": issued})
    assert again.status_code == 400 and "Kode pendaftaran tidak berlaku" in again.text
    assert not TOTPDevice.objects.filter(user=cast.eko).exists()
    assert _enrol(client, cast.eko, enrolment_code(cast.eko)).status_code == 200


def test_a_code_expires_after_the_configured_hours(client, cast, settings):
    settings.TWO_FACTOR_ENROLMENT_HOURS = 72
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        issued = enrolment_code(cast.eko)
    with time_machine.travel(start + dt.timedelta(hours=72, minutes=1), tick=False):
        password_login(client, "eko")
        late = client.post(SETUP, {"enrolment_code": issued})
        assert late.status_code == 400 and "kedaluwarsa" in late.text
        assert not TOTPDevice.objects.filter(user=cast.eko).exists()
    with time_machine.travel(start + dt.timedelta(hours=71), tick=False):
        assert client.post(SETUP, {"enrolment_code": issued}).status_code == 302


def test_a_code_accepted_but_expired_before_the_app_is_confirmed_enrols_nothing(client, cast):
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        issued = enrolment_code(cast.eko)
    with time_machine.travel(start + dt.timedelta(hours=71, minutes=59), tick=True):
        password_login(client, "eko")
        assert client.post(SETUP, {"enrolment_code": issued}).status_code == 302
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=cast.eko, confirmed=False)
    with time_machine.travel(start + dt.timedelta(hours=72, minutes=1), tick=True):
        response = client.post(SETUP, {"code": code(device)}, follow=True)
        assert not TOTPDevice.objects.get(pk=device.pk).confirmed
        assert 'name="enrolment_code"' in response.text


def test_a_new_code_voids_the_earlier_one(client, cast):
    first = enrolment_code(cast.eko)
    second = enrolment_code(cast.eko)
    password_login(client, "eko")
    assert client.post(SETUP, {"enrolment_code": first}).status_code == 400
    assert client.post(SETUP, {"enrolment_code": second}).status_code == 302


# Wrong codes

def test_wrong_codes_void_the_code_and_count_for_detection(client, cast, settings):
    settings.TWO_FACTOR_ENROLMENT_MAX_FAILURES = 5
    issued = enrolment_code(cast.eko)
    password_login(client, "eko")
    for _i in range(4):
        wrong = client.post(SETUP, {"enrolment_code": _wrong(issued)})
        assert wrong.status_code == 400 and "tidak cocok" in wrong.text
    assert not SecurityEvent.objects.filter(kind="second_factor_failures").exists()
    fifth = client.post(SETUP, {"enrolment_code": _wrong(issued)})
    assert fifth.status_code == 400
    event = SecurityEvent.objects.get(kind="second_factor_failures")
    assert event.severity == "high" and event.actor == cast.eko
    # The right code no longer works: five wrong ones voided it.
    right = client.post(SETUP, {"enrolment_code": issued})
    assert right.status_code == 400 and "Mintalah kode baru kepada admin Anda" in right.text
    assert LoginRecord.objects.filter(user=cast.eko, success=False).count() == 6
    assert EnrolmentCode.objects.get(user=cast.eko).used_at is None


def test_enrolment_codes_typed_from_one_address_are_rate_limited(client, cast, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "enrolment_code": "3/h"}
    settings.TWO_FACTOR_ENROLMENT_MAX_FAILURES = 50
    issued = enrolment_code(cast.eko)
    password_login(client, "eko")
    for _i in range(3):
        assert client.post(SETUP, {"enrolment_code": _wrong(issued)}).status_code == 400
    throttled = client.post(SETUP, {"enrolment_code": issued})
    assert throttled.status_code == 429
    assert EnrolmentCode.objects.get(user=cast.eko).used_at is None
    assert client.session.get(enrolment.SESSION_KEY) is None


# Audit and notification

def test_issue_enrolment_and_reset_are_audited_and_told_to_the_owner(client, cast, root):
    issued = enrolment.issue(actor=root, user=cast.eko)
    entry = AuditEntry.objects.get(action="two_factor.enrolment_code_issued")
    assert entry.actor == root and entry.details["user_id"] == cast.eko.pk
    assert issued.replace("-", "") not in str(entry.details)
    mail = OutboxMessage.objects.get(to_address="eko@contoh.id")
    assert "kode pendaftaran" in mail.body and issued not in mail.body

    password_login(client, "eko")
    assert _enrol(client, cast.eko, issued).status_code == 200
    entry = AuditEntry.objects.get(action="two_factor.enrolled")
    assert entry.actor == cast.eko and entry.details["user_id"] == cast.eko.pk
    assert OutboxMessage.objects.filter(to_address="eko@contoh.id",
                                        subject="Aplikasi autentikator baru dipasang di akun Anda").exists()

    enrolment.reset(actor=root, user=cast.eko)
    entry = AuditEntry.objects.get(action="two_factor.reset")
    assert entry.actor == root and len(entry.details["devices"]) == 1
    assert OutboxMessage.objects.filter(to_address="eko@contoh.id",
                                        subject="Verifikasi dua langkah akun Anda diatur ulang").exists()


def test_deleting_the_device_in_the_admin_is_an_audited_reset(client, cast, root):
    device = authenticator(cast.eko)
    StaticDevice.objects.create(user=cast.eko, name="Kode cadangan", confirmed=True)
    full_login(client, root)
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and response["Location"] == "/admin/otp_totp/totpdevice/"
    assert not TOTPDevice.objects.filter(user=cast.eko).exists()
    assert not StaticDevice.objects.filter(user=cast.eko).exists()
    assert AuditEntry.objects.get(action="two_factor.reset").actor == root
    assert OutboxMessage.objects.filter(to_address="eko@contoh.id",
                                        subject="Verifikasi dua langkah akun Anda diatur ulang").exists()


# Who issues

def test_a_superuser_issues_codes_from_the_user_list_and_sees_them_once(client, cast, root):
    full_login(client, root)
    response = client.post("/admin/accounts/user/", {
        "action": "issue_enrolment_codes", "_selected_action": [cast.eko.pk, cast.ayu.pk]})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = re.findall(r"<code>([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})</code>", response.text)
    assert len(shown) == 1  # ayu is a citizen: no code
    assert EnrolmentCode.objects.get(user=cast.eko).digest == enrolment.digest(shown[0])
    assert not EnrolmentCode.objects.filter(user=cast.ayu).exists()


def test_an_opd_sub_admin_and_a_jurisdiction_admin_cannot_issue(cast):
    for actor in (cast.eko, cast.citra):
        with pytest.raises(enrolment.NotAllowed):
            enrolment.issue(actor=actor, user=cast.gita)
        with pytest.raises(enrolment.NotAllowed):
            enrolment.reset(actor=actor, user=cast.gita)
    assert not EnrolmentCode.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="two_factor.").exists()


def test_a_staff_admin_user_without_superuser_does_not_get_the_action(client, cast):
    from django.contrib.auth.models import Permission

    cast.citra.is_staff = True
    cast.citra.save()
    cast.citra.user_permissions.add(*Permission.objects.filter(codename__in=["view_user", "change_user"]))
    full_login(client, cast.citra)
    page = client.get("/admin/accounts/user/")
    assert page.status_code == 200 and "issue_enrolment_codes" not in page.text
    client.post("/admin/accounts/user/", {"action": "issue_enrolment_codes", "_selected_action": [cast.eko.pk]})
    assert not EnrolmentCode.objects.exists()


def test_the_command_prints_a_code_for_each_staff_account(cast, capsys):
    call_command("issue_enrolment_code", "eko", "fajar")
    out = capsys.readouterr().out
    codes = dict(line.split(": ") for line in out.strip().splitlines())
    assert set(codes) == {"eko", "fajar"}
    assert EnrolmentCode.objects.get(user=cast.fajar).digest == enrolment.digest(codes["fajar"])
