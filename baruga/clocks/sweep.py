"""The periodic sweep, each minute (`manage.py sweep_clocks`, the worker's `clocks.tasks.sweep`).

The clocks are a deadline engine below the apps whose deadlines they keep, so the sweep runs the work of
those apps by name: every function of `settings.PERIODIC_JOBS` in order (the report clocks' overdue
marks, reminders, escalations, auto-finish and auto-archive first: `complaints.sweep.run`), each given
`now` and returning a dict of counts, then the notification app's own periodic work (retries of the
outbox, daily digests). A failing job is logged and counted and never stops the others.
"""

import datetime as dt
import logging
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from baruga.notifications import digests, outbox

logger = logging.getLogger(__name__)

# The notification app's periodic work, run at the end of each sweep: (module, function, count).
NOTIFICATION_HOOKS = ((outbox, "retry_due_messages", "messages_retried"),
                      (digests, "send_daily_digests", "digests"))


@dataclass
class SweepResult:
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    phase_seconds: dict = field(default_factory=dict)

    def __str__(self):
        return " ".join(f"{key}={value}" for key, value in self.counts.items()) + f" ({self.seconds:.2f}s)"


def reminder_window():
    """How long before a deadline its reminder goes out (CLOCK_REMINDER_HOURS)."""
    return dt.timedelta(hours=float(getattr(settings, "CLOCK_REMINDER_HOURS", 24)))


def run_sweep(now=None):
    """Do everything that is due at `now` (default: the current time); returns what was done."""
    started = time.monotonic()
    now = now or timezone.now()
    counts, phase_seconds = Counter(), {}
    with translation.override(settings.LANGUAGE_CODE):
        for path in settings.PERIODIC_JOBS:
            begun = time.monotonic()
            try:
                counts.update(import_string(path)(now) or {})
            except Exception:
                counts["errors"] += 1
                logger.exception("clock sweep: %s failed", path)
            phase_seconds[path] = time.monotonic() - begun
        _notification_hooks(now, counts)
    return SweepResult(counts=counts, seconds=time.monotonic() - started, phase_seconds=phase_seconds)


def _notification_hooks(now, counts):
    for module, function_name, count_key in NOTIFICATION_HOOKS:
        try:
            outcome = getattr(module, function_name)(now)
        except Exception:
            counts["errors"] += 1
            logger.exception("clock sweep: notifications.%s failed", function_name)
            continue
        if isinstance(outcome, bool) or outcome is None:
            outcome = int(bool(outcome))
        elif not isinstance(outcome, int):
            outcome = len(outcome) if hasattr(outcome, "__len__") else 1
        counts[count_key] += outcome
