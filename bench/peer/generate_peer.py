#!/usr/bin/env python
"""Fill the peer's database (django-helpdesk) with N tickets by COPY, the same size as Baruga's.

Run with the peer's own interpreter (bench/.peer-venv/bin/python), from bench/run.py:

    bench/.peer-venv/bin/python bench/peer/generate_peer.py --tickets 100000 --database helpdesk_bench_100k

One queue per jurisdiction (25, like Baruga's province and its 24 regencies/cities), staff users
(superuser `peer.admin` whose session the bench uses), N tickets over five years with the same
Indonesian texts as Baruga's generator, a realistic status mix (most closed), and the follow-ups
a ticket's history has (about as many as Baruga's report events).
"""

import argparse
import datetime as dt
import os
import random
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
UTC = dt.timezone.utc
N = r"\N"

TICKET_COLS = ("id", "title", "created", "modified", "submitter_email", "status", "on_hold", "description",
               "resolution", "priority", "due_date", "last_escalation", "assigned_to_id", "queue_id", "secret_key",
               "kbitem_id", "merged_to_id")
FOLLOWUP_COLS = ("id", "date", "title", "comment", "public", "new_status", "ticket_id", "user_id", "message_id",
                 "time_spent", "email_recipients")


def psql(sql, database="postgres"):
    subprocess.run(["psql", f"{PG}/{database}", "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{PG}/{args.database}"
    started = time.perf_counter()
    psql(f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
    psql(f"CREATE DATABASE {args.database}")
    psql(f"ALTER DATABASE {args.database} SET work_mem = '16MB'")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.contrib.sites.models import Site
    from django.core.management import call_command
    from django.db import connection, transaction

    from generate import DETAILS, OPENINGS, REQUESTS, RESPONSES, STREETS, SUBJECTS, esc

    call_command("migrate", verbosity=0)
    from helpdesk.models import Queue

    Site.objects.update_or_create(pk=1, defaults={"domain": "127.0.0.1", "name": "peer"})
    queues = [Queue.objects.create(title=f"Laporan wilayah {i}", slug="laporan" if i == 0 else f"wilayah-{i}",
                                   allow_public_submission=True) for i in range(25)]
    admin = User.objects.create_superuser("peer.admin", "admin@bench.invalid", "bench-password-2026")
    staff = [admin] + [User.objects.create_user(f"peer.staff{i}", f"s{i}@bench.invalid", "x", is_staff=True)
                       for i in range(50)]
    rng = random.Random(args.seed)
    now = dt.datetime.now(UTC)
    start = now - dt.timedelta(days=365 * 5)
    span = (now - start).total_seconds()
    subjects = [s for values in SUBJECTS.values() for s in values]
    fid = 0
    with transaction.atomic():
        raw = connection.cursor().cursor
        raw.execute("SET LOCAL session_replication_role = replica")
        raw.execute("TRUNCATE helpdesk_ticket, helpdesk_followup CASCADE")
        done = 0
        while done < args.tickets:
            tickets, followups = [], []
            for tid in range(done + 1, min(args.tickets, done + 10_000) + 1):
                u = rng.random()
                created = start + dt.timedelta(seconds=min((((1 + 8 * u) ** 0.5) - 1) / 2, 0.999999) * span)
                subject = rng.choice(subjects)
                fill = {"subject": subject, "street": rng.choice(STREETS), "district": "Panakkukang",
                        "place": "Kota Makassar", "weeks": rng.randint(1, 8)}
                title = f"{subject[0].upper()}{subject[1:]} di {fill['street']}"
                body = " ".join([rng.choice(OPENINGS).format(**fill), *rng.sample(DETAILS, rng.randint(1, 3)),
                                 rng.choice(REQUESTS)])
                recent = (now - created).days < 30
                status = rng.choices((1, 2, 3, 4), (60, 5, 20, 15))[0] if recent else \
                    rng.choices((1, 2, 3, 4, 5), (2, 1, 8, 86, 3))[0]
                agent = rng.choice(staff)
                modified = min(now, created + dt.timedelta(hours=rng.expovariate(1 / 100)))
                tickets.append("\t".join((
                    str(tid), esc(title), f"{created:%Y-%m-%d %H:%M:%S+00}", f"{modified:%Y-%m-%d %H:%M:%S+00}",
                    f"warga{rng.randint(1, 40000)}@contoh.id", str(status), "f", esc(body),
                    esc(rng.choice(RESPONSES).format(agency="Dinas")) if status in (3, 4) else "",
                    str(rng.choice((2, 3, 3, 3, 4))), N, N, str(agent.pk), str(rng.choice(queues).pk),
                    str(uuid.uuid4()), N, N)))
                steps = 1 + (status in (3, 4)) * 3 + (status == 2)
                moment = created
                for step in range(steps):
                    fid += 1
                    moment = min(now, moment + dt.timedelta(hours=rng.expovariate(1 / 30)))
                    followups.append("\t".join((
                        str(fid), f"{moment:%Y-%m-%d %H:%M:%S+00}",
                        "Ticket Opened" if step == 0 else "Ticket Updated", esc(body if step == 0 else
                                                                              rng.choice(RESPONSES).format(agency="Dinas")),
                        "t", N if step == 0 else str(min(4, status)), str(tid), N if step == 0 else str(agent.pk), N,
                        N, N)))
            for table, cols, lines in (("helpdesk_ticket", TICKET_COLS, tickets),
                                       ("helpdesk_followup", FOLLOWUP_COLS, followups)):
                with raw.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN WITH (FREEZE)") as copy:
                    copy.write("\n".join(lines) + "\n")
            done = min(args.tickets, done + 10_000)
        for table in ("helpdesk_ticket", "helpdesk_followup"):
            raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    psql("VACUUM (ANALYZE)", args.database)
    seconds = time.perf_counter() - started
    psql(f"CREATE TABLE bench_meta (reports int, seconds float, generated_at timestamptz); "
         f"INSERT INTO bench_meta VALUES ({args.tickets}, {seconds:.1f}, now())", args.database)
    print(f"peer: {args.tickets} tickets, {fid} follow-ups in {seconds:.0f}s", flush=True)


if __name__ == "__main__":
    main()
