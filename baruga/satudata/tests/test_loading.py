"""Tabular uploads are loaded into the datastore in the background: the upload answers at once (pending), the
worker's task marks loading with progress, then done or error; a failed load keeps the file and its versions."""

import pytest
from django_tasks import default_task_backend

from baruga.satudata import actions, datastore, loading
from baruga.satudata.models import DatastoreTable, Resource
from baruga.satudata.tests.conftest import CSV, upload

pytestmark = pytest.mark.django_db
Status = Resource.DatastoreStatus


@pytest.fixture
def queue(settings):
    """A queue the test runs by hand (the worker), instead of the immediate one."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def run(queue):
    """What the worker does: run every queued task once."""
    results = [loading.load_datastore_task.call(*r.args, **r.kwargs) for r in queue.results]
    queue.clear()
    return results


def page(client, dataset, resource, **headers):
    return client.get(f"/data/petugas/{dataset.pk}/sumber/{resource.pk}/", headers=headers)


def test_an_upload_answers_pending_and_the_worker_loads_it(data, make_dataset, queue, client):
    dataset = make_dataset(csv=None)
    resource = actions.add_resource(data.pita, dataset, name="Tabel", upload=upload(CSV))
    assert (resource.datastore_phase, resource.datastore_active) == ("pending", False)
    assert len(queue.results) == 1
    client.force_login(data.pita)
    body = page(client, dataset, resource).content.decode()
    assert "Menunggu dimuat" in body and 'hx-trigger="every 2s"' in body
    assert "Muat ulang halaman untuk melihat kemajuan" in body  # without JavaScript: a plain link
    assert run(queue) == ["loaded"]
    resource.refresh_from_db()
    assert (resource.datastore_phase, resource.datastore_active, resource.datastore.row_count) == ("done", True, 3)
    body = page(client, dataset, resource).content.decode()
    assert "hx-trigger" not in body and "3 baris" in body


def test_the_status_line_polls_itself_and_reloads_the_page_when_done(data, make_dataset, queue, client):
    dataset = make_dataset(csv=None)
    resource = actions.add_resource(data.pita, dataset, name="Tabel", upload=upload(CSV))
    Resource.objects.filter(pk=resource.pk).update(datastore_status=Status.LOADING)
    loading.cache.set(loading._progress_key(resource.pk), {"rows": 2000, "total": 5000})
    client.force_login(data.pita)
    partial = page(client, dataset, resource, HX_Request="true")
    body = partial.content.decode()
    assert body.startswith('<div id="sd-load-status"') and "<h1>" not in body
    assert "2000 dari 5000 baris dimuat" in body and '<progress max="5000" value="2000">' in body
    assert "Pratinjau" not in page(client, dataset, resource).content.decode()  # not the old version's rows
    assert "HX-Refresh" not in partial and partial["Vary"].count("HX-Request")
    Resource.objects.filter(pk=resource.pk).update(datastore_status=Status.PENDING)
    run(queue)
    done = page(client, dataset, resource, HX_Request="true")
    assert done["HX-Refresh"] == "true" and "hx-trigger" not in done.content.decode()


def test_a_bad_file_keeps_its_version_as_a_plain_download(data, make_dataset, queue, client):
    dataset = make_dataset(csv=None)
    resource = actions.add_resource(data.pita, dataset, name="Tabel", upload=upload(b"\x00\x01\x02binary"))
    assert run(queue) == ["failed"]
    resource.refresh_from_db()
    assert resource.datastore_phase == "error" and not resource.datastore_active
    assert "bukan teks CSV" in resource.datastore_messages[0]
    assert resource.versions.count() == 1 and resource.current_version.file.read() == b"\x00\x01\x02binary"
    client.force_login(data.pita)
    body = page(client, dataset, resource).content.decode()
    assert "Gagal dimuat" in body and "Muat ulang tabel" in body


def test_a_failing_load_leaves_the_versions_intact_and_says_so(data, make_dataset, queue, client, monkeypatch):
    dataset = make_dataset(csv=None)
    resource = actions.add_resource(data.pita, dataset, name="Tabel", upload=upload(CSV))
    run(queue)
    actions.update_resource(data.pita, resource, upload=upload(CSV + "Wajo;2024;1.000\n"))

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr(datastore, "store", broken)
        assert run(queue) == ["failed"]
    resource.refresh_from_db()
    assert resource.datastore_phase == "error" and not resource.datastore_active
    assert "gangguan sistem" in resource.datastore_messages[0]
    assert not DatastoreTable.objects.filter(resource=resource).exists()
    assert [v.number for v in resource.versions.order_by("number")] == [1, 2]
    assert resource.current_version.file.read().endswith(b"Wajo;2024;1.000\n")
    # the staff reload it once the trouble has passed
    client.force_login(data.pita)
    client.post(f"/data/petugas/{dataset.pk}/sumber/{resource.pk}/", {"kind": "reload"})
    assert run(queue) == ["loaded"]
    resource.refresh_from_db()
    assert resource.datastore_phase == "done" and resource.datastore.row_count == 4


def test_a_load_superseded_by_a_newer_upload_is_skipped(data, make_dataset, queue):
    dataset = make_dataset(csv=None)
    resource = actions.add_resource(data.pita, dataset, name="Tabel", upload=upload(CSV))
    actions.update_resource(data.pita, resource, upload=upload(CSV + "Wajo;2024;1.000\n"))
    assert run(queue) == [None, "loaded"]
    resource.refresh_from_db()
    assert resource.datastore.row_count == 4 and resource.datastore.version.number == 2


def test_a_load_already_claimed_runs_once(data, make_dataset, queue):
    dataset = make_dataset(csv=None)
    resource = actions.add_resource(data.pita, dataset, name="Tabel", upload=upload(CSV))
    [queued] = queue.results
    assert loading.load_datastore_task.call(*queued.args) == "loaded"
    assert loading.load_datastore_task.call(*queued.args) is None


def test_the_ckan_resource_dict_shows_the_load(data, published, queue, client):
    resource = published.resources.get()
    shown = client.get("/api/3/action/resource_show", {"id": str(resource.pk)}).json()["result"]
    assert (shown["datastore_active"], shown["datastore_status"]) == (True, "done")
    actions.update_resource(data.pita, resource, upload=upload(CSV + "Wajo;2024;1.000\n"))
    shown = client.get("/api/3/action/resource_show", {"id": str(resource.pk)}).json()["result"]
    assert (shown["datastore_active"], shown["datastore_status"]) == (False, "pending")
    run(queue)
    shown = client.get("/api/3/action/resource_show", {"id": str(resource.pk)}).json()["result"]
    assert (shown["datastore_active"], shown["datastore_status"]) == (True, "done")
