"""Two sweepers at once, on PostgreSQL: every overdue mark and escalation happens exactly once.

SQLite serialises all writers on one file lock, so it cannot show a race; these tests skip there.
Thirty overdue reports (fifteen at verification, fifteen at the OPD) are swept by two workers
started together: two threads with their own connections, and two `manage.py sweep_clocks`
processes. The work each did must add up to exactly the work there was.
"""

import datetime as dt
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections

from baruga.accounts.models import Membership
from baruga.clocks.models import Clock, Escalation
from baruga.clocks.sweep import run_sweep
from baruga.complaints import sweep as report_sweep
from baruga.complaints import actions
from baruga.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)

WITA = ZoneInfo("Asia/Makassar")
FILED = dt.datetime(2026, 10, 5, 9, tzinfo=WITA)
SWEEP_AT = dt.datetime(2026, 11, 2, 9, tzinfo=WITA)  # both escalation levels are due for every report
ROOT = Path(__file__).resolve().parents[3]
PER_KIND = 15


@pytest.fixture(autouse=True)
def postgres_only(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer, so two sweepers cannot race "
                    "(run with DATABASE_URL=postgres://...)")
    settings.TIME_ZONE = "Asia/Makassar"
    settings.OFFICE_CLOSES_AT = "16:00"


@pytest.fixture
def overdue_reports(cast, file_report):
    Membership.objects.filter(user=cast.citra).update(is_lead=True)
    verifying, following = [], []
    with time_machine.travel(FILED, tick=False):
        for _i in range(PER_KIND):
            verifying.append(file_report(category=cast.city_road))
            report = file_report(category=cast.city_road)
            actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
            actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
            following.append(report)
    return verifying, following


def expected_notifications(verifying, following):
    """(username, dedupe prefix) → how many reports should have caused one."""
    expected = Counter()
    for _report in verifying:
        expected.update([("citra", "overdue"), ("citra", "escalation:1"), ("hadi", "escalation:2")])
    for _report in following:
        expected.update([("eko", "overdue"), ("fajar", "overdue"), ("fajar", "escalation:1"),
                         ("hadi", "escalation:2")])
    return expected


def assert_everything_happened_exactly_once(verifying, following, totals):
    n = len(verifying) + len(following)
    assert totals["errors"] == 0
    assert totals["overdue"] == n  # each clock claimed by exactly one worker
    assert totals["escalations"] == 2 * n
    assert Clock.objects.filter(overdue_at__isnull=False).count() == n

    levels = list(Escalation.objects.values_list("clock_id", "level"))
    assert len(levels) == len(set(levels)) == 2 * n

    rows = list(Notification.objects.filter(kind__in=[Notification.Kind.OVERDUE, Notification.Kind.ESCALATION])
                .values_list("recipient__username", "dedupe_key", "kind"))
    assert len(rows) == len({(user, key) for user, key, _kind in rows})  # nobody told twice of one cause
    got = Counter()
    for user, key, _kind in rows:
        cause = key.split(":")[0]
        got[(user, cause if cause == "overdue" else f"{cause}:{key.split(':')[2]}")] += 1
    assert got == expected_notifications(verifying, following)
    assert totals["notifications"] == len(rows)


def test_two_threads_sweeping_at_once_escalate_each_report_once(overdue_reports, monkeypatch):
    monkeypatch.setattr(report_sweep, "BATCH_SIZE", 7)
    verifying, following = overdue_reports
    barrier = threading.Barrier(2)
    results, failures = [], []

    def worker():
        try:
            barrier.wait(timeout=30)
            results.append(run_sweep(SWEEP_AT))
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    assert len(results) == 2
    totals = results[0].counts + results[1].counts
    assert_everything_happened_exactly_once(verifying, following, totals)


def _database_url():
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_two_sweep_commands_started_together_escalate_each_report_once(overdue_reports):
    verifying, following = overdue_reports
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "baruga.settings",
           "TIME_ZONE": "Asia/Makassar", "LOG_LEVEL": "WARNING"}
    command = [sys.executable, str(ROOT / "manage.py"), "sweep_clocks", "--now", SWEEP_AT.isoformat()]
    processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _i in range(2)]
    outputs = [process.communicate(timeout=120) for process in processes]

    totals = Counter()
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        totals.update({key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", out)})
    assert_everything_happened_exactly_once(verifying, following, totals)
