"""Link the unsealed audit entries into the chain and write a checkpoint.

    manage.py audit_seal

The worker already does this after every clock sweep; run it from cron where no worker runs,
or before `audit_verify` to include the newest entries. Safe beside another sealer.
"""

from django.core.management.base import BaseCommand

from baruga.audit.services import seal_pending


class Command(BaseCommand):
    help = "Segel entri audit yang belum masuk rantai hash dan tulis titik periksa."

    def handle(self, *args, **options):
        self.stdout.write(str(seal_pending()))
