"""Long-running loops (the worker, the deliverer, the sweep's timer) that outlive their database.

PostgreSQL ends connections on a restart, a fail-over, an administrator's `pg_terminate_backend`
or an idle timeout in PgBouncer. Django reconnects only when its connection object is gone: a
loop that kept the dead one raised `OperationalError` / `InterfaceError` on every pass, or died,
and `scripts/run.py` then stopped everything. A loop catches `DISCONNECTED` around its body and
calls `Reconnect.lost(exc)`: the connections are closed (the next query opens a fresh one), one
warning is logged, and the loop waits 1, 2, 4 … at most 60 seconds before it goes on.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger("baruga.worker")

DISCONNECTED = (OperationalError, InterfaceError)


def close_connections():
    """Drop every database connection of this thread; a dead one may fail to close, which is fine."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DISCONNECTED:
            connection.connection = None  # the socket is gone already; let the next query reconnect


class Reconnect:
    """Backoff after a lost connection: `lost(exc)` closes, logs and waits; `ok()` resets the wait."""

    def __init__(self, name, *, first=1.0, longest=60.0, should_stop=None, sleep=None):
        self.name = name
        self.first = first
        self.longest = longest
        self.delay = first
        self.should_stop = should_stop or (lambda: False)
        self.sleep = sleep or time.sleep
        self.losses = 0
        self.last_loss = None
        self.clock = time.monotonic

    def lost(self, exc):
        close_connections()
        self.losses += 1
        now = self.clock()
        if self.last_loss is not None and now - self.last_loss > 2 * self.longest:
            self.ok()  # a loss long after the last one starts the backoff afresh (for loops that never call ok)
        self.last_loss = now
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        logger.warning("%s: database connection lost (%s); reconnecting in %g s", self.name, reason, self.delay)
        self.wait(self.delay)
        self.delay = min(self.delay * 2, self.longest)

    def ok(self):
        """The loop's body succeeded: the next loss waits `first` seconds again."""
        self.delay = self.first

    def wait(self, seconds):
        """Sleep in short steps, so a stop signal is not kept waiting for a long backoff."""
        left = seconds
        while left > 0 and not self.should_stop():
            step = min(left, 1.0)
            self.sleep(step)
            left -= step
