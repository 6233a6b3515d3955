"""A backup restores onto an empty installation exactly: every row of every table, every file.

On SQLite the restored database is another file, compared with the instance's by opening both
with sqlite3; on PostgreSQL it is a scratch database, compared table by table through psycopg.
"""

import base64
import hashlib
import io
import json
import threading
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from baruga.complaints import actions
from baruga.complaints.models import Attachment, Kind, Report, ReportEvent
from baruga.security import backups, databases
from baruga.security.keys import generate_key
from baruga.security.models import BackupCheck
from baruga.security.tests.conftest import all_rows, files_under, photo, schema, write_permissions


@pytest.fixture
def filled(instance, cast, file_report, dispatched_report):
    """An instance with reports in several states, a guest report, a response and attachments."""
    photographed = file_report(attachments=[photo(), photo("kedua.jpg", (10, 200, 30))], is_anonymous=True)
    guest_report, _secret = file_report(guest=True, title="Lampu jalan padam di Jl. Veteran")
    actions.respond(actor=cast.eko, report=dispatched_report, body="Tim kami menambal lubang pada hari Senin.",
                    attachments=[photo("sesudah.jpg", (200, 200, 200))])
    assert Attachment.objects.count() == 3
    return [photographed, guest_report, dispatched_report]


def backup_to(tmp_path):
    return backups.create_backup(output_dir=tmp_path / "cadangan")


def test_a_backup_restores_every_row_and_every_file_onto_an_empty_instance(filled, instance, empty_target, tmp_path):
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "cadangan"), stdout=out)
    assert "Mencadangkan basis data…" in out.getvalue()
    archive = next((tmp_path / "cadangan").glob("*.tar.enc"))
    assert write_permissions(archive) == 0o600
    before_rows, before_schema = all_rows(instance.name), schema(instance.name)
    before_files = files_under(instance.media_root)
    assert before_rows["complaints_report"] and before_rows["complaints_attachment"] and len(before_files) == 3

    with empty_target() as target:
        out = io.StringIO()
        call_command("restore", str(archive), stdout=out)
        assert "Pemulihan selesai." in out.getvalue()
        assert all_rows(target.name) == before_rows
        assert schema(target.name) == before_schema
        assert files_under(target.media_root) == before_files
        # The restored installation works: sequences continue, attachments open, a new report is filed.
        for attachment in Attachment.objects.all():
            assert hashlib.sha256(attachment.file.read()).hexdigest() == attachment.sha256
        report, _ = actions.submit_report(
            reporter=None, kind=Kind.COMPLAINT, title="Laporan baru setelah pemulihan",
            body="Saluran air tersumbat sejak hujan deras kemarin sore di depan pasar.",
            location=filled[0].location, contact_name="Warga", contact_email="warga@contoh.id",
        )
        assert Report.objects.count() == len(before_rows["complaints_report"]) + 1


def test_the_manifest_lists_migrations_and_every_file_with_its_hash(filled, instance, tmp_path):
    result = backup_to(tmp_path)
    manifest, key_id = backups.verify_backup(result.path)
    assert manifest == result.manifest
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["database"]["format"] == ("sqlite3-backup" if connection.vendor == "sqlite" else "pg_dump-custom")
    assert "0001_initial" in manifest["migrations"]["complaints"]
    assert {f["name"] for f in manifest["files"]} == {manifest["database"]["file"], "media.tar"}
    stored = {a.file.name: a.sha256 for a in Attachment.objects.all()}
    assert {f["path"]: f["sha256"] for f in manifest["media"]["files"]} == stored
    checksum = result.checksum_path.read_text().split()
    assert checksum == [hashlib.sha256(result.path.read_bytes()).hexdigest(), result.path.name]


def test_backup_verify_checks_an_archive_without_restoring_it(filled, instance, tmp_path):
    result = backup_to(tmp_path)
    out = io.StringIO()
    call_command("backup", verify=str(result.path), stdout=out)
    assert "Arsip utuh dan dapat dipulihkan." in out.getvalue()
    assert "3 berkas unggahan" in out.getvalue()
    # The drill is kept for the program indicator "Uji pemulihan cadangan berhasil": the file name, never the path.
    check = BackupCheck.objects.get()
    assert check.ok and check.archive == result.path.name and check.backup_created_at


def test_the_recovery_drill_counts_in_the_security_program_indicator(filled, instance, tmp_path, cast):
    from django.utils import timezone

    from baruga.security.indicator_formulas import backup_drills

    result = backup_to(tmp_path)
    call_command("backup", verify=str(result.path), stdout=io.StringIO())
    _flip_byte(result.path, result.size // 2)
    with pytest.raises(CommandError):
        call_command("backup", verify=str(result.path), stdout=io.StringIO())
    today = timezone.localdate()
    figure = backup_drills(cast.province, today, today)
    assert (figure["value"], figure["numerator"], figure["denominator"]) == (1, 1, 2)
    assert "1 dari 2 uji cadangan" in figure["explanation"]
    assert backup_drills(cast.makassar, today, today)["value"] is None  # counted where the installation runs


def _without_checks(rows):
    """Every table but the drills' own record (and SQLite's counter of its ids)."""
    rows = {table: list(values) for table, values in rows.items() if table != "security_backupcheck"}
    if "sqlite_sequence" in rows:
        rows["sqlite_sequence"] = [r for r in rows["sqlite_sequence"] if r[0] != "security_backupcheck"]
    return rows


def _flip_byte(path, offset):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_tampered_archive_is_refused_and_nothing_changes(filled, instance, tmp_path):
    result = backup_to(tmp_path)
    before_rows, before_files = all_rows(instance.name), files_under(instance.media_root)
    _flip_byte(result.path, result.size // 2)

    with pytest.raises(CommandError, match="Checksum SHA-256 arsip tidak cocok"):
        call_command("restore", str(result.path), force=True)
    # Whoever altered the archive can rewrite the .sha256 as well: AES-GCM still catches it.
    result.checksum_path.write_text(f"{hashlib.sha256(result.path.read_bytes()).hexdigest()}  {result.path.name}\n")
    with pytest.raises(CommandError, match="autentikasi AES-GCM gagal"):
        call_command("restore", str(result.path), force=True)
    with pytest.raises(CommandError, match="autentikasi AES-GCM gagal"):
        call_command("backup", verify=str(result.path))
    # Only the failed drill is recorded (for the program indicator); nothing else changed.
    assert list(BackupCheck.objects.values_list("ok", flat=True)) == [False]
    assert _without_checks(all_rows(instance.name)) == _without_checks(before_rows)
    assert files_under(instance.media_root) == before_files


def test_a_truncated_archive_is_refused(filled, instance, tmp_path):
    result = backup_to(tmp_path)
    data = result.path.read_bytes()
    result.path.write_bytes(data[: len(data) - 100])
    result.checksum_path.write_text(f"{hashlib.sha256(data[:-100]).hexdigest()}  {result.path.name}\n")
    with pytest.raises(CommandError, match="terpotong|autentikasi"):
        call_command("backup", verify=str(result.path))


def test_a_wrong_key_is_refused_and_nothing_changes(filled, instance, tmp_path, settings):
    result = backup_to(tmp_path)
    before_rows = all_rows(instance.name)
    settings.BACKUP_KEY = generate_key()
    with pytest.raises(CommandError, match="Kunci cadangan salah"):
        call_command("restore", str(result.path), force=True)
    assert all_rows(instance.name) == before_rows


def test_a_rotated_key_still_opens_older_backups(filled, instance, tmp_path, settings, backup_key):
    old = backup_to(tmp_path)
    new_key = generate_key()
    key_file = tmp_path / "backup.key"
    key_file.write_text(f"# current key first, then the retired ones\n{new_key}\n{settings.BACKUP_KEY}\n")
    key_file.chmod(0o600)
    settings.BACKUP_KEY, settings.BACKUP_KEY_FILE = "", str(key_file)
    backups.verify_backup(old.path)
    new = backups.create_backup(output_dir=tmp_path / "baru")
    settings.BACKUP_KEY_FILE = ""
    settings.BACKUP_KEY = base64.b64encode(backup_key).decode()
    with pytest.raises(backups.BackupError, match="Kunci cadangan salah"):
        backups.verify_backup(new.path)


def test_a_missing_key_stops_the_backup_before_any_work(instance, tmp_path, settings):
    settings.BACKUP_KEY = settings.BACKUP_KEY_FILE = ""
    with pytest.raises(CommandError, match="Kunci cadangan belum diatur"):
        call_command("backup", output=str(tmp_path / "cadangan"))
    assert not (tmp_path / "cadangan").exists()


def test_restore_onto_an_instance_that_holds_data_is_refused(filled, instance, tmp_path):
    result = backup_to(tmp_path)
    actions.submit_report(
        reporter=None, kind=Kind.COMPLAINT, title="Laporan setelah pencadangan",
        body="Pohon tumbang menutup separuh badan jalan sejak tadi pagi.",
        location=filled[0].location, contact_name="Warga", contact_email="warga@contoh.id",
    )
    before_rows, before_files = all_rows(instance.name), files_under(instance.media_root)
    with pytest.raises(CommandError, match="Basis data tujuan sudah berisi data"):
        call_command("restore", str(result.path))
    assert all_rows(instance.name) == before_rows
    assert files_under(instance.media_root) == before_files


def test_restore_onto_an_empty_database_with_leftover_uploads_is_refused(filled, instance, empty_target, tmp_path):
    result = backup_to(tmp_path)
    with empty_target() as target:
        (target.media_root / "lama").mkdir(parents=True)
        (target.media_root / "lama" / "sisa.jpg").write_bytes(b"sisa")
        with pytest.raises(CommandError, match="MEDIA_ROOT .* sudah berisi berkas"):
            call_command("restore", str(result.path))
        call_command("restore", str(result.path), force=True, verbosity=0)
        assert Report.objects.count() == len(filled)


def test_an_archive_from_newer_code_is_refused(filled, instance, tmp_path, monkeypatch):
    result = backup_to(tmp_path)
    monkeypatch.setattr(backups, "MigrationLoader", _LoaderWithout("complaints"))
    with pytest.raises(backups.BackupError, match="versi Baruga yang lebih baru"):
        backups.verify_backup(result.path)


class _LoaderWithout:
    """A MigrationLoader stand-in for code that lacks one app's migrations."""

    def __init__(self, app):
        self.app = app

    def __call__(self, *args, **kwargs):
        from django.db.migrations.loader import MigrationLoader

        loader = MigrationLoader(*args, **kwargs)
        loader.disk_migrations = {k: v for k, v in loader.disk_migrations.items() if k[0] != self.app}
        return loader


def test_a_backup_taken_while_reports_are_being_filed_restores_a_consistent_state(
    filled, instance, empty_target, tmp_path, cast
):
    committed, failures, stop = [], [], threading.Event()

    def keep_filing():
        try:
            n = 0
            while not stop.is_set():
                n += 1
                report, _ = actions.submit_report(
                    reporter=None, kind=Kind.COMPLAINT, title=f"Laporan beruntun {n}",
                    body=f"Genangan air nomor {n} di Jl. Sultan Alauddin setelah hujan deras.",
                    location=cast.makassar, district=cast.tamalate, contact_name=f"Warga {n}",
                    contact_email=f"warga{n}@contoh.id", attachments=[photo(colour=(n % 256, 0, 0))],
                )
                committed.append(report.tracking_id)
        except Exception as exc:  # pragma: no cover - reported by the assertion below
            failures.append(exc)
        finally:
            connections.close_all()

    def wait_for(count, timeout=30):
        deadline = time.monotonic() + timeout
        while len(committed) < count and not failures:
            assert time.monotonic() < deadline, "the writer stalled"
            time.sleep(0.01)

    writer = threading.Thread(target=keep_filing, daemon=True)
    writer.start()
    try:
        wait_for(3)
        before = list(committed)

        def progress(message):
            # Let the writer commit more at each stage: right before the dump, and between the
            # dump and the tar of the uploads (files of reports the dump cannot contain).
            if message.startswith(("Mencadangkan basis data", "Mencadangkan berkas unggahan")):
                wait_for(len(committed) + 2)

        result = backups.create_backup(output_dir=tmp_path / "cadangan", progress=progress)
        wait_for(len(committed) + 1)
    finally:
        stop.set()
        writer.join(timeout=60)
    assert not failures, failures
    assert len(committed) > len(before) + 4  # the writer really wrote during the backup

    with empty_target():
        backups.restore_backup(result.path)
        restored = set(Report.objects.values_list("tracking_id", flat=True))
        assert set(before) <= restored
        assert restored <= set(committed) | {r.tracking_id for r in filled}
        # No torn transaction: every report has its reporter contact and its submit event,
        # and every attachment row has its file, byte for byte.
        for report in Report.objects.all():
            assert hasattr(report, "contact")
            assert ReportEvent.objects.filter(report=report, action="submit").count() == 1
        for attachment in Attachment.objects.all():
            assert hashlib.sha256(attachment.file.read()).hexdigest() == attachment.sha256
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA foreign_key_check")
                assert cursor.fetchall() == []
                cursor.execute("PRAGMA integrity_check")
                assert cursor.fetchall() == [("ok",)]


# migrate recreates its own bookkeeping: migration records, content types and permissions (other ids).
BY_MIGRATE = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions",
              "accounts_user_user_permissions", "django_admin_log"}


def model_values():
    """Every row of every model as Django reads it (encrypted fields decrypted), by table."""
    return {model._meta.db_table: list(model._base_manager.order_by("pk").values_list())
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and model._meta.db_table not in BY_MIGRATE}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the dumpdata fallback is for PostgreSQL")
def test_without_pg_dump_the_backup_falls_back_to_dumpdata_in_one_snapshot(
    filled, instance, empty_target, tmp_path, monkeypatch
):
    monkeypatch.setattr(databases, "pg_tool", lambda name: None)
    result = backup_to(tmp_path)
    assert result.manifest["database"]["format"] == "django-jsonl"
    before_values, before_files = model_values(), files_under(instance.media_root)
    before_migrations = {r[1:3] for r in all_rows(instance.name)["django_migrations"]}
    with empty_target() as target:
        backups.restore_backup(result.path)
        # Values, not bytes: loaddata encrypts personal data afresh (Fernet tokens differ, plaintext not).
        assert model_values() == before_values
        assert {r[1:3] for r in all_rows(target.name)["django_migrations"]} == before_migrations
        assert files_under(target.media_root) == before_files


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the dumpdata fallback is for PostgreSQL")
def test_a_dumpdata_archive_lists_and_checks_only_the_tables_it_carries(
    filled, instance, empty_target, tmp_path, monkeypatch
):
    # A table no model describes (as Satu Data's datastore tables `sd_ds_<pk>` are) is not in a dumpdata
    # archive, so its manifest must not promise it: the restore checks itself against the manifest.
    monkeypatch.setattr(databases, "pg_tool", lambda name: None)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE sd_ds_999999 (row_number integer PRIMARY KEY)")
        cursor.execute("INSERT INTO sd_ds_999999 VALUES (1), (2)")
    try:
        result = backup_to(tmp_path)
        assert "sd_ds_999999" not in result.manifest["database"]["tables"]
        assert "complaints_report" in result.manifest["database"]["tables"]
        before_values = model_values()
        with empty_target():
            backups.restore_backup(result.path)
            assert model_values() == before_values
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS sd_ds_999999")


def test_the_manifest_names_no_secret(filled, instance, tmp_path, settings):
    result = backup_to(tmp_path)
    text = json.dumps(result.manifest)
    assert settings.BACKUP_KEY not in text and settings.SECRET_KEY not in text
    assert Path(result.path).read_bytes().find(b"Jalan berlubang") == -1  # the content is encrypted


def test_archives_are_never_written_into_media_root(instance, tmp_path):
    with pytest.raises(CommandError, match="di dalam MEDIA_ROOT"):
        call_command("backup", output=str(instance.media_root / "cadangan"))
    assert not (instance.media_root / "cadangan").exists()
