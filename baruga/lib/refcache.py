"""Reference data kept in each worker process: the directory (jurisdictions, categories), the
deadline policies and the calendar, which every filed report reads and which change a few times a year.

Each value is built once per process and reused while the *reference version* stays the same. The
version lives in the default cache (shared Redis with several worker processes, as the rate limits
and the list counts already require; the embedded server's single process uses its own memory). Any
save or delete of a reference model (see `WATCHED`, connected in `baruga.directory.apps`) moves the
version at once and again after commit, so

- another process that rebuilt from the old committed rows while the change was still open rebuilds
  once more after the commit;
- the thread that made the change reads the database directly until its transaction ends (it must
  see its own uncommitted change; nothing built from uncommitted rows is ever stored), which also
  covers a rolled-back change.

A change made with a bulk `QuerySet.update()`/`delete()` sends no signal: call `changed()` after it.

Within one request the version is read from the shared cache once (a filing asks for reference data
five or six times); background work outside a request reads it every time.
"""

import threading
import time

from django.core.cache import cache
from django.db import connection, transaction

VERSION_KEY = "baruga:reference:v"

_values = {}  # name -> (version, value); shared by the threads of this process
_local = threading.local()


def version():
    if getattr(_local, "in_request", False):
        value = getattr(_local, "request_version", None)
        if value is None:
            value = _local.request_version = _shared_version()
        return value
    return _shared_version()


def _shared_version():
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        value = cache.get(VERSION_KEY, 0)
    return value


def get(name, build):
    """The value called `name`, built by `build()` when this process has none for the current version."""
    if getattr(_local, "dirty", False):
        if connection.in_atomic_block:
            return build()
        _local.dirty = False  # that transaction is over (committed: bumped again; rolled back: nothing changed)
    current = version()
    hit = _values.get(name)
    if hit is not None and hit[0] == current:
        return hit[1]
    value = build()
    _values[name] = (current, value)
    return value


def request_started(**kwargs):
    _local.in_request, _local.request_version = True, None


def request_finished(**kwargs):
    _local.in_request, _local.request_version = False, None


def changed(*args, **kwargs):
    """Reference data changed (a signal receiver, or call it after a bulk update)."""
    _local.request_version = None
    cache.set(VERSION_KEY, time.time_ns(), None)
    if connection.in_atomic_block:
        _local.dirty = True
        transaction.on_commit(_committed)


def _committed():
    _local.request_version = None
    cache.set(VERSION_KEY, time.time_ns(), None)
    _local.dirty = False


def clear():
    """Forget every value of this process (tests: each starts from the database)."""
    _values.clear()
    _local.dirty = False
    _local.request_version = None
