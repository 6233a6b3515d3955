"""`after_commit(function, *args)`: run `function(*args)` once the current transaction commits.

Django's `transaction.on_commit(..., robust=True)` logs a failing callback with its `__qualname__`;
a `functools.partial` has none, so the log line itself raised `AttributeError` and turned an
action that had committed into a 500. The callback here is a real function carrying the name of
the one it calls, so a failure is logged (the outbox rows are the source of truth; the periodic
retries pick them up) and the request goes on.
"""

import functools

from django.db import transaction


def after_commit(function, *args, robust=True, using=None):
    @functools.wraps(function)
    def callback():
        return function(*args)

    callback.func, callback.args = function, args  # what it will call, as on a partial (tests read them)
    transaction.on_commit(callback, using=using, robust=robust)
    return callback
