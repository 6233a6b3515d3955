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


AUDIT_KEY = "y5YtLq0d3Jw0Zb1bQ2nCq9m3yV6G8oVwE1xK4a7sR2c="


def _production(tmp_path, **env):
    return {"SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "baruga.sulselprov.go.id",
            "BARUGA_DATA_KEYS": "tKtz2yXOa2nBV6JK-XfP7P5aF8o2ABYQ4y1cS4Q2v1Y=", "BARUGA_AUDIT_KEYS": AUDIT_KEY,
            "AUDIT_ANCHOR_FILE": str(tmp_path / "audit-anchors.jsonl"), "SITE_URL": "https://baruga.sulselprov.go.id",
            **env}


def test_the_production_profile_passes_check_deploy_without_warnings(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **_production(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_production_profile_warns_when_site_url_is_not_set(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **_production(tmp_path, SITE_URL=""))
    assert result.returncode != 0
    assert "security.W002" in result.stderr and "SITE_URL" in result.stderr


def test_the_production_profile_refuses_a_missing_audit_key(tmp_path):
    result = _manage("check", **_production(tmp_path, BARUGA_AUDIT_KEYS=""))
    assert result.returncode != 0
    assert "BARUGA_AUDIT_KEYS or BARUGA_AUDIT_KEY_FILE must be set" in result.stderr


def test_the_production_profile_refuses_a_malformed_audit_key(tmp_path):
    result = _manage("check", **_production(tmp_path, BARUGA_AUDIT_KEYS="terlalu-pendek"))
    assert result.returncode != 0
    assert "audit.E001" in result.stderr and "BARUGA_AUDIT_KEYS: kunci ke-1" in result.stderr


def test_the_production_profile_needs_the_anchor_file_when_the_file_anchor_is_on(tmp_path):
    result = _manage("check", "--deploy", **_production(tmp_path, AUDIT_ANCHOR_FILE=""))
    assert result.returncode != 0
    assert "audit.E003" in result.stderr
    result = _manage("check", "--deploy", "--fail-level", "WARNING",
                     **_production(tmp_path, AUDIT_ANCHOR_FILE="", AUDIT_ANCHORS="email"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_production_profile_refuses_an_anchor_file_in_a_missing_directory(tmp_path):
    result = _manage("check", **_production(tmp_path, AUDIT_ANCHOR_FILE=str(tmp_path / "tidak-ada" / "a.jsonl")))
    assert result.returncode != 0
    assert "audit.E004" in result.stderr


def test_the_production_profile_refuses_a_missing_secret_key():
    result = _manage("check", SECRET_KEY="", ALLOWED_HOSTS="baruga.sulselprov.go.id")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
