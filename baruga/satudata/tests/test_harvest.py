"""The harvester against a canned CKAN (no network): foreign values dropped, names kept unique, paging,
deletions, the sweep's scheduling. The live two-catalogue harvest is in test_ckan_live.py."""

import datetime as dt

import pytest
from django.utils import timezone

from baruga.directory.models import Agency
from baruga.satudata import harvest
from baruga.satudata.models import Dataset, HarvestSource, State

pytestmark = pytest.mark.django_db


def package(i, **extra):
    return {"id": f"00000000-0000-0000-0000-{i:012d}", "name": f"data-{i}", "title": f"Data {i}",
            "notes": "Catatan", "metadata_modified": f"2024-01-{i + 1:02d}T08:00:00.123456", "state": "active",
            "private": False, "license_id": "cc-by-4.0", "tags": [{"name": "jalan"}],
            "resources": [{"url": f"https://ckan.example.org/{i}.csv", "name": "Tabel", "format": "CSV"}], **extra}


class FakeCkan:
    """package_search over a list, honouring rows/start/fl and the metadata_modified window."""

    def __init__(self, packages):
        self.packages = packages
        self.calls = []

    def __call__(self, url, params):
        self.calls.append(dict(params))
        items = sorted(self.packages, key=lambda p: p["id"])
        fq = params.get("fq", "")
        if "metadata_modified:[" in fq:
            since = fq.split("metadata_modified:[")[1].split(" TO")[0]
            since = dt.datetime.fromisoformat(since.replace("Z", "+00:00")).replace(tzinfo=None)
            items = [p for p in items if dt.datetime.fromisoformat(p["metadata_modified"]) >= since]
        page = items[int(params["start"]):int(params["start"]) + int(params["rows"])]
        if params.get("fl"):
            page = [{"id": p["id"]} for p in page]
        return {"count": len(items), "results": page}


@pytest.fixture
def source(data):
    opd = Agency.objects.create(jurisdiction=data.province, name="Diskominfo Provinsi")
    return HarvestSource.objects.create(title="CKAN Contoh", url="https://ckan.example.org", jurisdiction=data.province,
                                        agency=opd)


def test_pages_creates_and_skips_unchanged(source, monkeypatch):
    monkeypatch.setattr(harvest, "ROWS", 2)
    fake = FakeCkan([package(i) for i in range(5)])
    assert harvest.harvest(source, get=fake)["created"] == 5
    assert [c["start"] for c in fake.calls if "fl" not in c] == [0, 2, 4, 6]  # until an empty page
    assert all(c["sort"] == "id asc" for c in fake.calls)
    counts = harvest.harvest(source, get=fake)
    assert counts["created"] == 0 and counts["updated"] == 0 and counts["unchanged"] >= 1
    last_search = [c for c in fake.calls if "fl" not in c][-1]
    assert "metadata_modified:[2024-01-05T08:00:00.123456Z TO *]" in last_search["fq"]
    assert Dataset.objects.filter(harvest_source=source).count() == 5
    copy = Dataset.objects.get(remote_id=package(0)["id"])
    assert copy.state == State.PUBLISHED and copy.agency == source.agency and copy.tags.get().name == "jalan"
    assert copy.resources.get().url == "https://ckan.example.org/0.csv"


def test_foreign_values_are_dropped_not_fatal(source, data, make_dataset):
    make_dataset("data-1")  # a local dataset already has this name
    fake = FakeCkan([package(1, license_id="odc-unknown", tags=[{"name": "a/b"}], region_code="xx",
                             groups=[{"name": "tidak-ada"}], frequency="fortnightly")])
    counts = harvest.harvest(source, get=fake)
    assert counts == {"created": 1, "updated": 0, "unchanged": 0, "deleted": 0, "errors": 0}
    copy = Dataset.objects.get(harvest_source=source)
    assert copy.name == "data-1-ckan-contoh" and copy.license_id is None and copy.region_code == ""
    assert not copy.tags.exists()


def test_gone_at_source_is_deleted_here(source):
    fake = FakeCkan([package(1), package(2)])
    harvest.harvest(source, get=fake)
    fake.packages = [package(1)]
    assert harvest.harvest(source, get=fake)["deleted"] == 1
    assert Dataset.objects.get(remote_id=package(2)["id"]).state == State.DELETED
    fake.packages = [package(1, private=True, metadata_modified="2024-02-01T00:00:00")]
    assert harvest.harvest(source, get=fake)["deleted"] == 1


def test_due_sources_are_enqueued_once_per_interval(source):
    source.url = "http://127.0.0.1:9"  # nothing listens: the task logs the failure, the sweep goes on
    source.save()
    now = timezone.now()
    assert harvest.enqueue_due(now) == 1
    source.refresh_from_db()
    assert source.last_run_at == now
    assert harvest.enqueue_due(now + dt.timedelta(minutes=5)) == 0
    assert harvest.enqueue_due(now + dt.timedelta(seconds=harvest.interval() + 1)) == 1



def test_management_command_enqueues_due_sources(source, capsys):
    from django.core.management import call_command

    source.url = "http://127.0.0.1:9"
    source.save()
    call_command("harvest_satudata", "--due")
    assert "harvest tasks enqueued: 1" in capsys.readouterr().out
    call_command("harvest_satudata", "--due")
    assert "harvest tasks enqueued: 0" in capsys.readouterr().out


def test_a_dcat_source_is_refused_clearly(source):
    source.kind = HarvestSource.Kind.DCAT
    source.save()
    with pytest.raises(harvest.HarvestError):
        harvest.harvest(source, get=FakeCkan([package(1)]))
    assert not Dataset.objects.filter(harvest_source=source).exists()
