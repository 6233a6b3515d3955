"""The dashboards' figures of each month, kept in each worker process while the month's version holds.

Every figure of a dashboard is a sum over the months of its period (the rollups are keyed by the month a
report was received), so `selectors.dashboard` reads the figures of each month once, as a *part*, keeps
it here and merges the parts of the period (the merge itself is kept too, for as long as none of its
months changes). What is always read fresh: the oldest open items, the names of units and categories,
and the months whose part is missing or stale.

A month's figures change whenever a report received in that month changes: its state, its rating, a
stage that ends, a transfer. So the past does change, mostly its last few months; a month is never
"closed". Each month therefore has a *version* in the default cache (the shared Redis with several
worker processes, as the rate limits, the list counts and the reference data already require):

- every `ReportEvent` (the hook that brings the rollups up to date, `receivers.py`) and every deleted
  report move the version of the report's month, at once and again after commit (a process that read
  the old committed rows between the two then reads them again);
- `manage.py rebuild_stats` moves the version of everything;
- a part is found only under the versions it was read under; a version missing from the cache (never
  set, evicted, the cache emptied) is set anew, so a part is never found under a version it did not have.

The thread that moved a version inside a transaction still open reads the database without keeping
anything (its own uncommitted change must not reach other requests, and a rollback sends no signal).

Lifetime: with a shared cache, parts are exact and kept for SHARED_SECONDS (memory only). With the
in-process cache (no REDIS_URL) another process's changes (the db_worker's sweep beside the embedded
server) do not move this process's versions, and with a read replica a part read just after a change may
predate it: parts then live LOCAL_SECONDS.

Kept on a figure (issue 15, docs/performance.md "Restraint"): `bench/dashboards.py --repeat 15` on a
100,000-report copy, loaded machine, province 12 months p95 86 ms with the kept months, 264 ms reading
every month, 728 ms from the fine rollups alone (36 months: 108 / 535 / 2,186 ms); the goal is 100 ms.

Months after the current one hold nothing yet and are never kept; public (anonymous) pages use the
parts and versions that exist but never add versions, so anonymous requests cannot fill the cache.
"""

import threading
import time
from collections import OrderedDict

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, router, transaction
from django.utils import timezone

PREFIX = "baruga:stats:v"
EVERYTHING = f"{PREFIX}:all"
SHARED_SECONDS = 600
LOCAL_SECONDS = 60
MAX_PARTS = 600  # month parts per process (a month of the province's 0.01° map is ~15 kB)
MAX_PERIODS = 64  # merged periods per process

_local = threading.local()


def month_key(month):
    return f"{PREFIX}:{month:%Y-%m}"


def _month_of(moment):
    return timezone.localtime(moment).date().replace(day=1)


# --- versions ----------------------------------------------------------------------------------------


def _bump(keys):
    cache.set_many({key: time.time_ns() for key in keys}, None)


def _moved(keys):
    _bump(keys)
    if connection.in_atomic_block:
        _local.dirty = True
        transaction.on_commit(lambda: _committed(keys), robust=True)


def _committed(keys):
    _bump(keys)
    _local.dirty = False


def report_changed(report):
    """A report changed (or is being deleted): the figures of the month it was received in are stale."""
    _moved([month_key(_month_of(report.created_at))])


def everything_changed():
    """The rollups were recomputed (`rebuild_stats`)."""
    _moved([EVERYTHING])


def _versions(months, create):
    """(version of everything, {month: version or None}) for `months`; missing versions are set when `create`."""
    keys = [EVERYTHING] + [month_key(m) for m in months]
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing and create:
        for key in missing:
            cache.add(key, time.time_ns(), None)
        found.update(cache.get_many(missing))
    return found.get(EVERYTHING), {m: found.get(month_key(m)) for m in months}


def _may_keep():
    if getattr(_local, "dirty", False):
        if connection.in_atomic_block:
            return False
        _local.dirty = False  # that transaction is over (committed: moved again; rolled back: nothing changed)
    return True


def _lifetime(model):
    shared = not isinstance(caches["default"], LocMemCache)
    return SHARED_SECONDS if shared and router.db_for_read(model) in (None, "default") else LOCAL_SECONDS


# --- the per-process store -----------------------------------------------------------------------------


class _Store:
    """A bounded, thread-safe map whose entries expire (least recently used dropped first)."""

    def __init__(self, size):
        self.size = size
        self._items = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            if item[0] < time.monotonic():
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key, value, seconds):
        with self._lock:
            self._items[key] = (time.monotonic() + seconds, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self):
        with self._lock:
            self._items.clear()

    def __len__(self):
        return len(self._items)


parts = _Store(MAX_PARTS)
periods = _Store(MAX_PERIODS)


def clear():
    """Forget every part of this process (the versions stay)."""
    parts.clear()
    periods.clear()
    _local.dirty = False


def monthly(signature, months, read, merge, *, model, create=True):
    """`merge({month: part})` over `months` (first days, ascending).

    `signature`: what the parts depend on besides the month (hashable; the same signature must always read
    the same figures). `read(months)` reads the parts of the months given, {month: part} (months without
    data may be left out: they are None). `model`: a rollup read (for the database it is read from).
    `create`: whether missing versions may be set (False for anonymous requests).
    """
    current = timezone.localdate().replace(day=1)
    everything, versions = _versions([m for m in months if m <= current], create)
    keep = everything is not None and _may_keep()
    complete = keep and all(versions.get(m) is not None for m in months)
    period_key = (signature, everything, tuple((m, versions[m]) for m in months)) if complete else None
    if period_key is not None:
        merged = periods.get(period_key)
        if merged is not None:
            return merged
    found, missing = {}, []
    for month in months:
        version = versions.get(month) if keep else None
        kept = parts.get((signature, everything, month, version)) if version is not None else None
        if kept is None:
            missing.append(month)
        else:
            found[month] = kept[0]  # kept as a 1-tuple: a month without data is kept as (None,)
    if missing:
        fresh = read(missing)
        seconds = _lifetime(model)
        for month in missing:
            found[month] = fresh.get(month)
            version = versions.get(month) if keep else None
            if version is not None:
                parts.put((signature, everything, month, version), (found[month],), seconds)
    merged = merge(found)
    if period_key is not None:
        periods.put(period_key, merged, _lifetime(model))
    return merged
