"""The read replica (baruga/lib/replica.py): with DATABASE_REPLICA_URL set, the statistics and public
list pages read the report data from the replica, while sessions, accounts and every write stay on
the primary; staff pages and POSTs never touch the replica. Run in a separate process, because the
database aliases are fixed when Django starts: the "replica" is a second connection to a copy of the
same database file, made after the data are written (like a replica that has caught up)."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from baruga.lib import replica

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = textwrap.dedent('''
    import json, os, django
    os.environ["DJANGO_SETTINGS_MODULE"] = "baruga.settings"
    django.setup()
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def tables(alias, captured):
        return sorted({q["sql"].split(" FROM ")[1].split()[0].strip('"') for q in captured.captured_queries
                       if " FROM " in q["sql"]})

    out = {}
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    for name, method, path in [("public_list", "get", "/laporan/"), ("stats", "get", "/statistik/73/"),
                               ("home", "get", "/"), ("search_post", "post", "/laporan/")]:
        with CaptureQueriesContext(connections["default"]) as primary, \\
                CaptureQueriesContext(connections["replica"]) as copy:
            response = getattr(client, method)(path)
        out[name] = {"status": response.status_code, "primary": tables("default", primary),
                     "replica": tables("replica", copy)}
    print(json.dumps(out))
''')


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    base = tmp_path_factory.mktemp("replica")
    primary, copy = base / "primary.sqlite3", base / "replica.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{primary}", "DJANGO_SETTINGS_MODULE": "baruga.settings"}
    env.pop("DATABASE_REPLICA_URL", None)
    for command in (["migrate", "-v0"], ["seed_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    shutil.copy(primary, copy)
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, check=True, capture_output=True, text=True,
                          env={**env, "DATABASE_REPLICA_URL": f"sqlite:///{copy}"})
    import json

    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_public_list_and_the_statistics_read_report_data_from_the_replica(run):
    assert run["public_list"]["status"] == 200 and run["stats"]["status"] == 200
    assert "complaints_report" in run["public_list"]["replica"]
    assert "complaints_report" not in run["public_list"]["primary"]
    assert any(table.startswith("stats_") for table in run["stats"]["replica"])
    assert not any(table.startswith("stats_") for table in run["stats"]["primary"])


def test_pages_not_named_and_posts_stay_on_the_primary(run):
    assert run["home"]["replica"] == [] and "complaints_report" in run["home"]["primary"]
    assert run["search_post"]["replica"] == []


def test_without_a_replica_the_router_routes_nothing(rf):
    from baruga.complaints.models import Report

    assert not replica.available()
    router = replica.ReplicaRouter()
    token = replica._reading.set(True)
    try:
        assert router.db_for_read(Report) is None
    finally:
        replica._reading.reset(token)
    assert router.db_for_write(Report) == "default"


def test_sessions_and_accounts_are_never_read_from_the_replica(monkeypatch):
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    from baruga.complaints.models import Report

    monkeypatch.setattr(replica, "available", lambda: True)
    router = replica.ReplicaRouter()
    assert router.db_for_read(Report) is None  # not marked: the primary
    token = replica._reading.set(True)
    try:
        assert router.db_for_read(Report) == "replica"
        assert router.db_for_read(Session) is None and router.db_for_read(get_user_model()) is None
    finally:
        replica._reading.reset(token)
    assert router.allow_migrate("replica", "complaints") is False and router.allow_migrate("default", "complaints")
