"""Restore a backup archive onto an empty installation (docs/recovery.md).

    manage.py restore /srv/cadangan/baruga-backup-20261101T020000Z.tar.enc
    manage.py restore ARCHIVE --force      # overwrite an installation that already holds data

The archive is checked completely (checksum, decryption, every hash) before anything changes.
"""

from django.core.management.base import BaseCommand, CommandError

from baruga.security.backups import restore_backup
from baruga.security.keys import BackupError, key_file_warning


class Command(BaseCommand):
    help = "Pulihkan arsip cadangan Baruga ke instalasi kosong (basis data dan berkas unggahan)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Arsip .tar.enc; berkas .sha256-nya harus ada di sebelahnya.")
        parser.add_argument("--force", action="store_true",
                            help="Timpa basis data dan MEDIA_ROOT walaupun sudah berisi data.")

    def handle(self, *args, archive, force=False, verbosity=1, **options):
        progress = self.stdout.write if verbosity else (lambda message: None)
        warning = key_file_warning()
        if warning:
            self.stderr.write(warning)
        try:
            manifest = restore_backup(archive, force=force, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Cadangan {manifest['created_at']} dipulihkan. Periksa instalasi sesuai docs/recovery.md."))
