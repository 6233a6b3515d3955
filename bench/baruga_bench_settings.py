"""Baruga under load in bench/run.py: the production profile with the bench's only two changes.

1. Rate limits are OFF (BENCH: every request of the load generator comes from 127.0.0.1, so the
   per-address limits of filing and tracking would answer 429 after ten reports an hour).
2. Static files are collected into bench/.data/static instead of var/static.

Everything else is `baruga.settings_production`: DEBUG off, HTTPS-only cookies behind a proxy that
sets X-Forwarded-Proto (the load generator sends it), manifest static files, encrypted personal data
(BARUGA_DATA_KEYS from bench/.data/data_key), persistent database connections (DB_CONN_MAX_AGE).
"""

from pathlib import Path

from baruga.settings_production import *  # noqa: F401,F403
from baruga.settings_production import RATE_LIMITS

RATE_LIMITS = {group: "" for group in RATE_LIMITS}  # BENCH ONLY: an empty rate means "no limit"
STATIC_ROOT = Path(__file__).resolve().parent / ".data" / "static"
