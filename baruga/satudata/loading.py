"""Loading tabular resources into the datastore in the background (django-tasks, run by `manage.py worker`).

An upload answers at once: the new version is saved and the resource marked `pending` in the upload's
transaction (`actions._store_upload`); `enqueue` then hands the worker `load_datastore_task`. The task claims
the load with a conditional UPDATE (`pending` → `loading`: one worker per load), reads and stores the file
(`datastore.load`) reporting the rows stored so far to the cache (`progress`, for the staff page), and ends
`loaded`/`warnings` (done) or `failed`/`too_large` (error, with an Indonesian message; the file stays a plain
download). A load superseded by a newer upload is skipped: the newer upload's task loads the newer file.
Nothing here ever touches the versions: a failed load leaves them as they were. A load stuck in pending or
loading (a worker that died, a lost task) is queued again, or at last failed, by `sweep.requeue_stale_loads`.

Phases for pages and the CKAN dict: `Resource.datastore_phase` (pending, loading, done, error).
Progress lives in the cache because the rows are stored in one transaction, invisible to other connections
until it commits; without a shared cache (no REDIS_URL) the page shows the phase without the count.
"""

import logging

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from baruga.satudata import datastore
from baruga.satudata.models import DatastoreTable, Resource

logger = logging.getLogger(__name__)
Status = Resource.DatastoreStatus
PROGRESS_TTL = 6 * 3600


def _progress_key(resource_id):
    return f"satudata:datastore-progress:{resource_id}"


def progress(resource):
    """{"rows": stored so far, "total": rows in the file} while the resource is loading, else None."""
    return cache.get(_progress_key(resource.pk)) if resource.datastore_status == Status.LOADING else None


def enqueue(resource, *, sheet=None):
    """Queue the load of the resource's current file (after an upload, or again with another XLSX sheet)."""
    version = resource.current_version
    if version is None or not datastore.is_tabular(version.format):
        return resource
    Resource.objects.filter(pk=resource.pk).update(datastore_status=Status.PENDING, datastore_messages=[],
                                                   datastore_status_at=timezone.now(), datastore_attempts=1,
                                                   datastore_sheet=(sheet or "")[:100])
    resource.datastore_status, resource.datastore_messages = Status.PENDING, []
    load_datastore_task.enqueue(str(resource.pk), version.number, sheet or "")
    resource.refresh_from_db(fields=["datastore_status", "datastore_messages", "datastore_active"])
    return resource


@task()
def load_datastore_task(resource_id, version_number, sheet=""):
    """Load one version of one resource; returns its final status (None: nothing to do)."""
    resource = Resource.objects.filter(pk=resource_id, is_deleted=False).first()
    if resource is None:
        return None
    version = resource.current_version
    if version is None or version.number != version_number:
        return None  # a newer upload came meanwhile: its own task loads it
    if not Resource.objects.filter(pk=resource.pk, datastore_status=Status.PENDING).update(
            datastore_status=Status.LOADING, datastore_status_at=timezone.now()):
        return None  # another worker has it (or it is no longer waiting)
    resource.datastore_status = Status.LOADING
    key = _progress_key(resource.pk)

    def report(rows, total):
        # "at": the sweep leaves a load alone while it reports progress (`sweep.requeue_stale_loads`)
        cache.set(key, {"rows": rows, "total": total, "at": timezone.now().timestamp()}, PROGRESS_TTL)

    try:
        report(0, None)
        datastore.load(resource, sheet=sheet or None, progress=report)
    except Exception:  # a bug or the database away: say so, keep the file and its versions
        logger.exception("datastore load of resource %s (version %s) failed", resource_id, version_number)
        DatastoreTable.objects.filter(resource_id=resource.pk).delete()
        messages = [_("Pemuatan ke tabel gagal karena gangguan sistem. Berkas tetap tersedia untuk diunduh apa "
                      "adanya; coba muat ulang nanti atau hubungi admin.")]
        Resource.objects.filter(pk=resource.pk).update(datastore_status=Status.FAILED, datastore_messages=messages,
                                                       datastore_active=False)
        return str(Status.FAILED)
    finally:
        cache.delete(key)
    return str(resource.datastore_status)
