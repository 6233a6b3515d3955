"""Recompute the audit chain and report every altered, removed or inserted entry.

    manage.py audit_verify            # the whole chain, streamed
    manage.py audit_verify --last N   # only the newest N entries
    manage.py audit_verify --anchor FILE   # against another copy of the anchor file

The chain is checked against its own signed checkpoints and against the anchor file
(AUDIT_ANCHOR_FILE, when AUDIT_ANCHORS has `file`). One line per finding ("ALTERED seq=12 id=15: …",
"REMOVED seq=13..14: …", "INSERTED seq=20 id=99: …", "ANCHOR seq=30: …"); exit code 1 when there
is any, 0 and "Rantai audit utuh: N entri" otherwise.
"""

from pathlib import Path


from django.core.management.base import BaseCommand, CommandError

from baruga.audit.verify import ChainVerifier


class Command(BaseCommand):
    help = "Periksa rantai hash jejak audit: entri yang diubah, dihapus atau disisipkan."

    def add_arguments(self, parser):
        parser.add_argument("--last", type=int, metavar="N", help="Periksa hanya N entri terbaru.")
        parser.add_argument("--anchor", metavar="FILE",
                            help="Berkas jangkar yang dipakai (bawaan: AUDIT_ANCHOR_FILE).")

    def handle(self, *args, last=None, anchor=None, **options):
        if last is not None and last < 1:
            raise CommandError("--last harus 1 atau lebih.")
        if anchor and not Path(anchor).is_file():
            raise CommandError(f"Berkas jangkar {anchor} tidak ada.")
        verifier = ChainVerifier(last=last, anchor_file=anchor)
        for finding in verifier.findings():
            self.stdout.write(str(finding))
        if verifier.unsealed:
            self.stdout.write(f"Catatan: {verifier.unsealed} entri belum disegel (jalankan audit_seal).")
        if not verifier.anchor_file:
            self.stdout.write("Peringatan: tanpa berkas jangkar (AUDIT_ANCHOR_FILE) rantai hanya diperiksa terhadap "
                              "titik periksa di basis data sendiri.")
        scope = f" (seq {verifier.first_seq}..{verifier.last_seq})" if verifier.bounded else ""
        if verifier.found:
            raise CommandError(f"Rantai audit rusak: {verifier.found} temuan dari {verifier.checked} entri{scope}.",
                               returncode=1)
        self.stdout.write(f"Rantai audit utuh: {verifier.checked} entri{scope}")
