"""Reads about deadlines: a report's clocks explained and "due soon". On-time performance, which reads
the statistics rollups, is `baruga.stats.performance`.
"""

from django.db.models import Prefetch
from django.utils import timezone

from baruga.clocks import services
from baruga.clocks.calendar import calendar_of, calendars_for
from baruga.clocks.models import Clock, ClockKind, Extension

DUE_SOON_WORKING_DAYS = 2


def report_deadlines(report, *, for_staff=True, now=None):
    """Every clock of `report` explained, running (or paused) first, then stopped, newest first.

    For the reporter and the public (`for_staff=False`) only approved extensions are listed, without
    the OPD's reasons: requests and refusals are internal (see workflow.INTERNAL_EVENTS).

    Fixed number of queries: clocks, their pauses, their extensions, and one calendar query for
    all the jurisdictions involved (a transferred report has clocks in two).
    """
    now = now or timezone.now()
    clocks = list(
        Clock.objects.filter(report=report).prefetch_related(
            "pauses", Prefetch("extensions", queryset=Extension.objects.order_by("created_at", "id"))
        )
    )
    if not clocks:
        return []
    calendars = calendars_for({c.jurisdiction_id for c in clocks})
    open_clocks = sorted((c for c in clocks if c.stopped_at is None), key=lambda c: (c.paused_at is not None,
                                                                                    c.started_at))
    stopped = sorted((c for c in clocks if c.stopped_at is not None), key=lambda c: c.stopped_at, reverse=True)
    result = []
    for clock in open_clocks + stopped:
        item = services.explain(clock, calendar=calendars[clock.jurisdiction_id], now=now)
        item["clock"] = clock
        item["calendar"] = calendars[clock.jurisdiction_id]
        item["pending_extension"] = next(
            (e for e in clock.extensions.all() if e.status == Extension.Status.PENDING), None
        )
        if not for_staff:
            item["pending_extension"] = None
            item["extensions"] = [
                {**e, "reason": "", "decision_reason": ""} for e in item["extensions"]
                if e["status"] == Extension.Status.APPROVED
            ]
        result.append(item)
    return result


def open_follow_up(deadlines):
    """The explained follow-up clock that is still open, from `report_deadlines`, or None."""
    return next((d for d in deadlines if d["kind"] == ClockKind.FOLLOW_UP and d["stopped_at"] is None), None)


def due_soon_until(now=None, calendar=None):
    """The end of "due soon": office close of the second working day after today.

    Uses the instance-wide calendar (regional holidays of one jurisdiction are not considered, so the
    window may be a day short there). Monday 10:00 → Wednesday 16:00; Friday → Tuesday 16:00.
    """
    now = now or timezone.now()
    calendar = calendar or calendar_of(None)
    return calendar.explain(now, DUE_SOON_WORKING_DAYS).due
