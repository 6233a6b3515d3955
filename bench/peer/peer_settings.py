"""Settings of the peer: django-helpdesk (PyPI) on its own PostgreSQL database, production-like.

Only for bench/run.py: installed in bench/.peer-venv, never in Baruga's requirements. DEBUG off,
persistent database connections, database sessions like Baruga's, e-mail rendered but not sent
(the dummy backend; Baruga only queues its e-mails in the outbox during a request).
"""

import os
from urllib.parse import urlparse

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "peer-bench-only-" + "x" * 40)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_ID = 1
_db = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helpdesk_bench"))
DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql", "NAME": _db.path.lstrip("/"), "USER": _db.username or "postgres",
    "PASSWORD": _db.password or "", "HOST": _db.hostname or "127.0.0.1", "PORT": _db.port or 5432,
    "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "60")),
}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles", "django.contrib.sites", "django.contrib.humanize",
    "rest_framework", "helpdesk",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "peer_urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.debug", "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth", "django.contrib.messages.context_processors.messages",
    ]},
}]
STATIC_URL = "/static/"
USE_TZ = True
TIME_ZONE = "Asia/Makassar"
LANGUAGE_CODE = "id"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@bench.invalid"
LOGIN_URL = "/login/"
HELPDESK_PUBLIC_TICKET_QUEUE = "laporan"
HELPDESK_PUBLIC_TICKET_PRIORITY = 3
HELPDESK_SUBMIT_A_TICKET_PUBLIC = True
HELPDESK_VIEW_A_TICKET_PUBLIC = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "WARNING"}}
HELPDESK_TEAMS_MODE_ENABLED = False
HELPDESK_API_ENABLED = True
