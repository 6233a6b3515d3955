#!/usr/bin/env python
"""Time the statistics dashboards (`baruga.stats.selectors.dashboard`, and optionally the full pages
through the test client) on an existing, filled database (e.g. a copy of bench/generate.py's). A
measurement, not a test; it changes no figures (--pages adds a session row for its signed-in user).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/baruga_stats_1m .venv/bin/python bench/dashboards.py
    ... bench/dashboards.py --repeat 20 --pages --explain

For each case: median and p95 over --repeat runs (after one warm-up), the number of queries and the
slowest query, twice: "cold" with this process's kept figures forgotten before each run (every month read
from the rollups, as after a restart or when all the months of the period changed) and "warm" (the
figures of each month kept, as for a dashboard viewed again; `baruga.stats.figcache`). --pages also
renders the staff page, the public page and the API as a signed-in user (the province's leader, found in
the database; the second factor is taken as given, as in the tests), warm.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baruga.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from baruga.accounts.models import Role  # noqa: E402
from baruga.directory.models import Agency, Jurisdiction, Level  # noqa: E402
from baruga.stats import figcache, selectors  # noqa: E402


def _user(role, jurisdiction_id):
    from django.contrib.auth import get_user_model

    return (get_user_model().objects.filter(memberships__role=role, memberships__jurisdiction_id=jurisdiction_id)
            .order_by("pk").first())


def cases():
    province = Jurisdiction.objects.filter(level=Level.PROVINCE).order_by("code").first()
    makassar = Jurisdiction.objects.filter(code="73.71").first() or Jurisdiction.objects.exclude(
        level=Level.PROVINCE).order_by("code").first()
    busiest = (Agency.objects.filter(jurisdiction=makassar, is_active=True).order_by("pk").first())
    from baruga.stats.models import StateCount
    from django.db.models import Sum
    top = (StateCount.objects.filter(agency_id__gt=0).values("agency_id").annotate(t=Sum("n")).order_by("-t")
           .first())
    if top:
        busiest = Agency.objects.get(pk=top["agency_id"])
    since36, until = selectors.default_period()
    since36 = until.replace(year=until.year - 3)
    since36 = (since36 + __import__("datetime").timedelta(days=32)).replace(day=1)
    leader = _user(Role.LEADER, province.pk)
    return [
        ("province 36 months", selectors.PROVINCE, province.code,
         {"since": since36.strftime("%Y-%m"), "until": until.strftime("%Y-%m")}, leader),
        ("province 12 months", selectors.PROVINCE, province.code, {}, leader),
        ("province 12 months, one category", selectors.PROVINCE, province.code, {"category": "__road__"}, leader),
        (f"regency/city {makassar.code}", selectors.REGION, makassar.code, {}, leader),
        (f"OPD {busiest.pk}", selectors.OPD, busiest.pk, {}, leader),
    ]


def _road():
    from baruga.directory.models import Category

    c = Category.objects.filter(slug="jalan-kabupaten-kota").first() or Category.objects.order_by("pk").first()
    return str(c.pk)


def measure(fn, repeat):
    fn()
    times, counts, slowest, per_query = [], [], (0, ""), {}
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        counts.append(len(ctx.captured_queries))
        for i, q in enumerate(ctx.captured_queries):
            per_query.setdefault(i, []).append((float(q["time"]), q["sql"]))
            if float(q["time"]) > slowest[0]:
                slowest = (float(q["time"]), q["sql"])
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    if os.environ.get("BENCH_QUERIES"):
        for i, items in sorted(per_query.items()):
            print(f"      q{i:02d} {statistics.median(t for t, _s in items) * 1000:6.1f} ms  {items[0][1][:150]}")
    return statistics.median(times), p95, max(counts), slowest


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--pages", action="store_true", help="also time the pages and the API through the client")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query of each cold case")
    args = parser.parse_args()
    from django.conf import settings

    settings.DEBUG = False
    print(f"database {connection.settings_dict['NAME']} ({connection.vendor}); reports: ", end="")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM complaints_report")
        print(cursor.fetchone()[0])
    road = _road()
    for label, kind, key, params, user in cases():
        params = {k: (road if v == "__road__" else v) for k, v in params.items()}
        scope = selectors.scope_for(kind, key)
        filters = selectors.parse_filters(params, scope)
        def cold():
            figcache.clear()
            return selectors.dashboard(scope, filters, user=user)

        for state, fn in (("cold", cold), ("warm", lambda: selectors.dashboard(scope, filters, user=user))):
            median, p95, n, slowest = measure(fn, args.repeat)
            print(f"{label:36} selectors.dashboard {state} median {median * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  "
                  f"{n:2d} queries  slowest {slowest[0] * 1000:.1f} ms")
            if args.explain and state == "cold" and slowest[1]:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN ANALYZE " + slowest[1])
                    print("    " + "\n    ".join(r[0] for r in cursor.fetchall()))
        if args.pages:
            _pages(label, kind, key, params, user, scope, args.repeat)


def _pages(label, kind, key, params, user, scope, repeat):
    from django.test import Client
    from django.urls import reverse

    from baruga.accounts import twofactor

    twofactor.session_is_verified = lambda request: True  # the bench's session stands for a signed-in one
    client = Client()
    client.force_login(user)
    path = reverse("stats:dashboard", kwargs={"kind": kind, "key": key})
    urls = [("page", path), ("api", f"/api/v1/stats/{kind}/{key}")]
    if kind == selectors.REGION:
        urls.append(("public", reverse("stats:public_jurisdiction", args=[key])))
    if kind == selectors.OPD:
        urls.append(("public", reverse("stats:public_agency", args=[key])))
    for name, url in urls:
        def get():
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
        median, p95, n, _slowest = measure(get, repeat)
        print(f"{'  ' + label + ' ' + name:36} whole request  warm median {median * 1000:7.1f} ms  "
              f"p95 {p95 * 1000:7.1f} ms  {n:2d} queries")


if __name__ == "__main__":
    main()
