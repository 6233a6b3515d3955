"""Read the intake mailbox over IMAP: reports and replies by e-mail (baruga.intake.mail, docs/channels.md).

    manage.py poll_mailbox            # a pass every EMAIL_IMAP_POLL_SECONDS until stopped
    manage.py poll_mailbox --once     # one pass (cron, tests)
    manage.py poll_mailbox --loop 15  # a pass every 15 seconds

A lost IMAP connection (server restart, network) or a lost database connection does not end the loop:
it closes what it had, waits 1, 2, 4 … at most 60 seconds (baruga.lib.loops) and connects again.
"""

import logging
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from baruga.intake import mailbox
from baruga.lib.loops import DISCONNECTED, Reconnect
from baruga.notifications import mailheaders

logger = logging.getLogger("baruga.intake")


class Command(BaseCommand):
    help = "Baca kotak surat IMAP: laporan dan balasan lewat e-mail."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--loop", type=float, metavar="SECONDS")
        parser.add_argument("--max-passes", type=int, metavar="N", help="stop after N passes (tests, bounded runs)")

    def handle(self, *args, once=False, loop=None, max_passes=None, **options):
        if not mailbox.configured() or not mailheaders.replies_enabled():
            raise CommandError("Penerimaan e-mail belum diatur: isi EMAIL_INTAKE_ADDRESS, EMAIL_IMAP_HOST dan "
                               "EMAIL_IMAP_USER (lihat docs/channels.md).")
        interval = loop if loop is not None else settings.EMAIL_IMAP_POLL_SECONDS
        if interval <= 0:
            raise CommandError("--loop harus lebih dari 0 detik.")
        stopping = []
        if not once:
            signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        reconnect = Reconnect("poll_mailbox", should_stop=lambda: bool(stopping))
        connection, failed, total, passes, imap_delay = None, set(), {}, 0, 1.0
        try:
            while not stopping and (max_passes is None or passes < max_passes):
                passes += 1
                try:
                    if connection is None:
                        connection = mailbox.connect()
                        mailbox.ensure_done_folder(connection)
                    counts = mailbox.poll_once(connection, skip=failed)
                except DISCONNECTED as exc:
                    if once:
                        raise
                    reconnect.lost(exc)  # the database: closed, reopened by the next query
                    continue
                except mailbox.IMAP_ERRORS as exc:
                    mailbox.close(connection)
                    connection = None
                    if once:
                        raise CommandError(f"Kotak surat tidak dapat dibaca: {exc}") from exc
                    logger.warning("poll_mailbox: IMAP connection lost or refused (%s); reconnecting in %g s",
                                   exc, imap_delay)
                    reconnect.wait(imap_delay)
                    imap_delay = min(imap_delay * 2, reconnect.longest)
                    continue
                reconnect.ok()
                imap_delay = 1.0
                for outcome, count in counts.items():
                    total[outcome] = total.get(outcome, 0) + count
                if once:
                    break
                reconnect.wait(interval)
        except KeyboardInterrupt:
            pass
        finally:
            mailbox.close(connection)
        self.stdout.write(" ".join(f"{k}={v}" for k, v in sorted(total.items())) or "nothing")
