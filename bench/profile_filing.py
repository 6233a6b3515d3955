#!/usr/bin/env python
"""Where the time of a filing goes: cProfile over N filings through the real API, in-process.

    .venv/bin/python bench/profile_filing.py --size 100000 --filings 300

Copies `baruga_bench_<size>` (bench/generate.py; run bench/run.py once first) to
`baruga_bench_profile`, files `--filings` reports through `POST /api/v1/reports` with Django's test
client under the bench's production settings (a warm-up of 20 first, not profiled), then runs the
worker's deferred work of those filings in-process (`--batch`), also profiled. Prints, for each
half: wall time per filing, the share of it spent waiting for PostgreSQL (the time of the
database driver's `execute`), the number of queries per filing, and the functions with the most
cumulative time; grouped by the module layers of a filing (middleware, API schema, actions,
steps, encryption). Single-threaded: the figures are CPU + database round trips of one filing,
not throughput under load.
"""

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from run import PY, ROOT, baruga_env, flush_redis, label, psql  # bench/ is this script's folder

PROFILE_DB = "baruga_bench_profile"

INNER = r'''
import cProfile, io, json, pstats, random, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from baruga.directory.models import Category, Jurisdiction

filings, top, target = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(1)
locations = list(Jurisdiction.objects.filter(level__in=("regency", "city")).values_list("code", flat=True))
categories = list(Category.objects.filter(parent__isnull=False, is_active=True).values_list("slug", flat=True))
bodies = [json.dumps({"kind": "complaint", "title": "Jalan berlubang di Jl. Perintis Kemerdekaan",
                      "body": "Sudah dua minggu lubang di jalan ini makin besar dan membahayakan pengendara motor.",
                      "location_code": rng.choice(locations), "category_slug": rng.choice(categories),
                      "contact_name": "Warga Bench", "contact_email": f"warga{i}@contoh.id"})
          for i in range(filings + 20)]
client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
queries = [0]
db_seconds = [0.0]

def timed(execute, sql, params, many, context):
    queries[0] += 1
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        db_seconds[0] += time.perf_counter() - started

def post(body):
    response = client.post("/api/v1/reports", body, content_type="application/json")
    if response.status_code != 201:
        raise SystemExit(f"{response.status_code} {response.content[:300]!r}")

for body in bodies[:20]:
    post(body)

from baruga.lib.management.commands.worker import Worker
Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
       max_tasks=None, worker_id="profile").run()

# Where a filing's time goes, by the layers it passes (cumulative time of each function, so nested
# layers are included in the outer ones: the request holds the view, the view submit_report, ...).
LAYERS = [
    ("request through the middleware (test client)", "django/core/handlers/base.py", "get_response"),
    ("API view (ninja: parse, validate, call, render)", "ninja/operation.py", "run"),
    ("  actions.submit_report", "baruga/complaints/actions.py", "submit_report"),
    ("    plan the clocks (calendar)", "baruga/clocks/services.py", "plan_filing"),
    ("    Model.save (report, contact, notifications, other rows)", "django/db/models/base.py", "save"),
    ("    events.record (history entry + steps)", "baruga/complaints/events.py", "record"),
    ("      step: audit", "baruga/audit/services.py", "run"),
    ("      step: notifications (rows, texts, outbox)", "baruga/notifications/reports.py", "run"),
    ("      step: federation", "baruga/federation/outbox.py", "run"),
    ("      step: stats rollups", "baruga/stats/steps.py", "run"),
    ("      step: counts", "baruga/complaints/counts.py", "run"),
    ("    COMMIT", "django/db/backends/base/base.py", "commit"),
    ("  encryption (encrypt)", "baruga/lib/crypto.py", "encrypt"),
    ("  blind indexes", "baruga/lib/crypto.py", "blind_index"),
    ("  template rendering", "django/template/base.py", "render"),
    ("worker: run one task", "django_tasks_db/management/commands/db_worker.py", "run_task"),
    ("  deliver one outbox message", "baruga/notifications/delivery.py", "deliver"),
    ("  send (e-mail backend)", "django/core/mail/message.py", "send"),
]


def profiled(run):
    queries[0], db_seconds[0] = 0, 0.0
    profile = cProfile.Profile()
    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        profile.enable()
        run()
        profile.disable()
    wall = time.perf_counter() - started
    stats = pstats.Stats(profile)
    layers = []
    for name, path, function in LAYERS:
        total = sum(value[3] for key, value in stats.stats.items() if key[0].endswith(path) and key[2] == function)
        if total:
            layers.append((name, total))
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    own = io.StringIO()
    pstats.Stats(profile, stream=own).sort_stats("tottime").print_stats(top)
    return {"wall": wall, "queries": queries[0], "db": db_seconds[0], "layers": layers, "cumulative": out.getvalue(),
            "tottime": own.getvalue()}

filing = profiled(lambda: [post(body) for body in bodies[20:]])
from django_tasks_db.models import DBTaskResult
tasks = DBTaskResult.objects.filter(status="READY").count()
worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                max_tasks=None, worker_id="profile")
deferred = profiled(worker.run)
with open(target, "w") as handle:  # stdout carries the console e-mail backend's messages
    json.dump({"filing": filing, "deferred": deferred, "tasks": tasks}, handle)
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100000", help="the dataset to copy: baruga_bench_<size>")
    parser.add_argument("--filings", type=int, default=300)
    parser.add_argument("--top", type=int, default=40, help="functions listed per half")
    args = parser.parse_args()
    source = f"baruga_bench_{label(int(args.size))}"
    psql(f"DROP DATABASE IF EXISTS {PROFILE_DB} WITH (FORCE)")
    psql(f"CREATE DATABASE {PROFILE_DB} TEMPLATE {source}")
    try:
        flush_redis()
        with tempfile.NamedTemporaryFile(suffix=".json") as target:
            subprocess.run([str(PY), "-c", INNER, str(args.filings), str(args.top), target.name],
                           env=baruga_env(PROFILE_DB), cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            result = json.loads(Path(target.name).read_text())
    finally:
        psql(f"DROP DATABASE IF EXISTS {PROFILE_DB} WITH (FORCE)")
    n = args.filings
    for name, part, per in (("API filing", result["filing"], n), ("deferred work (worker)", result["deferred"], n)):
        print(f"\n## {name}: {n} filings, {part['wall']:.2f} s wall under cProfile, "
              f"{1000 * part['wall'] / per:.1f} ms per filing, {part['queries'] / per:.1f} queries per filing, "
              f"database {1000 * part['db'] / per:.1f} ms per filing ({part['db'] / part['wall']:.0%})")
        if name.startswith("deferred"):
            print(f"({result['tasks']} tasks)")
        print("\n| layer | ms per filing | share of wall |\n|---|---|---|")
        for layer, seconds in part["layers"]:
            print(f"| {layer} | {1000 * seconds / per:.1f} | {seconds / part['wall']:.0%} |")
        print("\n### by cumulative time\n")
        print(part["cumulative"])
        print("\n### by own time\n")
        print(part["tottime"])


if __name__ == "__main__":
    main()
