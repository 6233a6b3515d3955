"""Reads of the read-heavy pages from a PostgreSQL streaming replica (docs/deploy.md).

Opt-in twice: nothing changes unless `DATABASE_REPLICA_URL` adds a "replica" database alias, and
even then only GET/HEAD requests of the views named in `READ_REPLICA_VIEWS` (the statistics pages,
the public list and public report pages) read from it — and only the tables of `REPLICA_APPS`.
Sessions, accounts, second factors and lock-outs are always read from the primary (a session
created a moment ago may not have reached the replica yet), every write goes to the primary, and
staff inboxes, tracking and anything after a POST stay on the primary (read-your-own-writes).
"""

import contextvars

from django.conf import settings
from django.db import connections

ALIAS = "replica"
# The data the replica-served pages show; everything else (sessions, auth, otp, axes, audit...) stays
# on the primary.
REPLICA_APPS = frozenset({"complaints", "stats", "directory", "clocks", "ppid"})

_reading = contextvars.ContextVar("baruga_read_replica", default=False)


def available():
    return ALIAS in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and model._meta.app_label in REPLICA_APPS and available():
            return ALIAS
        return None

    def db_for_write(self, model, **hints):
        return "default"  # also for an object read from the replica (its _state.db says "replica")

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != ALIAS  # the replica gets its schema by replication


class ReplicaMiddleware:
    """Marks GET/HEAD requests of `READ_REPLICA_VIEWS` (url names; "stats:*" for a whole namespace)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._replica_token = None
        try:
            return self.get_response(request)
        finally:
            if request._replica_token is not None:
                _reading.reset(request._replica_token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not available() or request._replica_token is not None:
            return None
        match = request.resolver_match
        names = getattr(settings, "READ_REPLICA_VIEWS", ())
        if match is not None and (match.view_name in names or f"{match.namespace}:*" in names):
            request._replica_token = _reading.set(True)
        return None
