"""The reporter's identity is encrypted at rest: a plain database dump holds none of it, a tampered
value is refused on read, and key rotation re-encrypts everything so the old key can go."""

import io
import os
import shutil
import subprocess
import threading

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from baruga.accounts import privacy
from baruga.audit.models import AuditEntry
from baruga.complaints.models import ReporterContact
from baruga.lib import crypto
from baruga.notifications.models import OutboxMessage

NAME = "Sitti Nurhaliza Daeng Ngai"
EMAIL = "sitti.daengngai@contoh.id"
PHONE = "081144556677"
NIK = "7371015508900003"
ADDRESS = "Jl. Sungai Saddang Baru No. 77"
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def dump_database():
    """The whole test database as text, the way an attacker with a copy of it would read it."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return "\n".join(connection.connection.iterdump())
    if connection.vendor == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            pytest.skip("pg_dump is not installed")
        s = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
        command = [pg_dump, "--no-owner", "-h", s.get("HOST") or "localhost", "-p", str(s.get("PORT") or 5432),
                   "-U", s.get("USER") or "postgres", s["NAME"]]
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        if result.returncode != 0 and "version mismatch" in result.stderr:
            pytest.skip(f"pg_dump cannot dump this server: {result.stderr.strip()}")
        assert result.returncode == 0, result.stderr
        return result.stdout
    pytest.skip(f"no dump for {connection.vendor}")


@pytest.fixture
def key_a(settings):
    """Key A from the start, before the cast is created: the accounts' names and e-mails are encrypted
    too, so they must be under a key the test keeps until the rotation."""
    settings.BARUGA_DATA_KEYS = KEY_A


def distinctive_report(file_report, cast):
    report = file_report(category=cast.city_road, contact_name=NAME, contact_email=EMAIL, contact_phone=PHONE)
    contact = report.contact
    contact.nik, contact.address = NIK, ADDRESS
    contact.save()
    return report


def assert_absent(text, values):
    found = [value for value in values if value in text]
    assert not found, f"in clear in the dump: {found}"


@pytest.mark.django_db(transaction=True)
def test_a_database_dump_holds_no_reporter_identity_while_citra_still_sees_it(client, cast, file_report):
    report = distinctive_report(file_report, cast)
    assert OutboxMessage.objects.filter(to_address=EMAIL).exists()  # the receipt names and addresses her too

    dump = dump_database()
    assert report.tracking_id in dump  # the dump is real and complete
    assert_absent(dump, [NAME, "Nurhaliza", EMAIL, "daengngai", PHONE, "44556677", NIK, ADDRESS, "Saddang"])

    client.force_login(cast.citra)
    page = client.get(reverse("complaints:staff_detail", args=[report.tracking_id])).text
    assert NAME in page and EMAIL in page and PHONE in page


def test_a_tampered_ciphertext_is_refused_on_read_never_shown_as_garbage(client, cast, file_report):
    report = distinctive_report(file_report, cast)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM complaints_reportercontact WHERE report_id = %s", [report.pk])
        token = cursor.fetchone()[0]
        middle = len(token) // 2
        altered = token[:middle] + ("B" if token[middle] != "B" else "C") + token[middle + 1:]
        cursor.execute("UPDATE complaints_reportercontact SET name = %s WHERE report_id = %s", [altered, report.pk])

    with pytest.raises(crypto.DecryptionError, match="complaints.ReporterContact.name tidak dapat didekripsi"):
        ReporterContact.objects.get(report=report)
    client.force_login(cast.citra)
    with pytest.raises(crypto.DecryptionError):
        client.get(reverse("complaints:staff_detail", args=[report.tracking_id]))


def test_rotation_re_encrypts_everything_so_the_old_key_can_be_removed(settings, key_a, cast, file_report):
    settings.BARUGA_DATA_KEYS = KEY_A
    report = distinctive_report(file_report, cast)
    others = [file_report(contact_email=f"warga{n}@contoh.id") for n in range(3)]

    settings.BARUGA_DATA_KEYS = f"{KEY_B},{KEY_A}"
    # Before the rotation ran, look-ups still find her (the indexes are still under key A).
    assert list(ReporterContact.objects.filter(nik=NIK)) == [report.contact]
    with pytest.raises(CommandError, match="belum memakai kunci aktif"):
        call_command("rotate_keys", "--check", stdout=io.StringIO())

    out = io.StringIO()
    call_command("rotate_keys", "--batch-size", "2", stdout=out)
    assert "complaints.ReporterContact: 2 baris sampai id" in out.getvalue()  # batch by batch
    assert "notifications.OutboxMessage: selesai" in out.getvalue()
    again = io.StringIO()
    call_command("rotate_keys", stdout=again)
    assert "0 nilai dienkripsi ulang, 0 indeks buta dihitung ulang" in again.getvalue()  # idempotent
    call_command("rotate_keys", "--check", stdout=io.StringIO())
    assert AuditEntry.objects.filter(action="crypto.rotate_keys").count() == 2

    settings.BARUGA_DATA_KEYS = KEY_B  # the old key is gone
    contact = ReporterContact.objects.get(report=report)
    assert (contact.name, contact.email, contact.phone, contact.nik, contact.address) == (
        NAME, EMAIL, PHONE, NIK, ADDRESS)
    assert list(ReporterContact.objects.filter(email=EMAIL.upper())) == [contact]
    assert {m.to_address for m in OutboxMessage.objects.all()} >= {EMAIL, *(r.contact.email for r in others)}


def test_rotation_reports_values_no_configured_key_opens(settings, key_a, cast, file_report):
    settings.BARUGA_DATA_KEYS = KEY_A
    file_report()
    settings.BARUGA_DATA_KEYS = KEY_B  # key A removed too early
    err = io.StringIO()
    with pytest.raises(CommandError, match="tidak dapat dibuka dengan kunci mana pun"):
        call_command("rotate_keys", stdout=io.StringIO(), stderr=err)
    assert "complaints.ReporterContact id=" in err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_correction_made_while_the_rotation_runs_is_not_lost(settings, monkeypatch, key_a, cast, file_report):
    """The batch holds its rows locked: a request writing one of them waits, then wins."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; row locks are PostgreSQL's")
    settings.BARUGA_DATA_KEYS = KEY_A
    report = file_report(contact_phone="081100000001")
    settings.BARUGA_DATA_KEYS = f"{KEY_B},{KEY_A}"
    in_batch, release = threading.Event(), threading.Event()
    real_update = crypto._update_row

    def slow_update(*args, **kwargs):
        in_batch.set()
        release.wait(10)
        return real_update(*args, **kwargs)

    def citizen_corrects_her_phone():
        try:
            in_batch.wait(10)
            threading.Timer(0.5, release.set).start()  # the rotation goes on only after we are waiting
            privacy.correct_contact(actor=cast.ayu, report=report, field="phone", value="081199999999")
        finally:
            connections.close_all()

    monkeypatch.setattr(crypto, "_update_row", slow_update)
    writer = threading.Thread(target=citizen_corrects_her_phone)
    writer.start()
    call_command("rotate_keys", stdout=io.StringIO())
    writer.join(30)

    assert ReporterContact.objects.get(report=report).phone == "081199999999"
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM complaints_reportercontact WHERE report_id = %s", [report.pk])
        assert crypto.is_current(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_contacts_stored_in_clear_and_back(cast, file_report):
    report = distinctive_report(file_report, cast)

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, email, phone FROM complaints_reportercontact WHERE report_id = %s",
                           [report.pk])
            return cursor.fetchone()

    executor = MigrationExecutor(connection)
    target = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([("complaints", "0002_report_ceiling")])
        assert raw() == (NAME, EMAIL, PHONE)  # the reverse migration gave the clear values back
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(target)
    assert not set(raw()) & {NAME, EMAIL, PHONE}
    contact = ReporterContact.objects.get(report=report)
    assert (contact.name, contact.email, contact.phone) == (NAME, EMAIL, PHONE)
    assert list(ReporterContact.objects.filter(email=EMAIL)) == [contact]
