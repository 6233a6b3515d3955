"""Link the unsealed audit entries into the chain and write a signed checkpoint to the anchors.

    manage.py audit_seal                  # seal, sign with the first audit key, anchor
    manage.py audit_seal --generate-key   # print a new audit key (for BARUGA_AUDIT_KEYS)

The worker already does this after every clock sweep; run it from cron where no worker runs,
or before `audit_verify` to include the newest entries. Safe beside another sealer. The first run
after the upgrade to keyed chaining anchors the existing (legacy) chain (docs/audit.md).
"""

from django.core.management.base import BaseCommand, CommandError

from baruga.audit.anchors import AnchorError
from baruga.audit.keys import generate_key
from baruga.audit.services import seal_pending


class Command(BaseCommand):
    help = "Segel entri audit yang belum masuk rantai hash dan tulis titik periksa bertanda tangan ke jangkar."

    def add_arguments(self, parser):
        parser.add_argument("--generate-key", action="store_true",
                            help="Cetak kunci audit baru (untuk BARUGA_AUDIT_KEYS) lalu keluar.")

    def handle(self, *args, **options):
        if options["generate_key"]:
            self.stdout.write(generate_key())
            return
        try:
            result = seal_pending()
        except AnchorError as exc:
            raise CommandError(f"Rantai disegel, tetapi titik periksa tidak dapat dijangkarkan: {exc}",
                               returncode=1) from None
        self.stdout.write(str(result))
