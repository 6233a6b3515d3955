"""Production profile: `DJANGO_SETTINGS_MODULE=baruga.settings_production`.

Requires SECRET_KEY and ALLOWED_HOSTS from the environment; serves over HTTPS only.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from baruga.settings import *  # noqa: F401,F403
from baruga.settings import STORAGES, env_bool, env_list

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of at least 50 characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) Baruga is served on.")
# Personal data are encrypted at rest (baruga.lib.crypto) with keys that never enter the database.
BARUGA_DATA_KEY_DEV_FALLBACK = False
if not (os.environ.get("BARUGA_DATA_KEYS", "").strip() or os.environ.get("BARUGA_DATA_KEY_FILE", "").strip()):
    raise ImproperlyConfigured(
        "BARUGA_DATA_KEYS or BARUGA_DATA_KEY_FILE must be set: personal data are encrypted at rest with these "
        "keys. Generate one with: python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())'"
    )
# The audit chain is keyed (baruga.audit.keys) with keys that never enter the database, and its signed
# checkpoints are anchored outside it (AUDIT_ANCHORS; the `file` anchor needs AUDIT_ANCHOR_FILE).
if not (os.environ.get("BARUGA_AUDIT_KEYS", "").strip() or os.environ.get("BARUGA_AUDIT_KEY_FILE", "").strip()):
    raise ImproperlyConfigured(
        "BARUGA_AUDIT_KEYS or BARUGA_AUDIT_KEY_FILE must be set: the audit chain is signed with these keys. "
        "Generate one with: python manage.py audit_seal --generate-key"
    )

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
WHITENOISE_USE_FINDERS = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
