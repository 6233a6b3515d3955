"""How fast the intake mailbox is read: N new mails (each with a small photo) put in a real Dovecot,
then one `poll_mailbox --once` pass files them; N more as replies to the first reports.

    python bench/email_intake.py [N]      # default 200; a fresh SQLite database in a temporary directory

Prints mails per second for each pass (the whole path: IMAP fetch, parse, upload rules, filing,
outbox, \\Seen). Needs Dovecot (apt-get install dovecot-imapd).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
work = tempfile.mkdtemp(prefix="baruga-bench-mail-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baruga.settings")
os.environ["DATABASE_URL"] = f"sqlite:///{work}/bench.sqlite3"
os.environ["MEDIA_ROOT"] = f"{work}/media"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from baruga.complaints.models import Report  # noqa: E402
from baruga.directory.models import Jurisdiction, Level  # noqa: E402
from baruga.intake.tests import mailservers  # noqa: E402
from baruga.intake.tests.mails import build, png  # noqa: E402
from baruga.notifications import mailheaders  # noqa: E402


def main(n):
    call_command("migrate", verbosity=0)
    province = Jurisdiction.objects.create(code="73", name="Provinsi Sulawesi Selatan", level=Level.PROVINCE)
    Jurisdiction.objects.create(code="73.71", name="Kota Makassar", level=Level.CITY, parent=province)
    server = mailservers.Dovecot().start()
    try:
        settings.MEDIA_ROOT = f"{work}/media"
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        settings.EMAIL_INTAKE_ADDRESS, settings.EMAIL_INTAKE_PER_SENDER_HOUR = "lapor@baruga.contoh.id", 10**6
        settings.EMAIL_IMAP_HOST, settings.EMAIL_IMAP_PORT, settings.EMAIL_IMAP_SECURITY = "127.0.0.1", server.port, "plain"
        settings.EMAIL_IMAP_USER, settings.EMAIL_IMAP_PASSWORD = mailservers.IMAP_USER, mailservers.IMAP_PASSWORD
        photo = png((320, 240))
        body = "Jalan di depan Pasar Terong, Kota Makassar, berlubang besar dan tergenang air sejak dua minggu."
        for i in range(n):
            server.append(build(sender=f"warga{i}@contoh.id", body=f"{body} ({i})",
                                attachments=[("jalan.png", photo, "image/png")]))
        started = time.perf_counter()
        call_command("poll_mailbox", "--once")
        filed = time.perf_counter() - started
        for i, report in enumerate(Report.objects.all()):
            server.append(build(sender=f"warga{i}@contoh.id", to=mailheaders.reply_address(report.tracking_id),
                                subject=f"Re: [{report.tracking_id}]", body="Tambahan: sudah ada yang terjatuh.\n\n"
                                "Pada Sen, 7 Des 2026 menulis:\n> Laporan diterima"))
        started = time.perf_counter()
        call_command("poll_mailbox", "--once")
        replied = time.perf_counter() - started
        print(f"new mails: {n} in {filed:.1f} s = {n / filed:.1f}/s; replies: {n} in {replied:.1f} s = "
              f"{n / replied:.1f}/s (SQLite, {os.cpu_count()} CPUs)")
    finally:
        server.stop()
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
