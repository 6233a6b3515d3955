"""Encryption at rest (baruga.lib.crypto): keys, authenticated values, blind indexes, field lookups."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from baruga.complaints.models import ReporterContact
from baruga.lib import crypto

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
ROOT = Path(__file__).resolve().parents[3]


def _raw(contact, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM complaints_reportercontact WHERE id = %s", [contact.pk])
        return cursor.fetchone()[0]


# --- keys ---------------------------------------------------------------------------------------


def test_the_first_key_of_the_environment_encrypts_and_every_key_decrypts(settings):
    settings.BARUGA_DATA_KEYS = KEY_A
    old = crypto.encrypt("Ayu Lestari")
    settings.BARUGA_DATA_KEYS = f"{KEY_B}, {KEY_A}"
    assert crypto.keyring().source == "BARUGA_DATA_KEYS" and len(crypto.keyring().keys) == 2
    assert crypto.decrypt(old) == "Ayu Lestari"
    assert not crypto.is_current(old)
    assert crypto.is_current(crypto.encrypt("Ayu Lestari"))


def test_keys_can_come_from_a_file_with_comments(settings, tmp_path):
    path = tmp_path / "kunci"
    path.write_text(f"# dipasang 2026-11\n{KEY_B}\n\n{KEY_A}  # lama\n")
    path.chmod(0o600)
    settings.BARUGA_DATA_KEYS = ""
    settings.BARUGA_DATA_KEY_FILE = str(path)
    ring = crypto.keyring()
    assert ring.source == "BARUGA_DATA_KEY_FILE" and len(ring.keys) == 2
    assert Fernet(KEY_B.encode()).decrypt(crypto.encrypt("x").encode()) == b"x"
    assert crypto.data_key_configuration(None) == []


def test_a_key_file_others_can_read_is_warned_about(settings, tmp_path):
    path = tmp_path / "kunci"
    path.write_text(KEY_A)
    path.chmod(0o644)
    settings.BARUGA_DATA_KEY_FILE = str(path)
    assert [w.id for w in crypto.data_key_configuration(None)] == ["crypto.W001"]


@pytest.mark.parametrize("value", ["bukan-kunci", KEY_A[:-8], f"{KEY_A},xyz"])
def test_a_malformed_key_is_refused_with_a_clear_message(settings, value):
    settings.BARUGA_DATA_KEYS = value
    with pytest.raises(ImproperlyConfigured, match="bukan kunci Fernet"):
        crypto.keyring()
    assert [e.id for e in crypto.data_key_configuration(None)] == ["crypto.E001"]


def test_a_missing_key_file_is_refused_with_a_clear_message(settings, tmp_path):
    settings.BARUGA_DATA_KEY_FILE = str(tmp_path / "tidak-ada")
    with pytest.raises(ImproperlyConfigured, match="tidak dapat dibaca"):
        crypto.keyring()


def test_development_without_a_key_derives_one_from_the_secret_key_and_warns(settings, caplog):
    settings.BARUGA_DATA_KEYS, settings.BARUGA_DATA_KEY_FILE = "", ""
    with caplog.at_level(logging.WARNING, logger="baruga.lib.crypto"):
        ring = crypto.keyring()
    assert ring.fallback and "SECRET_KEY" in caplog.text
    first = crypto.encrypt("x")
    settings.SECRET_KEY = "kunci-rahasia-lain-" * 3
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(first)


def test_without_a_key_outside_development_and_tests_it_refuses(settings, monkeypatch):
    monkeypatch.setattr(crypto, "_running_tests", lambda: False)
    settings.BARUGA_DATA_KEYS, settings.BARUGA_DATA_KEY_FILE = "", ""
    settings.DEBUG, settings.BARUGA_DATA_KEY_DEV_FALLBACK = False, False
    with pytest.raises(ImproperlyConfigured, match="BARUGA_DATA_KEYS atau BARUGA_DATA_KEY_FILE"):
        crypto.keyring()


AUDIT_KEY = "y5YtLq0d3Jw0Zb1bQ2nCq9m3yV6G8oVwE1xK4a7sR2c="  # the production profile requires one too


def _production(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("BARUGA_DATA_KEY")}
    full_env = {**base, "DJANGO_SETTINGS_MODULE": "baruga.settings_production", "SECRET_KEY": "s" * 60,
                "ALLOWED_HOSTS": "baruga.sulselprov.go.id", "BARUGA_AUDIT_KEYS": AUDIT_KEY, **env}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True,
                          text=True, timeout=120)


def test_the_production_profile_refuses_to_start_without_a_data_key():
    result = _production("check")
    assert result.returncode != 0
    assert "BARUGA_DATA_KEYS or BARUGA_DATA_KEY_FILE must be set" in result.stderr


def test_the_production_profile_refuses_to_start_with_a_malformed_data_key():
    result = _production("check", BARUGA_DATA_KEYS="bukan-kunci")
    assert result.returncode != 0
    assert "bukan kunci Fernet" in result.stderr


def test_generate_key_prints_a_usable_key(capsys):
    call_command("rotate_keys", "--generate-key")
    Fernet(capsys.readouterr().out.strip().encode())


# --- values -------------------------------------------------------------------------------------


def test_values_are_authenticated_and_each_encryption_differs(settings):
    settings.BARUGA_DATA_KEYS = KEY_A
    first, second = crypto.encrypt("081234567890"), crypto.encrypt("081234567890")
    assert first != second and "081234567890" not in first
    tampered = first[:-6] + ("A" if first[-6] != "A" else "B") + first[-5:]
    with pytest.raises(crypto.DecryptionError, match="telah diubah"):
        crypto.decrypt(tampered)
    settings.BARUGA_DATA_KEYS = KEY_B
    with pytest.raises(crypto.DecryptionError, match="tidak ada di BARUGA_DATA_KEYS"):
        crypto.decrypt(first)


# --- blind indexes ------------------------------------------------------------------------------


def test_a_blind_index_is_keyed_deterministic_and_normalised(settings):
    settings.BARUGA_DATA_KEYS = KEY_A
    expected = crypto.blind_index("email", "ayu.lestari@contoh.id")
    assert crypto.blind_index("email", " Ayu.Lestari@Contoh.ID ") == expected
    phones = {crypto.blind_index("phone", p) for p in ("081234567890", "+62 812-3456-7890", "6281234567890")}
    assert len(phones) == 1
    assert crypto.blind_index("nik", "7371 0101 0101 0001") == crypto.blind_index("nik", "7371010101010001")
    assert crypto.blind_index("email", "") == "" and crypto.blind_index_candidates("phone", "-") == []
    under_a = crypto.blind_index("email", "ayu@contoh.id")
    assert len(under_a) == 64 and "ayu" not in under_a
    settings.BARUGA_DATA_KEYS = f"{KEY_B},{KEY_A}"
    assert crypto.blind_index("email", "ayu@contoh.id") != under_a
    assert crypto.blind_index_candidates("email", "ayu@contoh.id")[1] == under_a


# --- the model fields ---------------------------------------------------------------------------


def test_a_contact_is_stored_encrypted_and_read_in_clear(cast, file_report):
    report = file_report()
    contact = ReporterContact.objects.get(report=report)
    assert (contact.name, contact.email, contact.phone) == ("Ayu Lestari", "ayu.lestari@contoh.id", "081234567890")
    for column, clear in (("name", "Ayu Lestari"), ("email", "ayu.lestari@contoh.id"), ("phone", "081234567890")):
        assert clear not in _raw(contact, column)
    assert _raw(contact, "nik") == "" and _raw(contact, "email_index") == crypto.blind_index("email", contact.email)


def test_equality_on_an_indexed_encrypted_field_goes_through_the_blind_index(cast, file_report):
    report = file_report()
    file_report(contact_email="lain@contoh.id", contact_phone="")
    assert list(ReporterContact.objects.filter(email="AYU.LESTARI@contoh.id")) == [report.contact]
    assert list(ReporterContact.objects.filter(phone="+62 812-3456-7890")) == [report.contact]
    assert list(ReporterContact.objects.filter(email__in=["x@contoh.id", "ayu.lestari@contoh.id"])) == [report.contact]
    assert ReporterContact.objects.filter(phone="").count() == 1
    assert not ReporterContact.objects.filter(phone="---").exists()


def test_searching_an_encrypted_field_by_content_is_refused_not_silently_empty(cast, file_report):
    file_report()
    with pytest.raises(FieldError, match="terenkripsi"):
        ReporterContact.objects.filter(name="Ayu Lestari").exists()  # no blind index for names
    with pytest.raises(FieldError, match="terenkripsi"):
        ReporterContact.objects.filter(email__icontains="ayu").exists()


def test_the_migration_helper_encrypts_clear_rows_once(cast, file_report):
    contact = file_report().contact
    with connection.cursor() as cursor:
        cursor.execute("UPDATE complaints_reportercontact SET name = %s, email = %s, email_index = '' WHERE id = %s",
                       ["Nama Lama", "lama@contoh.id", contact.pk])
    crypto.encrypt_existing(ReporterContact, connection)
    token = _raw(contact, "name")
    assert token != "Nama Lama" and _raw(contact, "phone") != "081234567890"
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.phone) == ("Nama Lama", "lama@contoh.id", "081234567890")
    assert list(ReporterContact.objects.filter(email="lama@contoh.id")) == [contact]
    crypto.encrypt_existing(ReporterContact, connection)
    assert _raw(contact, "name") == token  # already encrypted: left alone
    crypto.decrypt_existing(ReporterContact, connection)
    assert (_raw(contact, "name"), _raw(contact, "email_index")) == ("Nama Lama", "")
