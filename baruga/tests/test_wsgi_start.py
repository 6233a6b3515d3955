"""What `baruga/wsgi.py` does at start. Under gunicorn --preload it runs in the master, before the fork:
whatever it opens is shared by every worker, so it must open no database connection."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import gc
import baruga.wsgi
from django.db import connections
from django.urls import get_resolver
print("connections opened:", sorted(alias for alias in connections if connections[alias].connection is not None))
print("urlconf loaded:", bool(get_resolver().__dict__.get("_populated")))
print("frozen:", gc.get_freeze_count() > 50000)
"""


def test_loading_the_wsgi_application_loads_the_urls_freezes_them_and_opens_no_connection(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'start.sqlite3'}")
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["connections opened: []", "urlconf loaded: True", "frozen: True"]
