"""Back up the running installation, or check an archive.

    manage.py backup --output /srv/cadangan          # encrypted archive + .sha256 in that folder
    manage.py backup --verify ARCHIVE                # decrypt and check every hash, change nothing
    manage.py backup --generate-key                  # print a new BACKUP_KEY

Needs BACKUP_KEY or BACKUP_KEY_FILE (see docs/recovery.md). Safe while the service runs.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from baruga.security.backups import create_backup, human_size, verify_backup
from baruga.security.keys import BackupError, key_file_warning
from baruga.security.models import BackupCheck
from baruga.security.keys import generate_key as new_key  # the option is named generate_key


class Command(BaseCommand):
    help = "Cadangkan basis data dan berkas unggahan ke arsip terenkripsi, atau periksa arsip (--verify)."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--output", metavar="DIR", help="Folder tujuan arsip cadangan.")
        action.add_argument("--verify", metavar="ARCHIVE", help="Periksa arsip tanpa memulihkannya.")
        action.add_argument("--generate-key", action="store_true", help="Cetak kunci cadangan baru (base64, 32 byte).")

    def handle(self, *args, output=None, verify=None, generate_key=False, verbosity=1, **options):
        if generate_key:
            self.stdout.write(new_key())
            return
        progress = self.stdout.write if verbosity else (lambda message: None)
        warning = key_file_warning()
        if warning:
            self.stderr.write(warning)
        try:
            if verify:
                try:
                    manifest, key_id = verify_backup(verify, progress=progress)
                except BackupError as exc:
                    _record_check(verify, ok=False, message=str(exc))
                    raise
                _record_check(verify, ok=True, created=manifest.get("created_at", ""))
                self._describe(manifest, key_id)
                self.stdout.write(self.style.SUCCESS("Arsip utuh dan dapat dipulihkan."))
            else:
                result = create_backup(output_dir=output, progress=progress)
                self.stdout.write(self.style.SUCCESS(
                    f"Cadangan selesai dalam {result.seconds:.1f} detik: {result.path}"))
        except BackupError as exc:
            raise CommandError(str(exc)) from None

    def _describe(self, manifest, key_id):
        db, media, release = manifest["database"], manifest["media"], manifest.get("baruga") or {}
        files = ", ".join(f"{f['name']} {human_size(f['size'])}" for f in manifest["files"])
        self.stdout.write(f"  dibuat: {manifest['created_at']}; kunci ID {key_id}")
        self.stdout.write(f"  basis data: {db['engine']} ({db['format']}, {db.get('tool', '')})")
        self.stdout.write(f"  isi: {files}; {media['count']} berkas unggahan ({human_size(media['bytes'])})")
        self.stdout.write(f"  Baruga: versi {release.get('version') or '-'}, commit {release.get('commit') or '-'}; "
                          f"Django {manifest.get('django', '-')}")



def _record_check(archive, *, ok, created="", message=""):
    """The drill's outcome, kept for the program indicator; an installation whose database is down still
    gets its verdict on the terminal."""
    try:
        BackupCheck.objects.create(archive=Path(archive).name[:255], backup_created_at=str(created)[:40], ok=ok,
                                   message=message[:2000])
    except DatabaseError:
        pass
