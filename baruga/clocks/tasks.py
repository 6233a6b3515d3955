"""Background work of the clocks (run by the worker: `manage.py worker`)."""

import logging

from django_tasks import task

from baruga.audit import services as audit
from baruga.clocks.sweep import run_sweep

logger = logging.getLogger("baruga.clocks.sweep")


@task()
def sweep():
    """One pass of the clock sweep; enqueued every minute by `manage.py sweep_clocks --loop 60`."""
    result = run_sweep()
    if any(result.counts.values()):
        logger.info("clock sweep: %s", result)
    audit.seal_quietly()  # chain the audit entries written since the last pass, this sweep's included
    return dict(result.counts)
