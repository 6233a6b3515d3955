"""The production profile passes Django's deployment checks and refuses to start misconfigured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    # The browser tests allow the ORM in Playwright's event loop for the whole session; a deployment never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {**inherited, "DJANGO_SETTINGS_MODULE": "baruga.settings_production", **env}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True,
                          text=True, timeout=120)


def test_the_production_profile_passes_check_deploy_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING",
                     SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="baruga.sulselprov.go.id",
                     BARUGA_DATA_KEYS="tKtz2yXOa2nBV6JK-XfP7P5aF8o2ABYQ4y1cS4Q2v1Y=")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_production_profile_refuses_a_missing_secret_key():
    result = _manage("check", SECRET_KEY="", ALLOWED_HOSTS="baruga.sulselprov.go.id")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
