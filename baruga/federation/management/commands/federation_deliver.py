"""Deliver pending federation messages.

    manage.py federation_deliver               # one pass over every peer, in order per peer
    manage.py federation_deliver --loop 5      # a pass every 5 seconds until stopped (make run)
    manage.py federation_deliver --until-idle 60   # passes until nothing is pending (at most 60 s)

Safe beside other deliverers and the worker's task: one deliverer per peer holds its lease.
A lost database connection does not end the loop: it reconnects with a backoff (baruga.lib.loops).
"""

import secrets
import signal
import time

from django.core.management.base import BaseCommand, CommandError

from baruga.federation import delivery, outbox
from baruga.lib.loops import DISCONNECTED, Reconnect


class Command(BaseCommand):
    help = "Kirim pesan federasi yang tertunda (berurutan per mitra, dengan jeda ulang)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, metavar="SECONDS")
        parser.add_argument("--until-idle", type=float, metavar="SECONDS")

    def handle(self, *args, loop=None, until_idle=None, **options):
        if loop is not None and loop <= 0:
            raise CommandError("--loop harus lebih dari 0 detik.")
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        deadline = time.monotonic() + until_idle if until_idle else None
        total = {}
        owner = secrets.token_hex(8)  # one owner per process: after a reconnect it takes its own leases back
        reconnect = Reconnect("federation_deliver", should_stop=lambda: bool(stopping))
        try:
            while not stopping:
                try:
                    outcome = self._deliver_once(owner, stopping)
                    idle = deadline is not None and (not delivery.has_pending() or time.monotonic() > deadline)
                except DISCONNECTED as exc:
                    if loop is None and deadline is None:
                        raise  # a single pass (cron) fails loudly; the next run starts afresh
                    reconnect.lost(exc)
                    if deadline is not None and time.monotonic() > deadline:
                        break
                    continue
                reconnect.ok()
                for status, count in outcome.items():
                    total[status] = total.get(status, 0) + count
                if (loop is None and deadline is None) or idle:
                    break
                if not outcome:
                    time.sleep(loop if loop is not None else 0.2)
        except KeyboardInterrupt:
            pass
        self.stdout.write(" ".join(f"{k}={v}" for k, v in sorted(total.items())) or "nothing")

    @staticmethod
    def _deliver_once(owner, stopping):
        outcome = delivery.deliver_all(owner=owner, should_stop=lambda: bool(stopping))
        connector = outbox.national_connector()
        if connector is not None:
            connector.pull_updates()
        return outcome
