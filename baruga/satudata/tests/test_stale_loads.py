"""The sweep queues again a datastore load whose worker died (stuck in loading) or whose task was lost (stuck in
pending), at most SATUDATA_LOAD_MAX_ATTEMPTS loads in all, then fails it; the file stays downloadable."""

import datetime as dt

import pytest
from django.utils import timezone

from baruga.satudata import actions, datastore, loading, sweep
from baruga.satudata.models import DatastoreTable, Resource
from baruga.satudata.tests.conftest import CSV, upload
from baruga.satudata.tests.test_loading import queue, run  # noqa: F401 (the queue fixture)

pytestmark = pytest.mark.django_db
Status = Resource.DatastoreStatus


def _stored_rows(resource):
    """Rows actually in the resource's datastore table (its own database table)."""
    table = DatastoreTable.objects.get(resource=resource)
    return datastore.row_model(table.pk, table.fields).objects.count()


def uploaded(data, make_dataset):
    dataset = make_dataset(csv=None)
    return actions.add_resource(data.pita, dataset, name="Tabel", upload=upload(CSV))


def worker_dies(resource, queue, minutes_ago):
    """A worker claimed the load, then died: the task is gone from the queue, the row says loading."""
    queue.clear()
    Resource.objects.filter(pk=resource.pk).update(
        datastore_status=Status.LOADING, datastore_status_at=timezone.now() - dt.timedelta(minutes=minutes_ago))
    loading.cache.set(loading._progress_key(resource.pk), {"rows": 0, "total": None,
                                                           "at": (timezone.now() - dt.timedelta(minutes=minutes_ago))
                                                           .timestamp()})


def test_a_load_stuck_in_loading_is_queued_again_and_completes(data, make_dataset, queue):
    resource = uploaded(data, make_dataset)
    worker_dies(resource, queue, minutes_ago=31)
    assert sweep.requeue_stale_loads(timezone.now()) == {"satudata_loads_requeued": 1, "satudata_loads_failed": 0}
    resource.refresh_from_db()
    assert (resource.datastore_phase, resource.datastore_attempts) == ("pending", 2)
    assert len(queue.results) == 1
    assert run(queue) == ["loaded"]
    resource.refresh_from_db()
    assert (resource.datastore_phase, resource.datastore.row_count) == ("done", 3)
    assert DatastoreTable.objects.filter(resource=resource).count() == 1
    assert _stored_rows(resource) == 3


def test_a_lost_pending_task_is_queued_again_with_its_sheet(data, make_dataset, queue):
    resource = uploaded(data, make_dataset)
    Resource.objects.filter(pk=resource.pk).update(datastore_sheet="Data",
                                                   datastore_status_at=timezone.now() - dt.timedelta(minutes=45))
    queue.clear()  # the task was lost
    assert sweep.run()["satudata_loads_requeued"] == 1
    assert [r.args for r in queue.results] == [[str(resource.pk), 1, "Data"]]


def test_a_fresh_or_still_reporting_load_is_left_alone(data, make_dataset, queue, settings):
    resource = uploaded(data, make_dataset)
    queue.clear()
    assert sweep.requeue_stale_loads(timezone.now())["satudata_loads_requeued"] == 0  # just uploaded
    worker_dies(resource, queue, minutes_ago=10)
    assert sweep.requeue_stale_loads(timezone.now())["satudata_loads_requeued"] == 0
    # claimed long ago, but the worker stored rows a minute ago: slow, not dead
    Resource.objects.filter(pk=resource.pk).update(datastore_status_at=timezone.now() - dt.timedelta(hours=2))
    loading.cache.set(loading._progress_key(resource.pk), {"rows": 2000, "total": 5000,
                                                           "at": timezone.now().timestamp() - 60})
    assert sweep.requeue_stale_loads(timezone.now())["satudata_loads_requeued"] == 0
    settings.SATUDATA_LOAD_STALE_MINUTES = 0.5
    assert sweep.requeue_stale_loads(timezone.now())["satudata_loads_requeued"] == 1
    resource.refresh_from_db()
    assert resource.datastore_status == Status.PENDING and len(queue.results) == 1


def test_after_the_last_attempt_the_load_fails_and_the_file_stays(data, make_dataset, queue, client):
    resource = uploaded(data, make_dataset)
    for attempt in (2, 3):
        worker_dies(resource, queue, minutes_ago=31)
        assert sweep.requeue_stale_loads(timezone.now())["satudata_loads_requeued"] == 1
        resource.refresh_from_db()
        assert resource.datastore_attempts == attempt
    worker_dies(resource, queue, minutes_ago=31)
    assert sweep.requeue_stale_loads(timezone.now()) == {"satudata_loads_requeued": 0, "satudata_loads_failed": 1}
    resource.refresh_from_db()
    assert (resource.datastore_phase, resource.datastore_active) == ("error", False)
    assert "tidak selesai setelah 3 kali percobaan" in resource.datastore_messages[0]
    assert "tetap tersedia untuk diunduh" in resource.datastore_messages[0]
    assert not queue.results and not DatastoreTable.objects.filter(resource=resource).exists()
    assert resource.versions.count() == 1 and resource.current_version.file.read() == CSV.encode()
    assert sweep.requeue_stale_loads(timezone.now() + dt.timedelta(hours=1))["satudata_loads_failed"] == 0


def test_the_limits_are_settings(data, make_dataset, queue, settings):
    settings.SATUDATA_LOAD_MAX_ATTEMPTS = 1
    settings.SATUDATA_LOAD_STALE_MINUTES = 120
    resource = uploaded(data, make_dataset)
    worker_dies(resource, queue, minutes_ago=61)
    assert sweep.requeue_stale_loads(timezone.now())["satudata_loads_failed"] == 0
    worker_dies(resource, queue, minutes_ago=121)
    assert sweep.requeue_stale_loads(timezone.now())["satudata_loads_failed"] == 1


def test_a_requeued_load_runs_once_even_with_the_old_task_still_queued(data, make_dataset, queue):
    resource = uploaded(data, make_dataset)  # its task sits in a busy queue for 40 minutes
    Resource.objects.filter(pk=resource.pk).update(datastore_status_at=timezone.now() - dt.timedelta(minutes=40))
    assert sweep.requeue_stale_loads(timezone.now())["satudata_loads_requeued"] == 1
    assert sweep.requeue_stale_loads(timezone.now())["satudata_loads_requeued"] == 0  # the next sweep: fresh again
    assert len(queue.results) == 2
    assert run(queue) == ["loaded", None]  # the second task finds it no longer waiting
    assert _stored_rows(resource) == 3
