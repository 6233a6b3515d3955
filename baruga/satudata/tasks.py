"""Background work of Satu Data (run by the worker: `manage.py worker`)."""

import logging

from django_tasks import task

logger = logging.getLogger("baruga.satudata.harvest")


@task()
def harvest_source_task(source_id):
    """Harvest one source (enqueued by the clock sweep when it is due, see harvest.enqueue_due)."""
    from baruga.satudata import harvest
    from baruga.satudata.models import HarvestSource

    source = HarvestSource.objects.filter(pk=source_id, is_active=True).first()
    if source is None:
        return None
    try:
        return harvest.harvest(source)
    except harvest.HarvestError as e:
        logger.warning("harvest of %s failed: %s", source.title, e)
        return {"error": str(e)}
