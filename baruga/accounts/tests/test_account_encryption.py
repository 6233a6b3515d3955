"""Account holders' name, e-mail and phone are encrypted at rest; the e-mail still signs in, resets a
password, is unique and is found by the privacy look-up, through its blind index. django-axes never
stores a typed e-mail in clear. The admin cannot add or change anyone's second-factor device."""

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from baruga.accounts import privacy
from baruga.accounts.models import User
from baruga.accounts.tests.helpers import authenticator, password_login
from baruga.audit.models import AuditEntry
from baruga.lib import crypto
from conftest import PASSWORD

NAME, SURNAME = "Andi Besse", "Tenriabeng"
EMAIL, PHONE = "besse.tenriabeng@contoh.id", "081355667788"


def raw_user(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name, last_name, email, phone, email_index, phone_index FROM accounts_user "
                       "WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.fixture
def besse(db):
    return User.objects.create_user(username="besse", password=PASSWORD, first_name=NAME, last_name=SURNAME,
                                    email=EMAIL, phone=PHONE)


def test_the_name_email_and_phone_are_stored_encrypted_and_read_back_in_clear(besse):
    first, last, email, phone, email_index, phone_index = raw_user(besse.pk)
    assert not {first, last, email, phone} & {NAME, SURNAME, EMAIL, PHONE}
    assert crypto.decrypt(email) == EMAIL and crypto.is_current(first)
    assert email_index == crypto.blind_index("email", EMAIL) and phone_index == crypto.blind_index("phone", PHONE)
    besse = User.objects.get(pk=besse.pk)
    assert (besse.first_name, besse.last_name, besse.email, besse.phone) == (NAME, SURNAME, EMAIL, PHONE)
    assert besse.display_name == f"{NAME} {SURNAME}"


def test_the_email_finds_its_account_whatever_its_case_and_a_part_of_it_finds_nothing(besse):
    assert list(User.objects.filter(email=" Besse.Tenriabeng@CONTOH.id ")) == [besse]
    assert list(User.objects.filter(phone="+62 813-5566-7788")) == [besse]
    assert not User.objects.filter(email="besse").exists()


def test_a_citizen_signs_in_with_her_email_or_her_username(client, besse):
    assert password_login(client, "Besse.Tenriabeng@contoh.id").status_code == 302
    assert client.session["_auth_user_id"] == str(besse.pk)
    client.logout()
    assert password_login(client, "besse").status_code == 302
    client.logout()
    wrong = password_login(client, EMAIL, password="bukan-kata-sandinya-9")
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    page = client.get(reverse("accounts:login")).text
    assert "Nama pengguna atau e-mail" in page


def test_axes_counts_an_email_typed_at_sign_in_under_the_username_and_an_unknown_name_as_a_digest(client, besse):
    password_login(client, EMAIL, password="bukan-kata-sandinya-9", REMOTE_ADDR="198.51.100.7")
    password_login(client, "seseorang@contoh.id", password="bukan-kata-sandinya-9", REMOTE_ADDR="198.51.100.7")
    stored = sorted(AccessAttempt.objects.values_list("username", flat=True))
    assert stored[1] == "besse"
    assert stored[0].startswith("#") and "seseorang" not in stored[0]
    # Four failures in all lock the account, by e-mail or by username alike.
    for _ in range(3):
        password_login(client, "besse", password="bukan-kata-sandinya-9", REMOTE_ADDR="192.0.2.8")
    assert password_login(client, EMAIL, password="bukan-kata-sandinya-9", REMOTE_ADDR="192.0.2.9").status_code == 429
    assert password_login(client, "besse", REMOTE_ADDR="192.0.2.10").status_code == 429


def test_signing_up_with_an_email_already_used_in_another_case_is_refused_and_changes_nothing(client, besse):
    response = client.post(reverse("accounts:signup"), {
        "username": "besse2", "first_name": "Besse", "email": "BESSE.tenriabeng@contoh.id", "phone": "",
        "password1": "kata-sandi-panjang-sekali-7", "password2": "kata-sandi-panjang-sekali-7"})
    assert response.status_code == 200 and "E-mail ini sudah terdaftar." in response.text
    assert User.objects.count() == 1


def test_an_email_address_is_refused_as_username(client, db):
    response = client.post(reverse("accounts:signup"), {
        "username": "daeng@contoh.id", "first_name": "Daeng", "email": "daeng@contoh.id", "phone": "",
        "password1": "kata-sandi-panjang-sekali-7", "password2": "kata-sandi-panjang-sekali-7"})
    assert response.status_code == 200 and "tidak boleh berupa alamat e-mail" in response.text
    assert not User.objects.exists()


def test_a_password_reset_reaches_the_account_by_its_encrypted_email(client, besse):
    response = client.post(reverse("accounts:password_reset"), {"email": "Besse.Tenriabeng@contoh.id"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]
    assert "/akun/kata-sandi/atur/" in mail.outbox[0].body


def test_the_privacy_lookup_finds_the_account_by_email(besse):
    subject = privacy.find_subject(email=EMAIL.upper())
    assert subject.user == besse


def test_the_admin_refuses_a_second_account_with_the_same_email_without_an_error_page(client, cast, besse):
    admin = User.objects.create_superuser("root", "root@contoh.id", PASSWORD)
    client.force_login(admin)
    response = client.post(reverse("admin:accounts_user_change", args=[cast.ayu.pk]), {
        "username": "ayu", "first_name": "Ayu", "last_name": "", "email": EMAIL.upper(), "phone": "",
        "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    assert response.status_code == 200 and "E-mail ini sudah terdaftar." in response.text
    assert User.objects.get(pk=cast.ayu.pk).email == "ayu@contoh.id"


def test_the_admin_finds_a_user_by_the_whole_email_or_phone_or_a_part_of_the_username(client, besse):
    client.force_login(User.objects.create_superuser("root", "root@contoh.id", PASSWORD))
    url = reverse("admin:accounts_user_changelist")
    assert "besse" in client.get(url, {"q": EMAIL}).text
    assert "besse" in client.get(url, {"q": "0813-5566-7788"}).text
    assert "besse" in client.get(url, {"q": "ess"}).text
    assert "besse" not in client.get(url, {"q": "tenriabeng"}).text  # a part of the e-mail finds nothing
    for name in ("otp_totp_totpdevice", "otp_static_staticdevice", "accounts_membership"):
        assert client.get(reverse(f"admin:{name}_changelist"), {"q": EMAIL}).status_code == 200


def test_a_superuser_cannot_add_or_change_anyones_second_factor_device_in_the_admin(client, cast):
    root = User.objects.create_superuser("root", "root@contoh.id", PASSWORD)
    client.force_login(root)
    for name in ("otp_totp_totpdevice", "otp_static_staticdevice"):
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403
        assert client.post(reverse(f"admin:{name}_add"), {"user": cast.eko.pk, "name": "milik saya",
                                                          "confirmed": "on"}).status_code == 403
    device = authenticator(cast.eko)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200 and device.key not in page.text  # view only, the secret never shown
    assert client.post(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
                       {"user": root.pk, "name": "dicuri", "confirmed": "on"}).status_code == 403
    assert client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk])).status_code == 403
    assert TOTPDevice.objects.get(pk=device.pk).user == cast.eko
    assert not StaticDevice.objects.exists()


def test_deleting_a_recovery_code_device_in_the_admin_is_an_audited_reset(client, cast):
    root = User.objects.create_superuser("root", "root@contoh.id", PASSWORD)
    client.force_login(root)
    device = StaticDevice.objects.create(user=cast.eko, name="Kode cadangan")
    response = client.post(reverse("admin:otp_static_staticdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not StaticDevice.objects.exists()
    assert AuditEntry.objects.filter(action="two_factor.reset", target_id=str(cast.eko.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_accounts_stored_in_clear_and_back(besse):
    executor = MigrationExecutor(connection)
    target = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("accounts", "0007_roles_satudata")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT first_name, last_name, email, phone FROM accounts_user WHERE id = %s", [besse.pk])
            assert cursor.fetchone() == (NAME, SURNAME, EMAIL, PHONE)  # the reverse gave the clear values back
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(target)
    first, last, email, phone, email_index, _ = raw_user(besse.pk)
    assert not {first, last, email, phone} & {NAME, SURNAME, EMAIL, PHONE}
    assert email_index == crypto.blind_index("email", EMAIL)
    assert User.objects.get(email=EMAIL).first_name == NAME
