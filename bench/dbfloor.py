#!/usr/bin/env python
"""What the database alone can do: a filing's own SQL driven by pgbench, against the ceiling's one INSERT.

    .venv/bin/python bench/dbfloor.py --size 100000

The suite's ceiling (bench/baseline) is a Django view that INSERTs one row. A filing that keeps its
guarantees writes the report, its encrypted contact, its first deadline clock and its history entry
in one transaction, and Baruga also writes the rollups, the admins' notifications, the outbox and
the task rows in that transaction. This script measures how fast PostgreSQL runs those transactions
with no Python in the way, so the gap between filing and the ceiling can be split between the
database's work and the application's:

1. copies `baruga_bench_<size>` (bench/generate.py; run bench/run.py once first) to
   `baruga_bench_floor`;
2. files four reports there through the real API in-process (the production settings of the bench)
   and records the SQL of the fourth, exactly as Baruga sends it;
3. turns that SQL into pgbench scripts (new tracking IDs, report and event ids taken with `\\gset`,
   new task ids): `one row` (the ceiling's INSERT, into a table shaped like bench/baseline's),
   `report + contact + clock + event` (the least a durable filing writes) and `full filing`
   (every statement, in Baruga's order);
4. runs each with pgbench (`--clients` connections, simple protocol like Django's, `--duration`
   seconds) and prints transactions per second and the ratio to the one-row INSERT.

Every filing goes to one regency and category: the worst case for the rows the rollups share.
"""

import argparse
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from run import PG, PY, ROOT, baruga_env, flush_redis, label, psql  # bench/ is this script's folder

FLOOR_DB = "baruga_bench_floor"

CAPTURE = r'''
import json, sys
import django
django.setup()
from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client
from baruga.directory.models import Category, Jurisdiction

location = Jurisdiction.objects.get(code="73.71")
category = Category.objects.filter(parent__isnull=False, slug__contains="jalan").order_by("pk").first()
body = json.dumps({"kind": "complaint", "title": "Jalan berlubang di Jl. Perintis Kemerdekaan",
                   "body": "Sudah dua minggu lubang di jalan ini makin besar dan membahayakan pengendara.",
                   "location_code": location.code, "category_slug": category.slug,
                   "contact_name": "Rudi", "contact_email": "rudi@contoh.id"})
client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
for _ in range(3):
    assert client.post("/api/v1/reports", body, content_type="application/json").status_code == 201
settings.DEBUG = True
reset_queries()
response = client.post("/api/v1/reports", body, content_type="application/json")
assert response.status_code == 201, response.content
json.dump([q["sql"] for q in connection.queries], sys.stdout)
'''


def capture(database):
    flush_redis()
    env = baruga_env(database)
    out = subprocess.run([str(PY), "-c", CAPTURE], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def scripts(statements):
    """pgbench scripts from the captured statements: {name: text}."""
    report = next(i for i, s in enumerate(statements) if s.startswith('INSERT INTO "complaints_report" '))
    event = next(i for i, s in enumerate(statements) if s.startswith('INSERT INTO "complaints_reportevent" '))
    report_id = re.search(r"VALUES \((\d+), ", statements[report + 1]).group(1)
    event_id = None
    out = []
    for i, sql in enumerate(statements):
        if sql in ("BEGIN", "COMMIT"):
            out.append(sql + ";")
            continue
        if i == report:
            sql = re.sub(r"VALUES \('[A-Z0-9-]+'", "VALUES ('P' || substr(md5(random()::text), 1, 12)", sql, count=1)
            out.append(sql + "\n\\gset r_")
            continue
        sql = re.sub(rf"\b{report_id}\b", ":r_id", sql)
        if i == event:
            out.append(sql + "\n\\gset e_")
            continue
        if event_id is None:
            found = re.search(r"submit:(\d+)", sql)
            event_id = found.group(1) if found else None
        if event_id:
            # Unique keys made from the event id (and the notification ids) become new per transaction.
            sql = re.sub(rf"(submit|citizen):{event_id}\b", r"\1:' || :e_id || '", sql)
        sql = re.sub(r"\bn(\d+):", r"n\1x' || :e_id || ':", sql)  # outbox dedupe keys of staff notices
        # The outbox rows' notification ids (taken from the notifications' RETURNING) become NULL.
        sql = re.sub(r"'\{NULL,(\d+(?:,\d+)*)\}'::int[248]\[\]",
                     lambda m: "'{" + ",".join(["NULL"] * (m.group(1).count(",") + 2)) + "}'::int8[]", sql)
        sql = re.sub(r"\('\{([0-9a-f]{32}(?:,[0-9a-f]{32})*)\}'::uuid\[\]\)",
                     lambda m: "ARRAY[" + ",".join(["gen_random_uuid()"] * (m.group(1).count(",") + 1)) + "]", sql)
        out.append(sql + ";")
    essentials = ("BEGIN", 'INSERT INTO "complaints_report" ', 'INSERT INTO "complaints_reportercontact"',
                  'INSERT INTO "clocks_clock"', 'INSERT INTO "complaints_reportevent"', "COMMIT")
    minimal = [s for s in out if s.startswith(essentials)]
    one = ("INSERT INTO bench_ceiling_row (title, body, created_at) VALUES "
           "('Jalan berlubang di Jl. Perintis Kemerdekaan', "
           "'Sudah dua minggu lubang di jalan ini makin besar dan membahayakan pengendara.', now());")
    return {"one row (the ceiling's INSERT)": one + "\n",
            "report + contact + clock + event": "\n".join(minimal) + "\n",
            f"full filing ({len(statements) - 2} statements)": "\n".join(out) + "\n"}


def pgbench(script, database, args):
    command = [args.pgbench, "-n", "-M", "simple", "-c", str(args.clients), "-j", "2", "-T", str(args.duration),
               "-f", script, f"{PG}/{database}"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
    latency = float(re.search(r"latency average = ([\d.]+) ms", out).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", out)
    return tps, latency, int(failed.group(1)) if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="100000", help="the dataset to copy: baruga_bench_<size>")
    parser.add_argument("--clients", type=int, default=8, help="pgbench connections (default 8, as the suite)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per script (default 15)")
    parser.add_argument("--pgbench", default=shutil.which("pgbench") or "/usr/lib/postgresql/15/bin/pgbench")
    args = parser.parse_args()

    source = f"baruga_bench_{label(int(args.size))}"
    psql(f"DROP DATABASE IF EXISTS {FLOOR_DB}")
    psql(f"CREATE DATABASE {FLOOR_DB} TEMPLATE {source}")
    try:
        psql("CREATE TABLE bench_ceiling_row (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
             "title varchar(150) NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL)", FLOOR_DB)
        statements = capture(FLOOR_DB)
        rows = []
        with tempfile.TemporaryDirectory() as folder:
            for n, (name, text) in enumerate(scripts(statements).items()):
                path = Path(folder) / f"{n}.sql"
                path.write_text(text)
                rows.append((name, *pgbench(str(path), FLOOR_DB, args)))
    finally:
        psql(f"DROP DATABASE IF EXISTS {FLOOR_DB}")
    base = rows[0][1]
    print(f"\nPostgreSQL alone (pgbench, {args.clients} connections, {args.duration} s each, {source}):\n")
    print("| transaction | tx/s | latency ms | of one-row INSERT | failed |")
    print("|---|---|---|---|---|")
    for name, tps, latency, failed in rows:
        print(f"| {name} | {tps:.0f} | {latency:.1f} | {tps / base:.0%} | {failed} |")


if __name__ == "__main__":
    main()
