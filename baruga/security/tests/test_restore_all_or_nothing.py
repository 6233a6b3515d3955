"""A restore changes the target completely or not at all: a target it cannot write is refused
before anything changes, and a failure part-way puts the database and MEDIA_ROOT back as they were.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from baruga.complaints import actions
from baruga.complaints.models import Kind, Report
from baruga.security import backups
from baruga.security.tests.conftest import all_rows, files_under, photo


@pytest.fixture
def archive(instance, cast, file_report, dispatched_report, tmp_path):
    file_report(attachments=[photo(), photo("kedua.jpg", (10, 200, 30))])
    actions.respond(actor=cast.eko, report=dispatched_report, body="Tim kami menambal lubang pada hari Senin.",
                    attachments=[photo("sesudah.jpg", (200, 200, 200))])
    return backups.create_backup(output_dir=tmp_path / "cadangan").path


def data_rows(name):
    return {table: rows for table, rows in all_rows(name).items() if rows}


def leftovers_beside(media_root):
    """Work folders a restore left in MEDIA_ROOT's parent."""
    return sorted(p.name for p in media_root.parent.iterdir() if p.name.startswith(f".{media_root.name}."))


def fail_at_migrate(monkeypatch):
    real = backups.call_command

    def call_command_failing(name, *args, **kwargs):
        if name == "migrate":
            raise RuntimeError("disk penuh saat migrate")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(backups, "call_command", call_command_failing)


def test_a_media_root_that_is_a_file_is_refused_before_anything_changes_and_a_rerun_works(
    archive, instance, empty_target
):
    with empty_target() as target:
        target.media_root.write_bytes(b"bukan folder")
        with pytest.raises(CommandError, match=r"MEDIA_ROOT \(.*\) ada tetapi bukan folder.*Tidak ada yang diubah"):
            call_command("restore", str(archive))
        assert data_rows(target.name) == {}
        assert target.media_root.read_bytes() == b"bukan folder"
        assert leftovers_beside(target.media_root) == []

        target.media_root.unlink()
        call_command("restore", str(archive), verbosity=0)
        assert data_rows(target.name) == data_rows(instance.name)
        assert files_under(target.media_root) == files_under(instance.media_root)


def test_a_media_root_under_a_file_is_refused_before_anything_changes(archive, instance, empty_target, settings):
    with empty_target() as target:
        blocker = target.media_root.parent / "berkas"
        blocker.write_bytes(b"x")
        settings.MEDIA_ROOT = blocker / "media"
        with pytest.raises(CommandError, match="bukan folder.*Tidak ada yang diubah"):
            call_command("restore", str(archive))
        assert data_rows(target.name) == {}


def test_too_little_free_space_for_the_uploads_is_refused_before_anything_changes(
    archive, instance, empty_target, monkeypatch
):
    real = backups.shutil.disk_usage
    monkeypatch.setattr(backups.shutil, "disk_usage", lambda path: real(path)._replace(free=1024))
    with empty_target() as target:
        with pytest.raises(CommandError, match="Ruang kosong di .* perlu sekitar .*Tidak ada yang diubah"):
            call_command("restore", str(archive))
        assert data_rows(target.name) == {}
        assert not target.media_root.exists()


def test_a_failure_part_way_leaves_an_empty_target_empty_and_a_rerun_works(
    archive, instance, empty_target, monkeypatch
):
    with empty_target() as target:
        fail_at_migrate(monkeypatch)
        with pytest.raises(CommandError, match="disk penuh saat migrate.*dikembalikan seperti semula"):
            call_command("restore", str(archive), verbosity=0)
        assert data_rows(target.name) == {}
        assert not target.media_root.exists()
        assert leftovers_beside(target.media_root) == []

        monkeypatch.undo()
        call_command("restore", str(archive), verbosity=0)
        assert data_rows(target.name) == data_rows(instance.name)
        assert files_under(target.media_root) == files_under(instance.media_root)


def test_a_failure_part_way_with_force_leaves_a_working_installation_as_it_was(
    archive, instance, filed_after_backup, monkeypatch
):
    (instance.media_root / "catatan.txt").write_text("berkas yang tidak ada di arsip")
    before_rows, before_files = all_rows(instance.name), files_under(instance.media_root)
    fail_at_migrate(monkeypatch)
    with pytest.raises(CommandError, match="dikembalikan seperti semula"):
        call_command("restore", str(archive), force=True, verbosity=0)
    assert all_rows(instance.name) == before_rows
    assert files_under(instance.media_root) == before_files
    assert leftovers_beside(instance.media_root) == []
    assert Report.objects.filter(pk=filed_after_backup.pk).exists()  # the connection works on the old data


def test_a_failure_while_loading_the_database_leaves_uploads_untouched(archive, instance, empty_target, monkeypatch):
    with empty_target() as target:
        target.media_root.mkdir()
        monkeypatch.setattr(backups, "_check_rows", _raise(backups.BackupError("Jumlah baris tidak sesuai manifest")))
        with pytest.raises(CommandError, match="Jumlah baris tidak sesuai manifest.*dikembalikan seperti semula"):
            call_command("restore", str(archive), verbosity=0)
        assert data_rows(target.name) == {}
        assert files_under(target.media_root) == {} and target.media_root.is_dir()
        assert leftovers_beside(target.media_root) == []


def test_force_keeps_uploads_the_archive_does_not_hold(archive, instance):
    (instance.media_root / "catatan.txt").write_text("berkas yang tidak ada di arsip")
    call_command("restore", str(archive), force=True, verbosity=0)
    assert (instance.media_root / "catatan.txt").read_text() == "berkas yang tidak ada di arsip"
    assert leftovers_beside(instance.media_root) == []


def _raise(exc):
    def fail(*args, **kwargs):
        raise exc

    return fail


@pytest.fixture
def filed_after_backup(archive, instance, cast):
    report, _ = actions.submit_report(
        reporter=None, kind=Kind.COMPLAINT, title="Laporan setelah pencadangan",
        body="Pohon tumbang menutup separuh badan jalan sejak tadi pagi.",
        location=cast.makassar, contact_name="Warga", contact_email="warga@contoh.id",
    )
    return report


def test_data_keys_that_cannot_open_the_archives_personal_data_are_refused_before_anything_changes(
    archive, instance, empty_target, settings
):
    from baruga.lib import crypto as data_crypto

    original = getattr(settings, "BARUGA_DATA_KEYS", "")
    with empty_target() as target:
        # Not the key the instance encrypted with (the first encrypted table it meets is named: the accounts').
        settings.BARUGA_DATA_KEYS = data_crypto.generate_key()
        with pytest.raises(CommandError, match=r"Kunci data yang terpasang .* tidak dapat membuka data pribadi "
                                               r"dalam arsip \((accounts_user|complaints_reportercontact)\..*Tidak ada yang diubah"):
            call_command("restore", str(archive))
        assert data_rows(target.name) == {}
        assert not target.media_root.exists()

        settings.BARUGA_DATA_KEYS = original
        call_command("restore", str(archive), verbosity=0)
        assert data_rows(target.name) == data_rows(instance.name)
