#!/usr/bin/env python
"""The benchmark suite: Baruga at each size against a ceiling and a peer, one table at the end.

    .venv/bin/python bench/run.py --sizes 100000,1000000

For each size it
1. makes sure the datasets exist (bench/generate.py into `baruga_bench_<size>`, and the peer's
   bench/peer/generate_peer.py into `helpdesk_bench_<size>`; kept between runs, `--regenerate`
   makes them again) and migrates Baruga's (new indexes land there once);
2. copies Baruga's dataset to `baruga_bench_run` (CREATE DATABASE … TEMPLATE), so the writes of the
   load and the sweep never change the dataset;
3. serves Baruga with gunicorn (`--workers` processes × `--threads` threads, gthread) on PostgreSQL
   with `bench/baruga_bench_settings.py` (the production profile, rate limits off) and drives every
   scenario from a separate process (bench/load.py) over loopback: filing through the API and the
   HTML form, tracking, the OPD's and the jurisdiction admins' inboxes (first and a deep page, with
   filters), the dashboards, public full-text search; records each worker's peak RSS. The background
   worker (`manage.py worker`) runs during the filing scenarios, and after each the suite waits until
   the filings' deferred work is done (the drain time; the end-to-end rate counts it). Right after
   the filings, the durable-filing ceiling (bench/filing_ceiling: report, contact, clock and first
   history entry in one transaction, from a bare view on the same database) is served the same way;
4. times the deadline sweep (`manage.py sweep_clocks`) twice: the first over all open reports as
   generated (nothing marked yet), the second the steady state;
5. serves the ceiling (bench/baseline: one INSERT per request) and the peer (django-helpdesk from
   PyPI in bench/.peer-venv, its public form, its API and its staff ticket list) the same way.
Finally it prints one table (also written to bench/results/) with ratios to the ceiling and the peer.
"""

import argparse
import base64
import datetime as dt
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = ROOT / ".venv" / "bin" / "python"
PEER_VENV = BENCH / ".peer-venv"
PEER_PY = PEER_VENV / "bin" / "python"
PEER_REQUIREMENTS = ["django-helpdesk==2.6.1", "psycopg[binary]==3.3.9", "gunicorn==27.0.1"]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/7")
# Another copy of the suite on the same machine (a second checkout) sets these apart.
RUN_DB = os.environ.get("BENCH_RUN_DB", "baruga_bench_run")
BASELINE_DB = os.environ.get("BENCH_BASELINE_DB", "bench_baseline")
_PORT = int(os.environ.get("BENCH_PORT", "8101"))
PORTS = {"baruga": _PORT, "peer": _PORT + 1, "ceiling": _PORT + 2, "filing_ceiling": _PORT + 3}
DRAIN_TIMEOUT = 600  # seconds the worker gets to drain the filings' deferred work after the load
SECRET = "bench-only-secret-key-" + "k" * 40
SEARCH_TERMS = ["jalan berlubang", "sampah menumpuk", "lampu jalan padam", "KTP-el", "puskesmas", "banjir",
                "pungutan sekolah", "air PDAM tidak mengalir", "bantuan sosial", "parkir liar", "jembatan retak",
                "limbah sungai"]
TITLES = ["Jalan berlubang di Jl. Perintis Kemerdekaan", "Sampah menumpuk di pasar", "Lampu jalan padam",
          "Air PDAM tidak mengalir tiga hari", "Pungutan di SD negeri", "Antrean KTP-el sangat panjang"]
BODIES = ["Sudah dua minggu lubang di jalan ini makin besar dan membahayakan pengendara motor, terutama "
          "malam hari ketika lampu jalan padam. Mohon segera ditambal.",
          "Sampah di sekitar pasar tidak diangkut sejak pekan lalu sehingga baunya menyebar ke rumah warga "
          "dan selokan tersumbat. Mohon truk sampah dijadwalkan kembali.",
          "Air PDAM tidak mengalir sejak tiga hari lalu di kompleks kami; warga terpaksa membeli air galon "
          "untuk memasak. Mohon kejelasan kapan air kembali normal."]


def log(message):
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def label(size):
    return f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k"


def psql(sql, database="postgres", capture=False):
    result = subprocess.run(["psql", f"{PG}/{database}", "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True,
                            capture_output=capture, text=True)
    return result.stdout.strip() if capture else None


def database_exists(name):
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'", capture=True) == "1"


def meta_reports(database):
    if not database_exists(database):
        return None
    try:
        return int(psql("SELECT reports FROM bench_meta", database, capture=True) or 0)
    except subprocess.CalledProcessError:
        return None


def data_key():
    sys.path.insert(0, str(BENCH))
    from generate import data_key as key

    return key()


def audit_key():
    """The production profile requires an audit key; the bench's is derived from its data key."""
    digest = hashlib.sha256(b"baruga bench audit key\x00" + data_key().encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def baruga_env(database):
    return {**os.environ, "DATABASE_URL": f"{PG}/{database}", "DJANGO_SETTINGS_MODULE": "baruga_bench_settings",
            "PYTHONPATH": f"{ROOT}:{BENCH}", "SECRET_KEY": SECRET, "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BARUGA_DATA_KEYS": data_key(), "BARUGA_AUDIT_KEYS": audit_key(), "DB_CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            # Several worker processes share one cache, as docs/deploy.md requires (emptied before each run).
            "REDIS_URL": REDIS}


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS).flushdb()


def ensure_peer_venv():
    if PEER_PY.exists() and subprocess.run([PEER_PY, "-c", "import helpdesk, gunicorn, psycopg"],
                                           capture_output=True).returncode == 0:
        return
    log(f"creating {PEER_VENV} with {', '.join(PEER_REQUIREMENTS)}")
    subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    subprocess.run([PEER_PY, "-m", "pip", "install", "-q", *PEER_REQUIREMENTS], check=True)


# --- servers --------------------------------------------------------------------------------------

class Server:
    def __init__(self, name, python, app, env, pythonpath, args):
        self.name, self.port = name, PORTS[name]
        command = [str(python), "-m", "gunicorn", app, "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
                   "--keep-alive", "5", "--backlog", "256", "--timeout", "120", "--log-level", "warning", "--preload",
                   "--pythonpath", pythonpath]
        self.log = open(BENCH / ".data" / f"{name}-server.log", "a")
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def wait(self, path="/"):
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}",
                                                 headers={"X-Forwarded-Proto": "https"})
                with urllib.request.urlopen(request, timeout=30) as response:
                    if response.status < 500:
                        return
            except urllib.error.HTTPError as exc:
                if exc.code < 500:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} server exited; see bench/.data/{self.name}-server.log")
            time.sleep(0.5)
        raise SystemExit(f"{self.name} server did not answer")

    def worker_pids(self):
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def _proc_field_mb(self, filename, key):
        """One kB field of each worker's /proc file (`VmHWM:` of status, `Pss:` of smaps_rollup), in MB."""
        values = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/{filename}").read_text().splitlines():
                    if line.startswith(key):
                        values.append(int(line.split()[1]) / 1024)
            except OSError:
                pass
        return sorted(values)

    def peak_rss_mb(self):
        """Each worker's peak resident set (VmHWM), in MB."""
        return self._proc_field_mb("status", "VmHWM:")

    def pss_mb(self):
        """Each worker's proportional set size now (Pss: pages shared with the --preload master and the
        other workers counted by share), in MB: what a worker adds to the machine's memory."""
        return self._proc_field_mb("smaps_rollup", "Pss:")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def peak_rss_of(pid):
    """A process's peak resident set (VmHWM), in MB; None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class TaskWorker:
    """The background worker as production runs it (`manage.py worker`, as scripts/run.py starts it),
    on the run database, while the filing scenarios run: the deferred work of every filing (the
    outbox's deliveries, federation, whatever else the filing enqueues) is done during the run, on
    the same two cores, and `drain()` waits until none is left."""

    def __init__(self, env):
        self.env = env
        self.log = open(BENCH / ".data" / "worker.log", "w")
        self.process = subprocess.Popen([str(PY), str(ROOT / "manage.py"), "worker", "--no-reload",
                                         "--no-startup-delay", "--interval", "0.2"],
                                        env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.peak_rss = 0.0

    def backlog(self, since):
        """(tasks not finished, outbox messages not sent, federation messages not delivered, failed
        tasks) among those enqueued since `since` (a database timestamp)."""
        row = psql(f"""SELECT
            (SELECT count(*) FROM django_tasks_database_dbtaskresult
              WHERE enqueued_at >= '{since}' AND status IN ('READY', 'RUNNING')),
            (SELECT count(*) FROM notifications_outboxmessage
              WHERE created_at >= '{since}' AND status IN ('pending', 'sending', 'failed')),
            (SELECT count(*) FROM federation_outboxmessage
              WHERE created_at >= '{since}' AND status IN ('pending', 'sending', 'failed')),
            (SELECT count(*) FROM django_tasks_database_dbtaskresult
              WHERE enqueued_at >= '{since}' AND status = 'FAILED')""", RUN_DB, capture=True)
        return tuple(int(v) for v in row.split("|"))

    def drain(self, since, timeout=DRAIN_TIMEOUT):
        """Wait until everything enqueued since `since` is done; returns what the drain took."""
        started = time.perf_counter()
        first = self.backlog(since)
        while True:
            self.peak_rss = max(self.peak_rss, peak_rss_of(self.process.pid) or 0)
            left = self.backlog(since)
            if not any(left[:3]):
                break
            if self.process.poll() is not None:
                raise SystemExit("the worker exited; see bench/.data/worker.log")
            if time.perf_counter() - started > timeout:
                break
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        tasks = int(psql(f"SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE enqueued_at >= '{since}'",
                         RUN_DB, capture=True))
        return {"seconds": seconds, "drained": not any(left[:3]), "backlog_at_end_of_load": first[0],
                "outbox_at_end_of_load": first[1], "left": list(left[:3]), "tasks": tasks, "failed_tasks": left[3]}

    def stop(self):
        self.peak_rss = max(self.peak_rss, peak_rss_of(self.process.pid) or 0)
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def db_now(database):
    return psql("SELECT now()", database, capture=True)


def drive(name, spec, port, connections, args, *, warm_only=False):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    duration, warmup = (1, 0) if warm_only else (args.duration, args.warmup)
    try:
        out = subprocess.run([str(PY), str(BENCH / "load.py"), "--base", f"http://127.0.0.1:{port}",
                              "--spec", handle.name, "--connections", str(connections), "--duration",
                              str(duration), "--warmup", str(warmup)],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(handle.name)
    result = json.loads(out)
    if warm_only:
        return result
    result["connections"] = connections
    log(f"  {name:<28} {result['throughput']:8.1f}/s  p50 {fmt(result['p50'])}  p95 {fmt(result['p95'])}  "
        f"p99 {fmt(result['p99'])} ms  errors {result['errors']}")
    return result


def fmt(value, digits=1):
    return "–" if value is None else f"{value:.{digits}f}"


# --- the three systems ----------------------------------------------------------------------------

def report_bodies(data, rng, n=200):
    bodies = []
    for _i in range(n):
        location = rng.choice(data["locations"])
        category = rng.choice(data["categories"])
        bodies.append({"kind": "complaint", "title": rng.choice(TITLES), "body": rng.choice(BODIES),
                       "location_code": location["code"], "category_slug": category["slug"],
                       "contact_name": "Warga Bench", "contact_email": f"warga{rng.randint(1, 99999)}@contoh.id",
                       "location_id": location["id"], "category_id": category["id"],
                       "district_id": rng.choice(location["districts"]) if location["districts"] else None})
    return bodies


def baruga_scenarios(data, rng, args):
    bodies = report_bodies(data, rng)
    api = [{k: v for k, v in b.items() if k not in ("location_id", "category_id", "district_id")} for b in bodies]
    forms = [{"kind": b["kind"], "title": b["title"], "body": b["body"], "location": b["location_id"],
              "category": b["category_id"], "district": b["district_id"] or "", "address": "",
              "contact_name": b["contact_name"], "contact_email": b["contact_email"], "contact_phone": ""}
             for b in bodies]
    cookies = data["cookies"]
    roads = data["roads_category"]
    deep = data["inbox_cursors"]
    get = lambda paths, who=None, expect=(200,): {"kind": "get", "paths": paths, "cookie": cookies.get(who, ""),
                                                   "expect": list(expect)}
    w, r = args.write_connections, args.read_connections
    scenarios = [
        ("file: API", "write", {"kind": "post_json", "path": "/api/v1/reports", "bodies": api, "expect": [201]}, w),
        ("file: HTML form", "write", {"kind": "form", "form_path": "/lapor/", "forms": forms, "expect": [302]}, w),
        # Baruga's whole middleware stack and API layer around one trivial query: what any request costs.
        ("stack floor: GET /api/v1/health", "read", get(["/api/v1/health"]), w),
        ("track (public status)", "read", get([f"/lacak/{t}/" for t in data["tracking_ids"]]), r),
        ("inbox admin: first page", "read", get(["/petugas/"], "admin_mks"), r),
        ("inbox admin: filtered", "read", get([f"/petugas/?status=finished&category={roads}"], "admin_mks"), r),
        # Deep pages by cursor, as the inbox's pager links them (prepare.py finds the cursor of each start).
        ("inbox admin: page 200", "read", get([f"/petugas/?after={deep['admin_page_200']}"], "admin_mks"), r),
        ("inbox admin: filtered p.100", "read",
         get([f"/petugas/?status=finished&category={roads}&after={deep['admin_filtered_page_100']}"], "admin_mks"), r),
        ("inbox admin: overdue", "read", get(["/petugas/?view=overdue&sort=due"], "admin_mks"), r),
        ("inbox province admin", "read", get(["/petugas/"], "admin_prov"), r),
        ("inbox OPD: first page", "read", get(["/petugas/"], "opd_mks"), r),
        ("inbox OPD: filtered", "read", get(["/petugas/?status=finished"], "opd_mks"), r),
        ("inbox OPD: page 200", "read", get([f"/petugas/?after={deep['opd_page_200']}"], "opd_mks"), r),
        ("staff API inbox", "read", get(["/api/v1/staff/reports"], "admin_mks"), r),
        ("performance page", "read", get(["/petugas/kinerja/"], "admin_prov"), r),
    ]
    for path in data["dashboards"]:
        scenarios.append((f"dashboard {path}", "read", get([path], "leader_prov"), r))
    staff = data["staff_dashboards"]  # the staff dashboards, each opened by its own user (prepare.py)
    scenarios += [
        ("dashboard province (leader)", "read", get([staff["province"]], "leader_prov"), r),
        ("dashboard Makassar (admin)", "read", get([staff["region"]], "admin_mks"), r),
        ("dashboard OPD (sub-admin)", "read", get([staff["opd"]], "opd_mks"), r),
        ("dashboard province, category", "read", get([staff["province_category"]], "leader_prov"), r),
    ]
    scenarios += [
        ("public list", "read", get(["/laporan/"]), r),
        ("public search", "read", get([f"/laporan/?q={urllib.parse.quote(t)}" for t in SEARCH_TERMS]), r),
        ("public search p.5", "read", get([f"/laporan/?q={urllib.parse.quote(t)}&page=5" for t in SEARCH_TERMS[:6]]),
         r),
    ]
    return scenarios


def run_baruga(size, args, results):
    dataset = f"baruga_bench_{label(size)}"
    log(f"Baruga at {size}: copying {dataset} to {RUN_DB}")
    psql(f"DROP DATABASE IF EXISTS {RUN_DB} WITH (FORCE)")
    started = time.perf_counter()
    psql(f"CREATE DATABASE {RUN_DB} TEMPLATE {dataset} STRATEGY FILE_COPY")
    log(f"  copied in {time.perf_counter() - started:.0f}s")
    env = baruga_env(RUN_DB)
    flush_redis()
    data = json.loads(subprocess.run([str(PY), str(BENCH / "prepare.py")], env=env, check=True,
                                     capture_output=True, text=True).stdout)
    results["meta"] = data["meta"]
    server = Server("baruga", PY, "baruga.wsgi:application", env, str(BENCH), args)
    try:
        server.wait("/laporan/")
        rng = random.Random(size)
        scenarios = [s for s in baruga_scenarios(data, rng, args)
                     if not args.only or any(word in s[0] for word in args.only.split(","))]
        filing = [s for s in scenarios if s[0].startswith("file:")]
        worker = TaskWorker(env) if filing else None
        warm_since = db_now(RUN_DB)
        try:
            # Every worker loads its templates and URLconf and opens its connection before anything is measured.
            for name, group, spec, connections in scenarios:
                if name != "performance page":
                    drive(name, spec, server.port, args.workers * args.threads, args, warm_only=True)
            if worker:  # the warm-up's filings are done before the first measurement
                worker.drain(warm_since)
            for name, group, spec, connections in scenarios:
                since = db_now(RUN_DB) if worker and name.startswith("file:") else None
                results["scenarios"][name] = result = drive(name, spec, server.port, connections, args)
                if since:
                    result["drain"] = drain = worker.drain(since)
                    # End to end: every report filed since the scenario began (its warm-up too, whose
                    # deferred work the drain also waited for) over the load's seconds plus the drain's.
                    result["filed"] = int(psql(f"SELECT count(*) FROM complaints_report WHERE created_at >= '{since}'",
                                               RUN_DB, capture=True))
                    result["end_to_end"] = result["filed"] / (args.warmup + args.duration + drain["seconds"])
                    log(f"    {result['filed']} reports filed; drained in {drain['seconds']:.1f}s ({drain['tasks']} tasks, "
                        f"{drain['backlog_at_end_of_load']} waiting when the load stopped, "
                        f"{drain['failed_tasks']} failed{'' if drain['drained'] else ', NOT DRAINED'}); "
                        f"end to end {result['end_to_end']:.1f}/s")
                if worker and name == filing[-1][0]:
                    worker.stop()
                    results["rss"]["worker"] = [worker.peak_rss]
                    worker = None
                    # Right after the filings, so that both meet the same load on a shared machine.
                    run_filing_ceiling(env, args, results, data)
        finally:
            if worker:
                worker.stop()
        results["rss"]["baruga"] = server.peak_rss_mb()
        results["pss"] = {"baruga": server.pss_mb()}
    finally:
        server.stop()
    if not args.skip_sweep:
        sweep(env, results)
    psql(f"DROP DATABASE IF EXISTS {RUN_DB} WITH (FORCE)")


def sweep(env, results):
    counts = psql("SELECT count(*) FILTER (WHERE state IN ('submitted','needs_info','verified','dispatched',"
                  "'in_progress','responded','deferred')), (SELECT count(*) FROM clocks_clock WHERE stopped_at IS NULL) "
                  "FROM complaints_report", RUN_DB, capture=True).split("|")
    results["open_reports"], results["running_clocks"] = int(counts[0]), int(counts[1])
    for run in ("first", "second"):
        started = time.perf_counter()
        out = subprocess.run([str(PY), str(ROOT / "manage.py"), "sweep_clocks"], env=env, check=True,
                             capture_output=True, text=True).stdout.strip()
        seconds = time.perf_counter() - started
        results[f"sweep_{run}"] = {"seconds": seconds, "output": out.splitlines()[-1] if out else ""}
        log(f"  sweep ({run}) over {counts[0]} open reports: {seconds:.1f}s  {out.splitlines()[-1] if out else ''}")


PEER_SESSION = """
import json, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from helpdesk.models import Queue
user = User.objects.get(username="peer.admin")
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(json.dumps({"session": store.session_key, "queues": list(Queue.objects.values_list("pk", flat=True)),
                  "public_queue": Queue.objects.get(slug="laporan").pk}))
"""


def run_peer(size, args, results):
    database = f"helpdesk_bench_{label(size)}"
    env = {**os.environ, "DATABASE_URL": f"{PG}/{database}", "DJANGO_SETTINGS_MODULE": "peer_settings",
           "PYTHONPATH": str(BENCH / "peer"), "DB_CONN_MAX_AGE": "60"}
    info = json.loads(subprocess.run([str(PEER_PY), "-c", PEER_SESSION], env=env, check=True, capture_output=True,
                                     text=True).stdout)
    csrf = uuid.uuid4().hex
    cookie = f"sessionid={info['session']}; csrftoken={csrf}"
    rng = random.Random(size)
    forms = [{"queue": info["public_queue"], "title": rng.choice(TITLES), "body": rng.choice(BODIES),
              "priority": 3, "submitter_email": f"warga{rng.randint(1, 99999)}@contoh.id", "due_date": ""}
             for _i in range(100)]
    api = [{"queue": rng.choice(info["queues"]), "title": f["title"], "description": f["body"], "priority": 3,
            "submitter_email": f["submitter_email"]} for f in forms]

    def query(filtering):
        return base64.b64encode(json.dumps({"filtering": filtering, "sorting": "created", "search_string": "",
                                            "sortreverse": True}).encode()).decode()

    default, everything = query({"status__in": [1, 2]}), query({})
    w, r = args.write_connections, args.read_connections
    scenarios = [
        ("peer file: API", {"kind": "post_json", "path": "/helpdesk/api/tickets/", "bodies": api, "csrf": True,
                            "cookie": cookie, "expect": [201]}, w),
        ("peer file: HTML form", {"kind": "form", "form_path": "/helpdesk/tickets/submit/", "forms": forms,
                                  "expect": [302]}, w),
        ("peer list: page", {"kind": "get", "paths": ["/helpdesk/tickets/"], "cookie": cookie}, r),
        ("peer list: first page", {"kind": "get", "cookie": cookie, "paths": [
            f"/helpdesk/datatables_ticket_list/{default}?draw=1&start=0&length=25"]}, r),
        ("peer list: all, page 200", {"kind": "get", "cookie": cookie, "paths": [
            f"/helpdesk/datatables_ticket_list/{everything}?draw=1&start=4975&length=25"]}, r),
    ]
    server = Server("peer", PEER_PY, "django.core.wsgi:get_wsgi_application()", env, str(BENCH / "peer"), args)
    try:
        server.wait("/helpdesk/tickets/submit/")
        scenarios = [s for s in scenarios if not args.only or any(word in s[0] for word in args.only.split(","))]
        for name, spec, connections in scenarios:
            if "page 200" not in name:
                drive(name, spec, server.port, args.workers * args.threads, args, warm_only=True)
        for name, spec, connections in scenarios:
            results["scenarios"][name] = drive(name, spec, server.port, connections, args)
        results["rss"]["peer"] = server.peak_rss_mb()
    finally:
        server.stop()


def run_filing_ceiling(env, args, results, data):
    """The durable-filing ceiling (bench/filing_ceiling): Baruga's four rows of a filing in one
    transaction from a bare view, on the run database, with the API scenario's bodies, served like Baruga."""
    bodies = [{k: v for k, v in b.items() if k not in ("location_id", "category_id", "district_id")}
              for b in report_bodies(data, random.Random(len(data["tracking_ids"])))]
    server = Server("filing_ceiling", PY, "baruga.wsgi:application",
                    {**env, "DJANGO_SETTINGS_MODULE": "filing_ceiling.settings"}, str(BENCH), args)
    spec = {"kind": "post_json", "path": "/file/", "bodies": bodies, "expect": [201]}
    try:
        server.wait("/file/")
        drive("filing ceiling", spec, server.port, args.workers * args.threads, args, warm_only=True)
        results["scenarios"]["ceiling: durable filing"] = drive("ceiling: durable filing", spec, server.port,
                                                                args.write_connections, args)
        results["rss"]["filing ceiling"] = server.peak_rss_mb()
    finally:
        server.stop()


def run_ceiling(args, results):
    env = {**os.environ, "DATABASE_URL": f"{PG}/{BASELINE_DB}", "DJANGO_SETTINGS_MODULE": "baseline_settings",
           "PYTHONPATH": str(BENCH / "baseline"), "DB_CONN_MAX_AGE": "60"}
    server = Server("ceiling", PY, "django.core.wsgi:get_wsgi_application()", env, str(BENCH / "baseline"), args)
    bodies = [{"title": t, "body": b} for t in TITLES for b in BODIES]
    try:
        server.wait("/insert/")
        spec = {"kind": "post_json", "path": "/insert/", "bodies": bodies, "expect": [201]}
        drive("ceiling", spec, server.port, args.workers * args.threads, args, warm_only=True)
        results["scenarios"]["ceiling: insert one row"] = drive(
            "ceiling: insert one row", {"kind": "post_json", "path": "/insert/", "bodies": bodies, "expect": [201]},
            server.port, args.write_connections, args)
        results["rss"]["ceiling"] = server.peak_rss_mb()
    finally:
        server.stop()


# --- setup and the table ----------------------------------------------------------------------------

def ensure_datasets(size, args, timings):
    dataset, peer = f"baruga_bench_{label(size)}", f"helpdesk_bench_{label(size)}"
    if args.regenerate or meta_reports(dataset) != size:
        started = time.perf_counter()
        subprocess.run([str(PY), str(BENCH / "generate.py"), "--reports", str(size), "--database", dataset],
                       check=True)
        timings[f"generate {label(size)}"] = time.perf_counter() - started
    log(f"migrating {dataset} (a no-op unless migrations were added since it was generated)")
    migrated = subprocess.run([str(PY), str(ROOT / "manage.py"), "migrate", "-v0"], env=baruga_env(dataset),
                              capture_output=True, text=True)
    if migrated.returncode != 0:  # e.g. another app's migration in progress: measure what there is
        log(f"  migrate FAILED, going on: {(migrated.stderr.strip().splitlines() or ['?'])[-1]}")
    refresh_stats(dataset, timings)
    if not args.skip_peer and (args.regenerate or meta_reports(peer) != size):
        started = time.perf_counter()
        subprocess.run([str(PEER_PY), str(BENCH / "peer" / "generate_peer.py"), "--tickets", str(size),
                        "--database", peer], check=True)
        timings[f"generate peer {label(size)}"] = time.perf_counter() - started


def stats_state(database):
    """The stats app's migrations and rollup code: when they change, the rollups must be rebuilt."""
    import hashlib

    rollups = ROOT / "baruga" / "stats" / "rollups.py"
    code = hashlib.sha256(rollups.read_bytes()).hexdigest()[:16] if rollups.exists() else "-"
    names = psql("SELECT coalesce(string_agg(name, ',' ORDER BY name), '') FROM django_migrations "
                 "WHERE app = 'stats'", database, capture=True)
    return f"{code}:{names}"


def refresh_stats(database, timings):
    """`manage.py rebuild_stats` again when the stats app changed since the dataset's rollups were built."""
    if not (ROOT / "baruga" / "stats" / "management" / "commands" / "rebuild_stats.py").exists():
        return
    psql("CREATE TABLE IF NOT EXISTS bench_stats (state text)", database)
    state = stats_state(database)
    if psql("SELECT state FROM bench_stats", database, capture=True) == state:
        return
    log(f"the stats app changed since {database}'s rollups were built: rebuild_stats")
    started = time.perf_counter()
    done = subprocess.run([str(PY), str(ROOT / "manage.py"), "rebuild_stats"], env=baruga_env(database),
                          capture_output=True, text=True)
    if done.returncode != 0:
        log(f"  rebuild_stats FAILED (dashboards are measured on the rollups as they are): "
            f"{(done.stderr.strip().splitlines() or ['?'])[-1]}")
        return
    timings[f"rebuild_stats {database}"] = time.perf_counter() - started
    psql(f"DELETE FROM bench_stats; INSERT INTO bench_stats VALUES ('{state}')", database)


def prepare_shared(args):
    (BENCH / ".data").mkdir(exist_ok=True)
    if not args.skip_peer:
        ensure_peer_venv()
    psql(f"DROP DATABASE IF EXISTS {BASELINE_DB} WITH (FORCE)")
    psql(f"CREATE DATABASE {BASELINE_DB}")
    env = {**os.environ, "DATABASE_URL": f"{PG}/{BASELINE_DB}", "DJANGO_SETTINGS_MODULE": "baseline_settings",
           "PYTHONPATH": str(BENCH / "baseline")}
    subprocess.run([str(PY), "-m", "django", "migrate", "-v0"], env=env, check=True, cwd=BENCH / "baseline")
    subprocess.run([str(PY), str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
                   env=baruga_env("postgres"), check=True)


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    mem = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))) / 1024 / 1024
    pg = psql("SHOW server_version", capture=True)
    settings = psql("SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ') FROM pg_settings "
                    "WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_connections')",
                    capture=True)
    return f"{os.cpu_count()} × {cpu}, {mem:.0f} GB RAM; PostgreSQL {pg} ({settings}); Python {sys.version.split()[0]}"


READ_GOAL_MS = 100
FILING_GOALS = {"file: API": 0.5, "file: HTML form": 0.35}  # shares of the durable-filing ceiling
PEER_GOAL = 3  # filing: times django-helpdesk's
RSS_GOAL_MB = 100


def end_to_end(res):
    """A filing scenario's rate counting the drain of its deferred work, when the worker ran."""
    if "end_to_end" in res:
        return res["end_to_end"], "end to end"
    return res["throughput"], "(no worker)"


def table(all_results, sizes, args):
    """One Markdown table: each scenario at each size, plus growth and the ratios the goals speak of."""
    first, last = label(sizes[0]), label(sizes[-1])
    names = []
    for size in sizes:
        for name in all_results[label(size)]["scenarios"]:
            if name not in names:
                names.append(name)
    header = ["scenario"]
    for size in sizes:
        header += [f"{label(size)} ops/s", f"{label(size)} p50", f"{label(size)} p95", f"{label(size)} p99"]
    header += [f"p95 {last}/{first}" if len(sizes) > 1 else "", "compared"]
    lines = ["| " + " | ".join(h for h in header) + " |", "|" + "---|" * len(header)]
    for name in names:
        row = [name]
        for size in sizes:
            res = all_results[label(size)]["scenarios"].get(name)
            if res is None:
                row += ["–"] * 4
                continue
            errors = f" ({res['errors']} err)" if res["errors"] else ""
            row += [f"{res['throughput']:.1f}{errors}", fmt(res["p50"]), fmt(res["p95"]), fmt(res["p99"])]
        growth = ""
        a = all_results[first]["scenarios"].get(name)
        b = all_results[last]["scenarios"].get(name)
        if len(sizes) > 1 and a and b and a["p95"] and b["p95"]:
            growth = f"{b['p95'] / a['p95']:.2f}×"
        row.append(growth)
        row.append(compare(name, all_results[last]["scenarios"]))
        lines.append("| " + " | ".join(row) + " |")
    for size in sizes:
        res = all_results[label(size)]
        rss = res["rss"]
        parts = []
        for system in ("baruga", "worker", "peer", "ceiling", "filing ceiling"):
            if rss.get(system):
                parts.append(f"{system} {max(rss[system]):.0f} MB (workers {', '.join(f'{v:.0f}' for v in rss[system])})")
        lines.append(f"\nAt {label(size)}: peak RSS per worker: {'; '.join(parts)}.")
        if res.get("pss", {}).get("baruga"):
            lines.append(f"Baruga's web workers' proportional set size (Pss) at the end: "
                         f"{', '.join(f'{v:.0f}' for v in res['pss']['baruga'])} MB.")
        if "sweep_first" in res:
            lines.append(f"Sweep over {res['open_reports']} open reports ({res['running_clocks']} running clocks): "
                         f"first {res['sweep_first']['seconds']:.1f}s [{res['sweep_first']['output']}], "
                         f"second {res['sweep_second']['seconds']:.1f}s [{res['sweep_second']['output']}].")
        meta = res.get("meta")
        if meta:
            lines.append(f"Dataset: {meta['rows']}; generated in {meta['seconds']:.0f}s on {meta['generated_at'][:16]}; "
                         f"states: {meta['states']}.")
    lines.append("\n" + goals(all_results, sizes))
    return "\n".join(lines)


def goals(all_results, sizes):
    """The issue's goals, each with the measured figure and whether it is met."""
    first, last = label(sizes[0]), label(sizes[-1])
    big, small = all_results[last]["scenarios"], all_results[first]["scenarios"]
    out = [f"Goals (at {last}; growth against {first}):"]

    def mark(ok):
        return "met" if ok else "NOT met"

    durable, peer = big.get("ceiling: durable filing"), {k: v for k, v in big.items() if k.startswith("peer file")}
    for name, share in (("file: API", FILING_GOALS["file: API"]), ("file: HTML form", FILING_GOALS["file: HTML form"])):
        res = big.get(name)
        if res is None:
            continue
        rate, how = end_to_end(res)
        if durable and durable["throughput"]:
            ratio = rate / durable["throughput"]
            out.append(f"- {name}: {rate:.1f}/s {how}, {100 * ratio:.0f}% of the durable-filing ceiling "
                       f"({durable['throughput']:.1f}/s; goal ≥ {100 * share:.0f}%): {mark(ratio >= share)}")
        other = peer.get("peer " + name)
        if other and other["throughput"]:
            times = rate / other["throughput"]
            out.append(f"- {name}: {times:.2f}× the peer's {other['throughput']:.1f}/s (goal ≥ {PEER_GOAL:g}×): "
                       f"{mark(times >= PEER_GOAL)}")
        drain = res.get("drain")
        if drain:
            out.append(f"  deferred work drained in {drain['seconds']:.1f} s after the load "
                       f"({drain['tasks']} tasks, {drain['failed_tasks']} failed): {mark(drain['drained'])}")
    for name, res in big.items():
        if not (name.startswith(("inbox", "dashboard", "track", "staff API", "performance", "public"))):
            continue
        if res["p95"] is None:
            out.append(f"- {name}: no request finished: NOT met")
            continue
        growth = ""
        ok = res["p95"] <= READ_GOAL_MS
        if len(sizes) > 1 and small.get(name) and small[name]["p95"]:
            g = res["p95"] / small[name]["p95"]
            growth = f", {g:.2f}× the {first} figure (goal ≤ 1.5×)"
            ok = ok and g <= 1.5
        out.append(f"- {name}: p95 {res['p95']:.0f} ms (goal ≤ {READ_GOAL_MS}){growth}: {mark(ok)}")
    rss = all_results[last]["rss"].get("baruga")
    if rss:
        out.append(f"- peak RSS per web worker: {max(rss):.0f} MB (goal ≤ {RSS_GOAL_MB} MB): {mark(max(rss) <= RSS_GOAL_MB)}")
    sweep = all_results[last].get("sweep_first")
    if sweep:
        out.append(f"- first sweep over all open reports: {sweep['seconds']:.0f} s wall (goal: seconds, not minutes): "
                   f"{mark(sweep['seconds'] < 60)}")
    return "\n".join(out)


def compare(name, scenarios):
    ceiling = scenarios.get("ceiling: insert one row")
    pairs = {"file: API": "peer file: API", "file: HTML form": "peer file: HTML form",
             "inbox admin: first page": "peer list: first page", "inbox admin: page 200": "peer list: all, page 200"}
    res = scenarios.get(name)
    if res is None or not res["operations"]:
        return ""
    parts = []
    durable = scenarios.get("ceiling: durable filing")
    rate = end_to_end(res)[0] if name.startswith("file:") else res["throughput"]
    if name.startswith("file:") and "drain" in res:
        parts.append(f"end to end {rate:.1f}/s (drain {res['drain']['seconds']:.1f} s)")
    if name.startswith("file:") and durable and durable["throughput"]:
        parts.append(f"{100 * rate / durable['throughput']:.0f}% of durable ceiling")
    if (name.startswith(("file:", "stack floor", "ceiling: durable"))) and ceiling and ceiling["throughput"]:
        parts.append(f"{100 * rate / ceiling['throughput']:.0f}% of 1-row ceiling")
    peer = scenarios.get(pairs.get(name, ""))
    if peer and peer["operations"]:
        if name.startswith("file:"):
            parts.append(f"{rate / peer['throughput']:.2f}× peer throughput")
        else:
            parts.append(f"p95 {res['p95'] / peer['p95']:.2f}× peer's")
    return "; ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated report counts")
    parser.add_argument("--duration", type=float, default=15, help="seconds measured per scenario")
    parser.add_argument("--warmup", type=float, default=3, help="seconds before measuring")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (gthread, default 2)")
    parser.add_argument("--write-connections", type=int, default=8, help="connections for filing (default 8)")
    parser.add_argument("--read-connections", type=int, default=2, help="connections for pages (default 2)")
    parser.add_argument("--regenerate", action="store_true", help="generate the datasets again")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--skip-sweep", action="store_true")
    parser.add_argument("--only", help="only scenarios whose name contains one of these words (comma-separated)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()
    timings = {}
    prepare_shared(args)
    all_results = {}
    for size in sizes:
        ensure_datasets(size, args, timings)
    for size in sizes:
        results = {"scenarios": {}, "rss": {}}
        all_results[label(size)] = results
        run_baruga(size, args, results)
        if not args.skip_peer:
            run_peer(size, args, results)
        run_ceiling(args, results)
    total = time.perf_counter() - started
    text = (f"Machine: {machine()}\n"
            f"Servers: gunicorn {args.workers} workers × {args.threads} threads (gthread) each; load from a separate "
            f"process over loopback, {args.write_connections} connections for filing, {args.read_connections} for "
            f"pages; Baruga with its cache in Redis (REDIS_URL, as in production); {args.warmup:g}s warm-up + "
            f"{args.duration:g}s measured per scenario; latencies in ms.\n"
            f"Command: .venv/bin/python bench/run.py {' '.join(sys.argv[1:])} — total {total / 60:.1f} min"
            + (f" (of which generation: {', '.join(f'{k} {v:.0f}s' for k, v in timings.items())})" if timings else "")
            + "\n\n" + table(all_results, sizes, args))
    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (out / f"{stamp}.md").write_text(text + "\n")
    (out / f"{stamp}.json").write_text(json.dumps({"results": all_results, "timings": timings, "total": total,
                                                    "argv": sys.argv[1:]}, indent=1))
    print("\n" + text)


if __name__ == "__main__":
    main()
