#!/usr/bin/env python
"""Benchmark of the clock sweep over many open reports. A measurement, not a test.

Creates N open reports with their running clocks straight through bulk_create (no actions, no
notifications), in the database named by DATABASE_URL, half of them past due; then times
`run_sweep` twice: the first run does the work (overdue marks, reminders, escalations, automatic
finish/archive, with their notifications and outbox rows), the second should find almost nothing.

    createdb -h 127.0.0.1 -U postgres baruga_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/baruga_bench
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python bench/sweep.py --reports 20000

It refuses to run against a database holding anything but its own rows, unless --force (then it
only adds and deletes its own rows, named "bench" / "BX…").
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baruga.settings")

PREFIX = "BX"  # tracking IDs of bench reports
USER_PREFIX = "bench."
CODE_PREFIX = "BENCH"
MAIL_DOMAIN = "bench.invalid"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=20_000, help="open reports to create (default 20000)")
    parser.add_argument("--jurisdictions", type=int, default=10, help="regencies/cities (default 10)")
    parser.add_argument("--agencies", type=int, default=6, help="OPDs per regency/city (default 6)")
    parser.add_argument("--batch-size", type=int, default=500, help="sweep batch size (default 500)")
    parser.add_argument("--seed", type=int, default=73)
    parser.add_argument("--force", action="store_true", help="run even if the database holds other data")
    return parser.parse_args()


def foreign_data():
    """What in this database was not made by the bench (nothing, in a scratch database)."""
    from baruga.accounts.models import User
    from baruga.complaints.models import Report
    from baruga.directory.models import Jurisdiction

    found = []
    if Report.objects.exclude(tracking_id__startswith=PREFIX).exists():
        found.append("laporan")
    if User.objects.exclude(username__startswith=USER_PREFIX).exists():
        found.append("pengguna")
    if Jurisdiction.objects.exclude(code__startswith=CODE_PREFIX).exists():
        found.append("wilayah")
    return found


def reset():
    from baruga.accounts.models import User
    from baruga.complaints.models import Report
    from baruga.directory.models import Agency, Jurisdiction
    from baruga.notifications.models import OutboxMessage

    from baruga.lib.crypto import blind_index

    # Addresses are encrypted: find the bench's messages by their staff recipients and by the blind
    # index of the reporters' addresses (warga<report pk>@bench.invalid).
    OutboxMessage.objects.filter(notification__recipient__username__startswith=USER_PREFIX).delete()
    report_ids = list(Report.objects.filter(tracking_id__startswith=PREFIX).values_list("pk", flat=True))
    for start in range(0, len(report_ids), 2000):
        indexes = [blind_index("exact", f"warga{pk}@{MAIL_DOMAIN}") for pk in report_ids[start:start + 2000]]
        OutboxMessage.objects.filter(to_address_index__in=indexes).delete()
    Report.objects.filter(tracking_id__startswith=PREFIX).delete()
    User.objects.filter(username__startswith=USER_PREFIX).delete()
    Agency.objects.filter(jurisdiction__code__startswith=CODE_PREFIX).delete()
    Jurisdiction.objects.filter(code__startswith=CODE_PREFIX, parent__isnull=False).delete()
    Jurisdiction.objects.filter(code__startswith=CODE_PREFIX).delete()


def build_directory(n_jurisdictions, n_agencies):
    """A province with regencies, OPDs and staff: one OPD in ten has no head (an unreached escalation)."""
    from baruga.accounts.models import Membership, Role, User
    from baruga.directory.models import Agency, Jurisdiction, Level

    province = Jurisdiction.objects.create(code=f"{CODE_PREFIX}-73", name="Provinsi Bench", level=Level.PROVINCE)
    regencies = Jurisdiction.objects.bulk_create([
        Jurisdiction(code=f"{CODE_PREFIX}-73.{i:02d}", name=f"Kabupaten Bench {i}", level=Level.REGENCY,
                     parent=province) for i in range(1, n_jurisdictions + 1)])
    agencies = Agency.objects.bulk_create([
        Agency(jurisdiction=j, name=f"Dinas {k} {j.name}", short_name=f"Dinas {k}")
        for j in regencies for k in range(1, n_agencies + 1)])

    users, memberships = [], []

    def person(name, role, **scope):
        user = User(username=f"{USER_PREFIX}{name}", email=f"{name}@{MAIL_DOMAIN}", password="!")
        users.append(user)
        memberships.append((user, Membership(role=role, **scope)))

    for j in regencies:
        person(f"admin1.{j.pk}", Role.ADMIN, jurisdiction=j, is_lead=True)
        person(f"admin2.{j.pk}", Role.ADMIN, jurisdiction=j)
        person(f"leader.{j.pk}", Role.LEADER, jurisdiction=j)
    for index, agency in enumerate(agencies):
        person(f"staff.{agency.pk}", Role.SUBADMIN, agency=agency)
        if index % 10:
            person(f"head.{agency.pk}", Role.HEAD, agency=agency)
    User.objects.bulk_create(users)
    for user, membership in memberships:
        membership.user = user
    Membership.objects.bulk_create([m for _u, m in memberships])
    return regencies, agencies


def build_reports(n, regencies, agencies, now, rng):
    """n open reports with one running clock each; every other round of the mix is past due."""
    from django.utils import timezone

    from baruga.clocks.calendar import office_close
    from baruga.clocks.models import Clock, ClockKind
    from baruga.complaints.models import Report, ReporterContact, State

    today = timezone.localdate(now)

    by_jurisdiction = {}
    for agency in agencies:
        by_jurisdiction.setdefault(agency.jurisdiction_id, []).append(agency)
    # (state, clock kind, working days, has an OPD): the mix of a busy instance.
    mix = ([(State.DISPATCHED, ClockKind.FOLLOW_UP, 5, True)] * 5
           + [(State.SUBMITTED, ClockKind.VERIFICATION, 3, False)] * 3
           + [(State.RESPONDED, ClockKind.REPORTER_REPLY, 10, True), (State.NEEDS_INFO, ClockKind.COMPLETION, 10, False)])
    chunk = 2_000
    for start in range(0, n, chunk):
        plans = []
        for i in range(start, min(n, start + chunk)):
            state, kind, days, with_agency = mix[i % len(mix)]
            jurisdiction = regencies[i % len(regencies)]
            agency = rng.choice(by_jurisdiction[jurisdiction.pk]) if with_agency else None
            # Deadlines fall at office close. Half are past, by up to twenty days (some reach the
            # leaders' level); the rest lie ahead, tomorrow's within the reminder window.
            if (i // len(mix)) % 2 == 0:
                due = office_close(today - dt.timedelta(days=rng.randint(1, 20)))
            else:
                due = office_close(today + dt.timedelta(days=rng.randint(1, 10)))
            started = due - dt.timedelta(days=days + 4)
            report = Report(tracking_id=f"{PREFIX}{i:09d}", title=f"Laporan bench {i}",
                            body="Laporan untuk mengukur sapuan batas waktu.", location=jurisdiction,
                            jurisdiction=jurisdiction, agency=agency, state=state, state_changed_at=started,
                            due_at=due)
            plans.append((report, Clock(kind=kind, jurisdiction=jurisdiction, agency=agency, started_at=started,
                                        working_days=days, due_at=due)))
        Report.objects.bulk_create([report for report, _clock in plans])
        for report, clock in plans:
            clock.report = report
        Clock.objects.bulk_create([clock for _report, clock in plans])
        ReporterContact.objects.bulk_create([
            ReporterContact(report=report, name="Warga", email=f"warga{report.pk}@{MAIL_DOMAIN}")
            for report, _clock in plans])


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed_sweep(now, batch_size):
    from django.db import connection

    from baruga.clocks.sweep import run_sweep
    from baruga.complaints import sweep as report_sweep

    report_sweep.BATCH_SIZE = batch_size  # the report clocks' batches (the sweep's jobs take only `now`)
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = run_sweep(now)
        seconds = time.perf_counter() - started
    return seconds, counter.count, result


def main():
    args = parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a scratch database (e.g. postgres://postgres@127.0.0.1:5432/baruga_bench).")
    import django

    django.setup()
    import logging

    from django.db import connection, transaction

    logging.getLogger("baruga.clocks.sweep").setLevel(logging.ERROR)  # unreached steps are counted in the table
    from django.utils import timezone

    found = foreign_data()
    if found and not args.force:
        sys.exit(f"Refusing to run: {connection.settings_dict['NAME']} holds data that is not the bench's "
                 f"({', '.join(found)}). Use a scratch database, or --force to add the bench rows anyway.")

    rng = random.Random(args.seed)
    now = timezone.now()
    started = time.perf_counter()
    reset()
    with transaction.atomic():
        regencies, agencies = build_directory(args.jurisdictions, args.agencies)
        build_reports(args.reports, regencies, agencies, now, rng)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    print(f"{connection.vendor} {connection.settings_dict['NAME']}: {args.reports} open reports "
          f"({args.reports // 2} past due) in {len(regencies)} regencies, {len(agencies)} OPDs; "
          f"set up in {time.perf_counter() - started:.1f}s")

    rows = [("run", "reports", "seconds", "ms/report", "queries", "overdue", "reminders", "escalations",
             "unreached", "finished", "archived", "notifications", "errors")]
    phases = []
    for label in ("first", "second"):
        seconds, queries, result = timed_sweep(now + dt.timedelta(seconds=1), args.batch_size)
        counts = result.counts
        phases.append(f"{label}: " + ", ".join(f"{name} {spent:.2f}s" for name, spent in result.phase_seconds.items()))
        rows.append((label, args.reports, f"{seconds:.2f}", f"{1000 * seconds / args.reports:.3f}", queries,
                     counts["overdue"], counts["reminders"], counts["escalations"], counts["escalations_unreached"],
                     counts["finished"], counts["archived"], counts["notifications"], counts["errors"]))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True)))
    print("phases " + "; ".join(phases))


if __name__ == "__main__":
    main()
