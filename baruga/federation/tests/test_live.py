"""Federation between REAL Baruga server processes on loopback ports, each with its own database.

A province instance (P, hosts Kota Makassar), a regency instance (R, Kabupaten Gowa) and, for the
national hop, a national hub (N). Each runs `waitress` with `baruga.wsgi`; the test drives each
instance's deliverer (`manage.py federation_deliver`) and its business actions (live_script.py)
through subprocesses with that instance's DATABASE_URL. Databases are migrated once and copied
(SQLite file copy; PostgreSQL CREATE DATABASE … TEMPLATE) when DATABASE_URL points at PostgreSQL.
"""

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]
PY = sys.executable
PG_URL = os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""
SCRIPT = "from baruga.federation.tests import live_script; live_script.main()"

pytestmark = pytest.mark.slow


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Databases:
    """Where the instances' databases live: SQLite files in a folder, or databases on the PG server."""

    def __init__(self, folder):
        self.folder = folder
        self.prefix = f"fed_{os.getpid()}"
        self.created = []

    def url(self, name):
        if PG_URL:
            parsed = urlparse(PG_URL)
            return parsed._replace(path=f"/{self.prefix}_{name}").geturl()
        return f"sqlite:///{self.folder / (name + '.sqlite3')}"

    def _admin(self):
        import psycopg

        parsed = urlparse(PG_URL)
        return psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True)

    def create_template(self):
        if PG_URL:
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.prefix}_tpl"')
                conn.execute(f'CREATE DATABASE "{self.prefix}_tpl"')
            self.created.append(f"{self.prefix}_tpl")
        env = {**os.environ, "DATABASE_URL": self.url("tpl"), "LOG_LEVEL": "WARNING"}
        subprocess.run([PY, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)

    def copy(self, name):
        if PG_URL:
            with self._admin() as conn:
                conn.execute(f'CREATE DATABASE "{self.prefix}_{name}" TEMPLATE "{self.prefix}_tpl"')
            self.created.append(f"{self.prefix}_{name}")
        else:
            shutil.copy(self.folder / "tpl.sqlite3", self.folder / f"{name}.sqlite3")
        return self.url(name)

    def query(self, name, sql):
        if PG_URL:
            import psycopg

            with psycopg.connect(self.url(name), autocommit=True) as conn:
                return conn.execute(sql).fetchone()[0]
        with sqlite3.connect(self.folder / f"{name}.sqlite3", timeout=30) as conn:
            return conn.execute(sql).fetchone()[0]

    def drop_all(self):
        if PG_URL:
            with self._admin() as conn:
                for name in self.created:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Instance:
    def __init__(self, name, kind, databases, folder):
        self.name, self.kind, self.databases = name, kind, databases
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = databases.copy(name)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
            "DJANGO_SETTINGS_MODULE": "baruga.settings",
            "DATABASE_URL": self.database_url, "MEDIA_ROOT": str(folder / f"media-{name}"),
            "SITE_URL": self.url, "FEDERATION_INSTANCE_NAME": f"Baruga {name}",
            "BARUGA_DATA_KEYS": Fernet.generate_key().decode(),
            "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "FEDERATION_BACKOFF_BASE": "0.05", "FEDERATION_MAX_ATTEMPTS": "1000", "FEDERATION_BACKOFF_MAX": "0.5", "FEDERATION_TIMEOUT": "5",
            "LOG_LEVEL": "ERROR", "DEBUG": "0",
        }
        self.log = open(folder / f"{name}.log", "ab")
        self.server = None
        # One long-lived process of this instance answers the test's commands (live_script.serve): it
        # spares a Django start-up per command on this 2-core machine.
        self.agent = subprocess.Popen([PY, "-c", SCRIPT, "serve"], cwd=ROOT, env=self.env, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=self.log, text=True, bufsize=1)
        self.identity = self.script("setup", kind)

    def start(self):
        self.server = subprocess.Popen(
            [PY, "-m", "waitress", f"--listen=127.0.0.1:{self.port}", "--threads=4", "baruga.wsgi:application"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/federasi/kunci/", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"{self.name} did not start; see {self.log.name}")

    def kill(self):
        self.server.send_signal(signal.SIGKILL)
        self.server.wait(10)

    def stop(self):
        if self.agent.poll() is None:
            self.agent.stdin.close()
            self.agent.wait(20)
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(10)
            except subprocess.TimeoutExpired:
                self.server.kill()

    def run(self, *args, timeout=300, extra_env=None):
        done = subprocess.run([PY, *args], cwd=ROOT, env={**self.env, **(extra_env or {})}, capture_output=True,
                              text=True, timeout=timeout)
        assert done.returncode == 0, f"{args} on {self.name}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done.stdout

    def script(self, name, *args):
        self.agent.stdin.write(json.dumps([name, *args]) + "\n")
        self.agent.stdin.flush()
        for line in self.agent.stdout:
            if line.startswith("RESULT "):
                answer = json.loads(line[len("RESULT "):])
                assert "error" not in answer, f"{name}{args} on {self.name}: {answer}"
                return answer["ok"]
        raise AssertionError(f"the agent of {self.name} ended; see {self.log.name}")

    def manage(self, *args, **kwargs):
        return self.run("manage.py", *map(str, args), **kwargs)

    def deliver(self, seconds=120):
        return self.script("deliver", seconds)

    def deliverer(self):
        return subprocess.Popen([PY, "manage.py", "federation_deliver", "--loop", "0.1"], cwd=ROOT, env=self.env,
                                stdout=self.log, stderr=subprocess.STDOUT)

    def count(self, sql):
        return self.databases.query(self.name, sql)

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=10) as reply:
            return reply.read().decode()


def pair(offering, accepting):
    """Pair through each instance's own process (the management command is tested on P and R)."""
    answer = accepting.script("pair_accept", offering.url, offering.script("pair_offer"))
    assert "peer" in answer, answer
    return answer


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("federation-live")
    databases = Databases(folder)
    instances = []
    try:
        databases.create_template()
        p = Instance("p", "province", databases, folder)
        r = Instance("r", "regency", databases, folder)
        instances += [p, r]
        p.start()
        r.start()
        yield databases, p, r, folder, instances
    finally:
        for instance in instances:
            instance.stop()
        databases.drop_all()


def _links(dump, direction):
    return {l["ref"]: l for l in dump["links"] if l["direction"] == direction}


def test_pairing_and_transfers_both_ways_between_two_real_instances(world):
    databases, p, r, folder, _ = world
    out = p.manage("federation_pair", "--offer")
    code = out.rsplit(":", 1)[1].strip()
    out = r.manage("federation_pair", "--accept", p.url, code)
    assert "Baruga p" in out and "73→73" in out  # R's external province is served by P
    assert p.count("SELECT COUNT(*) FROM federation_peerjurisdiction") == 1  # P's external Gowa → R
    assert p.count("SELECT COUNT(*) FROM federation_peer") == r.count("SELECT COUNT(*) FROM federation_peer") == 1
    # A code is spent once.
    code = p.script("pair_offer")
    assert "peer" in r.script("pair_accept", p.url, code)
    assert "403" in r.script("pair_accept", p.url, code)["error"]
    assert "403" in r.script("pair_accept", p.url, code[:-2] + "xx")["error"]

    # P → R: a Makassar report the province finds is Gowa's.
    (p_id,) = p.script("file_transfer", 1, "73.71", "", "73.06")
    # R → P: a Gowa report about a provincial road.
    (r_id,) = r.script("file_transfer", 1, "73.06", "jalan-kota", "73")
    p.deliver()
    r.deliver()
    p.deliver()
    p_dump, r_dump = p.script("dump"), r.script("dump")
    assert p_dump["reports_by_state"] == {"web/transferred": 1, "federation/submitted": 1}
    assert r_dump["reports_by_state"] == {"web/transferred": 1, "federation/submitted": 1}
    out_link = _links(p_dump, "out")[next(iter(_links(p_dump, "out")))]
    in_link = _links(r_dump, "in")[out_link["ref"]]
    assert out_link["report"] == p_id and in_link["origin_tracking_id"] == p_id
    assert out_link["remote_tracking_id"] == in_link["report"] and out_link["remote_state"] == "submitted"

    # R works on P's report to the end; P shows it finished, the report itself stays TRANSFERRED.
    r.script("act", "verify,dispatch,respond,finish", in_link["report"])
    r.deliver()
    p_dump = p.script("dump")
    out_link = _links(p_dump, "out")[out_link["ref"]]
    assert out_link["remote_state"] == "finished" and out_link["last_sequence"] == 5
    assert p_dump["events"]["remote_update"] == 5  # received, verified, dispatched, responded, finished
    page = p.get(f"/lacak/{p_id}/")
    assert "Perkembangan di instansi tujuan" in page and "sudah diselesaikan oleh instansi tujuan" in page
    assert in_link["report"] in page
    # Every message each side wrote was received exactly once by the other.
    assert sorted(r_dump_ids := r.script("dump")["inbox_ids"]) == sorted(p.script("dump")["outbox_ids"])
    assert sorted(p.script("dump")["inbox_ids"]) == sorted(r.script("dump")["outbox_ids"])
    assert len(r_dump_ids) >= 1


def test_a_thousand_messages_survive_a_killed_receiver_duplicates_and_reordering(world, capsys):
    databases, p, r, folder, _ = world
    if not p.count("SELECT COUNT(*) FROM federation_peer"):
        pair(p, r)
    before_p, before_r = p.script("dump"), r.script("dump")
    transfers, moved = 400, 100
    started = time.monotonic()
    # A stream: P files and transfers while its deliverer sends and R's deliverer returns the receipts.
    deliverers = [p.deliverer(), r.deliverer()]
    filing = threading.Thread(target=p.script, args=("file_transfer", transfers, "73.71", "", "73.06"))
    filing.start()
    try:
        received = "SELECT COUNT(*) FROM federation_inboxmessage"
        base = r.count(received)
        deadline = time.monotonic() + 240
        while r.count(received) < base + transfers // 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        killed_at = r.count(received) - base
        r.kill()  # SIGKILL in the middle of the stream
        time.sleep(0.3)
        r.start()
        filing.join(240)
        filed = time.monotonic()
        pending = "SELECT COUNT(*) FROM federation_outboxmessage WHERE status != 'sent'"
        while (p.count(pending) or r.count(pending)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert p.count(pending) == 0 and r.count(pending) == 0, (
            "undelivered messages left", p.script("dump")["outbox"], r.script("dump")["outbox"], filing.is_alive())
    finally:
        for deliverer in deliverers:
            deliverer.terminate()
            deliverer.wait(10)
    delivered = time.monotonic()

    new_ids = [l["report"] for l in r.script("dump")["links"]
               if l["direction"] == "in" and l["ref"] not in _links(before_r, "in")]
    assert len(new_ids) == transfers
    r.script("act", "verify,dispatch", *new_ids[:moved])
    reordered = r.script("send_first", moved // 2)  # 50 "dispatched" updates overtake their "verified" ones
    assert reordered == {"applied": moved // 2}
    r.deliver()
    duplicates = {f"r:{k}": v for k, v in r.script("repost", 100).items()}
    duplicates.update({f"p:{k}": v for k, v in p.script("repost", 100).items()})
    finished = time.monotonic()

    p_dump, r_dump = p.script("dump"), r.script("dump")
    # Exactly once on each side: the ids one side wrote are the ids the other received, no more, no less.
    assert p_dump["outbox_ids"] == r_dump["inbox_ids"]
    assert r_dump["outbox_ids"] == p_dump["inbox_ids"]
    assert duplicates == {"r:duplicate": 100, "p:duplicate": 100}
    # Every report exists once on each side, linked both ways, at the state the receiver reached.
    p_out, r_in = _links(p_dump, "out"), _links(r_dump, "in")
    assert set(p_out) == set(r_in) and len(r_in) == len(_links(before_r, "in")) + transfers
    assert len([l for l in r_dump["links"] if l["direction"] == "in"]) == len(r_in)
    for ref, link in p_out.items():
        assert link["remote_tracking_id"] == r_in[ref]["report"]
        assert link["last_sequence"] >= 1
    states_at_p = {}
    for ref in (ref for ref, l in r_in.items() if l["report"] in new_ids):
        states_at_p[p_out[ref]["remote_state"]] = states_at_p.get(p_out[ref]["remote_state"], 0) + 1
    assert states_at_p == {"dispatched": moved, "submitted": transfers - moved}  # nothing moved backwards
    assert p_dump["inbox"].get("status/stale", 0) >= moved // 2  # the overtaken updates were kept
    messages = (len(p_dump["outbox_ids"]) - len(before_p["outbox_ids"])
                + len(r_dump["outbox_ids"]) - len(before_r["outbox_ids"]))
    assert messages >= 1000
    with capsys.disabled():
        print(f"\n[federation live] {messages} messages ({transfers} transfers P→R, {transfers} receipts and "
              f"{2 * moved} updates R→P); R SIGKILLed after {killed_at} transfers received; "
              f"filing+streaming {filed - started:.1f}s, drain {delivered - filed:.1f}s, "
              f"updates + {moved // 2} reordered + 200 duplicates {finished - delivered:.1f}s; "
              f"P inbox {p_dump['inbox']}, R inbox {r_dump['inbox']}")


def test_the_national_hop_through_three_instances(world):
    databases, p, r, folder, instances = world
    if not p.count("SELECT COUNT(*) FROM federation_peer"):
        pair(p, r)
    n = Instance("n", "national", databases, folder)
    instances.append(n)
    n.start()
    pair(n, p)
    assert p.script("unmap", "00") == 1  # so the province reaches the hub through its connector
    p.script("configure", {"NATIONAL_CONNECTOR": "baruga.federation.national.BarugaHubConnector",
                           "NATIONAL_HUB_PEER": "Baruga n", "NATIONAL_HUB_JURISDICTION": "00"})

    # Gowa (R) hands a report to the province (P), which passes it on to the national hub (N).
    (r_id,) = r.script("file_transfer", 1, "73.06", "jalan-kota", "73")
    r.deliver()
    p_dump = p.script("dump")
    (p_link,) = [l for l in p_dump["links"] if l["direction"] == "in" and l["origin_tracking_id"] == r_id]
    p.script("act", "verify,transfer:00", p_link["report"])
    p.deliver()
    n_dump = n.script("dump")
    (n_link,) = [l for l in n_dump["links"] if l["direction"] == "in"]
    assert n_link["origin_tracking_id"] == p_link["report"]
    n.script("act", "verify,dispatch,respond,finish", n_link["report"])
    n.deliver()
    p.deliver()
    r_dump = r.script("dump")
    (r_link,) = [l for l in r_dump["links"] if l["report"] == r_id]
    assert r_link["remote_state"] == "finished"  # the hub's result, seen at the regency two hops away
    page = r.get(f"/lacak/{r_id}/")
    assert "sudah diselesaikan oleh instansi tujuan" in page
    n_dump, p_dump = n.script("dump"), p.script("dump")
    assert n_dump["reports_by_state"] == {"federation/finished": 1}
    (p_out,) = [l for l in p_dump["links"] if l["direction"] == "out" and l["report"] == p_link["report"]]
    assert p_out["remote_state"] == "finished" and p_out["remote_tracking_id"] == n_link["report"]
    # Exactly once across the hop.
    assert sorted(n_dump["inbox_ids"]) == sorted(i for i in p_dump["outbox_ids"] if i in set(n_dump["inbox_ids"]))
    assert len(n_dump["inbox_ids"]) == len(set(n_dump["inbox_ids"]))
