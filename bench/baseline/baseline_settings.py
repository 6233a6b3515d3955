"""The ceiling: the least a Django view can do to store a report — parse a JSON body, INSERT one row.

Same Django, interpreter, gunicorn settings and PostgreSQL server as Baruga in bench/run.py, on its own
database (bench_baseline). DEBUG off, persistent connections, Django's default middleware stack.
"""

import os
from urllib.parse import urlparse

DEBUG = False
SECRET_KEY = "baseline-bench-only-" + "x" * 40
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
_db = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_baseline"))
DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql", "NAME": _db.path.lstrip("/"), "USER": _db.username or "postgres",
    "PASSWORD": _db.password or "", "HOST": _db.hostname or "127.0.0.1", "PORT": _db.port or 5432,
    "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "60")),
}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions", "ceiling"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "ceiling.urls"
USE_TZ = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
