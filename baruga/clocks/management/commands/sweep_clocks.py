"""Run the clock sweep: once, inline (for cron), or every N seconds through the task queue.

    manage.py sweep_clocks              # one pass now, prints what it did (cron: every minute)
    manage.py sweep_clocks --loop 60    # enqueue `baruga.clocks.tasks.sweep` every 60 s (make run)

Both are safe beside another sweeper: each reminder and escalation is claimed before it is sent.
The loop outlives a database restart: it drops the dead connection and enqueues on the next tick.
"""

import datetime as dt
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tasks import TaskResultStatus

from baruga.audit import services as audit
from baruga.clocks import tasks
from baruga.clocks.sweep import run_sweep
from baruga.lib.loops import DISCONNECTED, close_connections


class Command(BaseCommand):
    help = "Tandai keterlambatan, kirim pengingat dan eskalasi, selesaikan laporan yang tidak ditanggapi."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, metavar="SECONDS",
                            help="Antrekan tugas sapuan setiap SECONDS detik sampai dihentikan.")
        parser.add_argument("--now", help="Jalankan seolah-olah pada waktu ini (ISO 8601), untuk uji dan pemulihan.")

    def handle(self, *args, loop=None, now=None, **options):
        moment = self._parse_now(now)
        if loop is None:
            result = run_sweep(moment)
            self.stdout.write(str(result))
            audit.seal_quietly()  # cron setups seal the audit chain here, as the worker's task does
            return
        if loop <= 0:
            raise CommandError("--loop harus lebih dari 0 detik.")
        if moment is not None:
            raise CommandError("--now hanya untuk sapuan sekali jalan.")
        self._loop(loop)

    @staticmethod
    def _parse_now(value):
        if not value:
            return None
        moment = parse_datetime(value)
        if moment is None:
            raise CommandError(f"--now tidak dikenali: {value!r} (contoh: 2026-10-12T16:30+08:00).")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def _loop(self, seconds):
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        self.stdout.write(f"Sapuan batas waktu diantrekan setiap {seconds:g} detik. Ctrl-C untuk berhenti.")
        pending = None
        next_at = time.monotonic()
        try:
            while not stopping:
                if time.monotonic() >= next_at:
                    next_at += seconds
                    pending = self._enqueue(tasks.sweep, pending, TaskResultStatus, stale_after=max(10 * seconds, 600))
                time.sleep(min(1.0, max(0.0, next_at - time.monotonic())))
        except KeyboardInterrupt:
            pass

    def _enqueue(self, sweep, pending, statuses, *, stale_after):
        """Enqueue one sweep unless the previous one still waits for the worker (no pile-up).

        A sweep that stays queued or running for `stale_after` seconds (a worker that died) no
        longer holds the next one back.
        """
        try:
            if pending is not None:
                pending.refresh()
                waiting = pending.status in (statuses.READY, statuses.RUNNING)
                age = (timezone.now() - pending.enqueued_at).total_seconds() if pending.enqueued_at else 0
                if waiting and age < stale_after:
                    return pending
            return sweep.enqueue()
        except DISCONNECTED as exc:  # the database restarted: a fresh connection on the next tick
            close_connections()
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            self.stderr.write(f"{dt.datetime.now():%H:%M:%S} koneksi basis data terputus, menyambung ulang: {reason}")
            return pending  # still the one to wait for, once the database is back
        except Exception as exc:  # the database may be briefly away; try again next tick
            self.stderr.write(f"{dt.datetime.now():%H:%M:%S} gagal mengantrekan sapuan: {exc}")
            return None
