"""Real clients against a live server: ckanapi's RemoteCKAN (reads, writes, an upload, its exceptions),
CKAN's harvester paging loop, and a province harvesting a regency through the same API, incrementally."""

import datetime as dt
import importlib
import io

import pytest
from ckanapi import NotAuthorized, NotFound, RemoteCKAN, SearchQueryError, ValidationError
from django.utils import timezone

from baruga.apikeys import services as keys
from baruga.directory.models import Agency
from baruga.satudata import actions, harvest
from baruga.satudata.models import Dataset, HarvestSource, State
from baruga.satudata.tests.conftest import CHECKLIST, STANDARD, upload

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_rows(transactional_db):
    """A transactional test starts from an empty database: the licences and topics of migration 0001 again."""
    from django.apps import apps as global_apps

    initial = importlib.import_module("baruga.satudata.migrations.0001_initial")

    initial.seed(global_apps, None)


def publish(data, name, *, actor=None, steward=None, agency=None, **extra):
    dataset = actions.create_dataset(actor or data.pita, agency=agency or data.pupr,
                                     data={**STANDARD, "name": name, **extra})
    actions.add_resource(actor or data.pita, dataset, name="Tabel", upload=upload("a;b\n1;2\n"))
    actions.submit(actor or data.pita, dataset)
    actions.publish(steward or data.wulan, dataset, checklist=CHECKLIST)
    return dataset


def test_ckanapi_reads_writes_upload_and_errors(live_server, data):
    publish(data, "penduduk-kecamatan")
    _k, raw = keys.create_key(owner=data.pita, name="ckanapi", scopes=["satudata:write"])
    anon = RemoteCKAN(live_server.url, user_agent="pytest")
    ckan = RemoteCKAN(live_server.url, apikey=raw, user_agent="pytest")

    assert anon.action.package_list() == ["penduduk-kecamatan"]
    shown = anon.action.package_show(id="penduduk-kecamatan")
    assert shown["resources"][0]["datastore_active"] is True
    found = anon.action.package_search(q="penduduk", fq="res_format:CSV", rows=10)
    assert found["count"] == 1 and found["results"][0]["name"] == "penduduk-kecamatan"
    records = anon.action.datastore_search(resource_id=shown["resources"][0]["id"])
    assert records["total"] == 1 and records["records"][0]["a"] == 1
    with pytest.raises(NotFound):
        anon.action.package_show(id="tidak-ada")
    with pytest.raises(SearchQueryError):
        anon.action.package_search(fq="tags:(unclosed")
    with pytest.raises(NotAuthorized):
        anon.action.package_create(name="tanpa-kunci", title="x", owner_org=shown["owner_org"])

    org = ckan.action.organization_list_for_user()[0]["name"]
    created = ckan.action.package_create(name="dari-ckanapi", title="Dari ckanapi", owner_org=org,
                                         tags=[{"name": "uji"}])
    assert created["state"] == "draft"
    with pytest.raises(ValidationError) as e:
        ckan.action.package_create(name="dari-ckanapi", title="Lagi", owner_org=org)
    assert "name" in e.value.error_dict
    resource = ckan.action.resource_create(package_id="dari-ckanapi", name="Berkas",
                                           upload=("tabel.csv", io.BytesIO(b"x,y\n1,2\n3,4\n")))
    assert resource["url_type"] == "upload" and resource["datastore_active"] is True
    assert ckan.action.datastore_search(resource_id=resource["id"])["total"] == 2  # own draft: key reads it
    with pytest.raises(NotFound):
        anon.action.datastore_search(resource_id=resource["id"])
    patched = ckan.action.package_patch(id="dari-ckanapi", notes="Diubah lewat ckanapi")
    assert patched["notes"] == "Diubah lewat ckanapi" and patched["num_resources"] == 1
    # GET for reads (ckanapi's get_only) works too
    assert RemoteCKAN(live_server.url, get_only=True).action.package_search(rows=0)["count"] == 1
    ckan.action.package_delete(id="dari-ckanapi")
    assert Dataset.objects.get(name="dari-ckanapi").state == State.DELETED


def test_ckan_harvester_paging_loop(live_server, data):
    """ckanext-harvest's CKANHarvester._search_for_datasets: rows=100, start += 100, sort=id asc, until empty."""
    now = timezone.now()
    Dataset.objects.bulk_create([  # test setup only: 230 published datasets without going through actions
        Dataset(name=f"data-{i:03d}", title=f"Data {i}", jurisdiction=data.makassar, agency=data.pupr,
                state=State.PUBLISHED, metadata_modified=now - dt.timedelta(minutes=i)) for i in range(230)])
    ckan = RemoteCKAN(live_server.url)
    seen, start, pages = [], 0, 0
    while True:
        page = ckan.action.package_search(rows=100, start=start, sort="id asc", fq="+dataset_type:dataset")
        if not page["results"]:
            break
        pages += 1
        seen += [p["id"] for p in page["results"]]
        start += 100
    assert pages == 3 and len(seen) == len(set(seen)) == 230 and seen == sorted(seen)
    # the incremental window of the next run: only what changed since the newest it saw minus an hour
    since = (now - dt.timedelta(minutes=59, seconds=30)).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    window = ckan.action.package_search(fq=f"metadata_modified:[{since} TO *]", rows=100, sort="id asc")
    assert window["count"] == 60


@pytest.fixture
def province_source(live_server, data):
    """The province's walidata harvests Kabupaten Gowa's catalogue, read through the live server."""
    opd = Agency.objects.create(jurisdiction=data.province, name="Dinas Komunikasi dan Informatika Provinsi",
                                short_name="Diskominfo Prov")
    return HarvestSource.objects.create(title="Satu Data Kabupaten Gowa", url=live_server.url, kind="ckan",
                                        jurisdiction=data.province, agency=opd,
                                        config={"fq": "jurisdiction_code:73.06"})


def test_incremental_harvest_between_two_catalogues(province_source, data, monkeypatch):
    monkeypatch.setattr(harvest, "ROWS", 2)  # pages of two: the harvester's own paging is exercised
    gowa = dict(actor=data.pras, steward=data.gilang, agency=data.pupr_gowa, region_code="73.06")
    first = publish(data, "jalan-kabupaten", **gowa)
    publish(data, "irigasi", **gowa)
    publish(data, "penduduk-makassar")  # another regency/city: not this source

    counts = harvest.harvest(province_source)
    assert counts == {"created": 2, "updated": 0, "unchanged": 0, "deleted": 0, "errors": 0}
    copy = Dataset.objects.get(harvest_source=province_source, remote_id=str(first.pk))
    assert copy.state == State.PUBLISHED and copy.jurisdiction == data.province
    assert copy.name == "jalan-kabupaten-satu-data-kabupaten-gowa"  # the regency's name is taken here
    assert copy.source_url.endswith("/data/dataset/jalan-kabupaten/")
    assert copy.resources.get().url.endswith("/unduh/")

    # a second run changes nothing and duplicates nothing
    assert harvest.harvest(province_source)["created"] == 0
    assert Dataset.objects.filter(harvest_source=province_source).count() == 2

    # the regency edits one dataset and publishes a new one: only those come back
    actions.update_dataset(data.pras, first, data={"title": "Jalan Kabupaten Gowa (mutakhir)"}, partial=True)
    publish(data, "puskesmas", **gowa)
    counts = harvest.harvest(province_source)
    assert (counts["created"], counts["updated"], counts["errors"]) == (1, 1, 0)
    copy.refresh_from_db()
    assert copy.title == "Jalan Kabupaten Gowa (mutakhir)"
    assert Dataset.objects.filter(harvest_source=province_source).count() == 3

    # the regency withdraws a dataset: the province's copy goes too
    actions.withdraw(data.gilang, first, note="Data sedang diperbaiki oleh OPD.")
    counts = harvest.harvest(province_source)
    assert counts["deleted"] == 1
    copy.refresh_from_db()
    assert copy.state == State.DELETED

    # the province's API shows where a harvested dataset came from
    from ckanapi import RemoteCKAN as Client
    shown = Client(province_source.url).action.package_show(id="irigasi-satu-data-kabupaten-gowa")
    assert shown["harvest_source_title"] == "Satu Data Kabupaten Gowa"
    assert shown["harvest_dataset_url"].endswith("/data/dataset/irigasi/")


def test_harvest_of_unreachable_source_changes_nothing(data):
    opd = Agency.objects.create(jurisdiction=data.province, name="Diskominfo Prov")
    source = HarvestSource.objects.create(title="Mati", url="http://127.0.0.1:9", jurisdiction=data.province,
                                          agency=opd)
    with pytest.raises(harvest.HarvestError):
        harvest.harvest(source)
    source.refresh_from_db()
    assert source.last_run_at is None
