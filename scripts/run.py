#!/usr/bin/env python
"""Start Baruga on the embedded default: migrate, load demo data once, run web server, worker and sweep.

The sweep (`sweep_clocks --loop 60`) enqueues the clock sweep every minute; the worker runs it.
The worker (`manage.py worker`, django-tasks-db's `db_worker` made to outlive a lost database
connection), the sweep's timer and the federation deliverer reconnect by themselves, so a child
that still ends is a real fault: everything stops, loudly, rather than run half a product.

Ctrl-C stops them all. Used by `make run`.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def manage(*args, check=True):
    return subprocess.run([PY, str(ROOT / "manage.py"), *args], cwd=ROOT, check=check)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baruga.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SITE_URL", f"http://{args.host}:{args.port}")
    (ROOT / "var").mkdir(exist_ok=True)
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo")  # idempotent: loads demo data on the first start only
    manage("seed_satudata_demo")  # idempotent too: the Satu Data portal's demo datasets (docs/satudata.md)

    children = [
        subprocess.Popen([PY, "manage.py", "worker", "--no-reload"], cwd=ROOT),
        subprocess.Popen([PY, "manage.py", "sweep_clocks", "--loop", "60"], cwd=ROOT),
        # Federation with other Baruga instances: deliver signed messages in order (docs/federation.md).
        subprocess.Popen([PY, "manage.py", "federation_deliver", "--loop", "5"], cwd=ROOT),
        subprocess.Popen([PY, "manage.py", "runserver", "--noreload", f"{args.host}:{args.port}"], cwd=ROOT),
    ]
    print(f"\nBaruga berjalan di http://{args.host}:{args.port}/  (admin: /admin/, API: /api/v1/docs)")
    print("Tekan Ctrl-C untuk berhenti.\n", flush=True)

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while all(child.poll() is None for child in children):
        time.sleep(1)
    print("Salah satu proses berhenti; menghentikan yang lain.", file=sys.stderr)
    stop()


if __name__ == "__main__":
    main()
