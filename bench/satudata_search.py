#!/usr/bin/env python
"""Time the CKAN action API's package_search and datastore_search on a filled PostgreSQL database.

A measurement, not a test (issue 22: p95 ≤ 100 ms with 10,000 datasets and a 1,000,000-row resource).

    createdb -h 127.0.0.1 -U postgres baruga_satudata_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baruga_satudata_bench \\
        .venv/bin/python bench/satudata_search.py --fill --repeat 30

--fill migrates and adds what is missing (idempotent): 10,000 published datasets ("bench-…", with tags,
topics and one CSV link each) and one dataset whose resource has a 1,000,000-row datastore table,
written by the datastore's own storage code (COPY into the resource's typed table, then its indexes).
Requests go through Django's test client (the whole stack: middleware, the view, JSON encoding; no
network), in a process set up like a server's (it imports baruga.wsgi); with `--url http://127.0.0.1:8000`
they go over HTTP to a server already running on that database (gunicorn, as deployed), one at a time, on
one kept-alive connection. `--only TEXT` runs the cases whose label contains TEXT. For each case: p50/p95/max over --repeat runs after one warm-up.
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import urllib.parse
import uuid
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baruga.settings")

# As served: the WSGI module (django.setup() and what it does after, e.g. gc.freeze()).
import baruga.wsgi  # noqa: E402, F401

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

N_DATASETS = 10_000
N_ROWS = 1_000_000
TOPICS = ["penduduk", "jalan", "sekolah", "puskesmas", "irigasi", "pasar", "anggaran", "kemiskinan", "pertanian",
          "perikanan", "pariwisata", "air", "listrik", "sampah", "banjir", "stunting", "imunisasi", "umkm"]
WHAT = ["jumlah", "panjang", "persentase", "rasio", "luas", "produksi", "realisasi", "indeks"]
PLACES = ["Mariso", "Mamajang", "Tamalate", "Rappocini", "Makassar", "Ujung Pandang", "Wajo", "Bontoala",
          "Ujung Tanah", "Tallo", "Panakkukang", "Manggala", "Biringkanaya", "Tamalanrea", "Sangkarrang"]


def fill():
    from baruga.directory.models import Agency, Jurisdiction, Level
    from baruga.lib.textsearch import stored_text
    from baruga.satudata.datastore import create_storage
    from baruga.satudata.models import Dataset, DatastoreTable, Group, License, Resource, State, Tag

    call_command("migrate", verbosity=0)
    province, _c = Jurisdiction.objects.get_or_create(code="73", defaults={"name": "Provinsi Sulawesi Selatan",
                                                                           "level": Level.PROVINCE})
    city, _c = Jurisdiction.objects.get_or_create(code="73.71", defaults={"name": "Kota Makassar",
                                                                          "level": Level.CITY, "parent": province})
    agencies = [Agency.objects.get_or_create(jurisdiction=city, name=f"Dinas Bench {i}")[0] for i in range(20)]
    licenses = list(License.objects.values_list("pk", flat=True)) or [None]
    groups = list(Group.objects.all())
    rng = random.Random(22)
    have = Dataset.objects.filter(name__startswith="bench-").count()
    if have < N_DATASETS:
        print(f"filling {N_DATASETS - have} datasets …", flush=True)
        tags = {name: Tag.objects.get_or_create(name=name)[0] for name in TOPICS + [f"tag{i}" for i in range(200)]}
        now = timezone.now()
        with transaction.atomic():
            datasets, ds_tags, ds_groups, resources = [], [], [], []
            for i in range(have, N_DATASETS):
                topic = rng.choice(TOPICS)
                title = f"{rng.choice(WHAT).title()} {topic} di Kecamatan {rng.choice(PLACES)} tahun {2015 + i % 10}"
                notes = f"Data {topic} {rng.choice(PLACES)} menurut {rng.choice(WHAT)}; nomor {i}."
                modified = now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 365 * 3))
                d = Dataset(name=f"bench-{i:05d}", title=title, notes=notes, jurisdiction=city,
                            agency=rng.choice(agencies), license_id=rng.choice(licenses), state=State.PUBLISHED,
                            created=modified, metadata_modified=modified, published_at=modified,
                            frequency="annual", region_code="73.71", source="Bench", is_demo=True)
                d.search_text = stored_text(title, f"{notes} {topic}")
                datasets.append(d)
                ds_tags += [(d, tags[topic]), (d, tags[f"tag{i % 200}"])]
                if groups:
                    ds_groups.append((d, groups[i % len(groups)]))
                resources.append(Resource(dataset=d, name="Tabel", url=f"https://data.example.org/{i}.csv",
                                          format="CSV", position=0))
            Dataset.objects.bulk_create(datasets, batch_size=2000)
            Dataset.tags.through.objects.bulk_create(
                [Dataset.tags.through(dataset_id=d.pk, tag_id=t.pk) for d, t in ds_tags], batch_size=5000)
            Dataset.groups.through.objects.bulk_create(
                [Dataset.groups.through(dataset_id=d.pk, group_id=g.pk) for d, g in ds_groups], batch_size=5000)
            Resource.objects.bulk_create(resources, batch_size=5000)
    big = Dataset.objects.filter(name="bench-datastore-besar").first()
    if big is None:
        big = Dataset.objects.create(name="bench-datastore-besar", title="Penduduk per kelurahan (1 juta baris)",
                                     jurisdiction=city, agency=agencies[0], state=State.PUBLISHED,
                                     license_id=licenses[0], is_demo=True)
    resource = big.resources.filter(datastore_active=True).first()
    if resource is None:
        resource = Resource.objects.create(dataset=big, name="Tabel besar", url_type="upload", format="CSV",
                                           mimetype="text/csv", datastore_active=True, datastore_status="loaded")
    table = DatastoreTable.objects.filter(resource=resource).first()
    if table is None or table.row_count < N_ROWS:
        print(f"filling {N_ROWS} datastore rows (datastore.create_storage: COPY into a typed table) …", flush=True)
        DatastoreTable.objects.filter(resource=resource).delete()
        fields = [{"id": "kecamatan", "type": "text", "label": "Kecamatan"},
                  {"id": "kelurahan", "type": "text", "label": "Kelurahan"},
                  {"id": "tahun", "type": "int", "label": "Tahun"},
                  {"id": "jumlah", "type": "numeric", "label": "Jumlah"}]

        def rows():
            for n in range(1, N_ROWS + 1):
                yield [PLACES[n % len(PLACES)], f"Kelurahan {n % 997}", 2000 + n % 25, round(rng.random() * 10000, 1)]

        with transaction.atomic():
            table = DatastoreTable.objects.create(resource=resource, fields=fields, row_count=N_ROWS)
            table.storage = create_storage(table.pk, fields, rows())
            table.save(update_fields=["storage"])
        resource.datastore_active = True
        resource.save(update_fields=["datastore_active"])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return str(resource.pk)


class HttpClient:
    """The two things `measure` uses of Django's test client, over HTTP on one kept-alive connection."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.connection = HTTPConnection(parts.hostname, parts.port or 80, timeout=60)

    def get(self, path, params):
        self.connection.request("GET", f"{path}?{urllib.parse.urlencode(params)}")
        raw = self.connection.getresponse()
        body = raw.read()
        return type("Response", (), {"status_code": raw.status, "content": body,
                                     "json": lambda self: json.loads(body)})()


def measure(client, path, params, repeat):
    response = client.get(path, params)  # warm-up
    if response.status_code != 200:
        raise SystemExit(f"{path} {params}: HTTP {response.status_code} {response.content[:300]!r}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return statistics.median(times), p95, times[-1], response.json()["result"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill", action="store_true")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", default="", help="run only the cases whose label contains this text")
    parser.add_argument("--url", default="", help="time over HTTP against this running server (same database)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (this bench is about PostgreSQL).")
    from baruga.satudata.models import Dataset, Resource

    rid = fill() if args.fill else str(Resource.objects.get(dataset__name="bench-datastore-besar",
                                                            datastore_active=True).pk)
    setup_test_environment()
    client = HttpClient(args.url) if args.url else Client()
    mid = Dataset.objects.filter(name__startswith="bench-").order_by("metadata_modified").values_list(
        "metadata_modified", flat=True)[N_DATASETS // 2]
    since = mid.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    org = json.loads(client.get("/api/3/action/package_search",
                                {"facet.field": '["organization"]', "rows": 0}).content)["result"]["facets"]
    org_name = next(iter(org["organization"]))
    ps = "/api/3/action/package_search"
    ds = "/api/3/action/datastore_search"
    cases = [
        ("package_search (default, rows=10)", ps, {}),
        ("package_search q=puskesmas", ps, {"q": "puskesmas"}),
        ("package_search q=jumlah penduduk mariso", ps, {"q": "jumlah penduduk mariso"}),
        ("package_search fq=tags:jalan rows=100", ps, {"fq": "tags:jalan", "rows": 100}),
        ("package_search fq=organization:… res_format:CSV", ps, {"fq": f"organization:{org_name} res_format:CSV"}),
        ("package_search harvester page (fq=metadata_modified:[…Z TO *], sort=id asc, rows=100, start=2000)", ps,
         {"fq": f"metadata_modified:[{since} TO *]", "sort": "id asc", "rows": 100, "start": 2000}),
        ("package_search facets organization,tags,res_format,groups", ps,
         {"facet.field": '["organization","tags","res_format","groups"]'}),
        ("package_search rows=1000 sort=id asc", ps, {"rows": 1000, "sort": "id asc"}),
        ("datastore_search limit=100 (with total)", ds, {"resource_id": rid}),
        ("datastore_search offset=500000 limit=100", ds, {"resource_id": rid, "offset": 500000}),
        ("datastore_search offset=900000 include_total=false", ds,
         {"resource_id": rid, "offset": 900000, "include_total": "false"}),
        ("datastore_search filters kecamatan=Mariso", ds, {"resource_id": rid, "filters": '{"kecamatan": "Mariso"}'}),
        ("datastore_search filters tahun=2010 (int)", ds, {"resource_id": rid, "filters": '{"tahun": 2010}'}),
        ("datastore_search q=kelurahan 17", ds, {"resource_id": rid, "q": "kelurahan 17"}),
        ("datastore_search sort=jumlah desc", ds, {"resource_id": rid, "sort": "jumlah desc"}),
    ]
    print(f"{'case':<100} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  result")
    for label, path, params in cases:
        if args.only not in label:
            continue
        p50, p95, worst, result = measure(client, path, params, args.repeat)
        size = result.get("count", result.get("total"))
        print(f"{label:<100} {p50:8.1f} {p95:8.1f} {worst:8.1f}  n={size}", flush=True)


if __name__ == "__main__":
    main()
