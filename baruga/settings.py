"""Baruga settings, configured from the environment (see README "Configuration").

Development and the embedded demo use these values as they are; production uses
`baruga.settings_production`, which tightens them and passes `check --deploy`.
"""

import datetime as dt
import os
import warnings
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Only development and tests may run without a configured key.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
# Earlier keys, comma-separated, still accepted for what was signed or encrypted with them (sessions,
# password-reset links, guests' receipt cookies) while a new SECRET_KEY takes over.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public base URL. Unset (the default), answers to a request name the host the client used and texts
# written outside a request (e-mails) fall back to the development address: baruga.lib.siteurl.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# Work of the apps above the clocks that runs on every clock sweep (each minute, `manage.py worker`), in
# this order: a function `run(now)` returning a dict of counts. A failing job is logged and counted and
# never stops the others. The clocks call these by name instead of importing the apps that depend on them.
PERIODIC_JOBS = [
    "baruga.complaints.sweep.run",  # report deadlines: overdue marks, reminders, escalations, auto-finish/archive
    "baruga.ppid.sweep.run",  # PPID deadlines: reminders, overdue marks, escalations
    "baruga.complaints.suggest.periodic",  # retrain category/OPD suggestion models older than a day
    "baruga.indicators.sweep.run",  # program indicators: reminders before a reporting deadline, daily recompute
    "baruga.dissemination.sweep.run",  # scheduled publications; expiring media verifications and contracts
    "baruga.satudata.sweep.run",  # Satu Data: reviews due or late, datasets overdue for update, own statistics
    "baruga.satudata.harvest.periodic",  # enqueue the catalogue harvests that are due (the worker runs them)
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "ninja",  # serves the API docs' assets locally instead of from a CDN
    "django_tasks",
    "django_tasks_db",
    "csp",  # django-csp: its system checks catch settings in the pre-4.0 format
    # Staff sign-in: TOTP second factor with recovery codes, lock-out of repeated failures, rate limits.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_ratelimit",
    "baruga.lib",
    "baruga.accounts",
    "baruga.directory",
    "baruga.clocks",
    "baruga.complaints",
    "baruga.notifications",
    "baruga.audit",
    "baruga.ppid",
    "baruga.dissemination",
    "baruga.security",
    "baruga.indicators",
    "baruga.apikeys",
    "baruga.open311",
    "baruga.federation",
    "baruga.intake",
    "baruga.stats",
    "baruga.headapp",
    "baruga.spbe",
    "baruga.satudata",
]

# What the sign-in steps of `baruga.accounts` cause in the apps above it, by step (`accounts.hooks`).
ACCOUNT_HOOKS = {
    "second_factor_failed": ["baruga.security.detection.second_factor_failed"],
    "two_factor_changed": ["baruga.notifications.accounts.two_factor_changed"],
}

# What every change to a report causes, in this order (baruga/complaints/events.py): each a class with
# `run(change)` (and optionally `check(report, action, **context)`). Complaints sits below stats and
# federation, so the higher layers are named here, not imported by complaints.
REPORT_EVENT_STEPS = [
    "baruga.audit.services.ReportStep",
    "baruga.complaints.notices.ReportStep",
    "baruga.federation.outbox.ReportStep",
    "baruga.stats.steps.ReportStep",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "baruga.security.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baruga.lib.language.ChosenLanguageMiddleware",  # Bahasa Indonesia unless switched: no Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "baruga.lib.replica.ReplicaMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "baruga.request_guard.RequestGuardMiddleware",  # NUL characters, unreadable forms: 400 before any view
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Staff sessions end after STAFF_IDLE_TIMEOUT idle; staff reach nothing before their second factor.
    "baruga.accounts.middleware.StaffIdleTimeoutMiddleware",
    "baruga.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lock-out into our page (AXES_LOCKOUT_CALLABLE)
]

if DEBUG:
    # `make run`: the site's own 404 and 400 pages, not Django's technical ones (baruga/errors.py).
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.clickjacking.XFrameOptionsMiddleware"),
                      "baruga.errors.DevelopmentErrorPagesMiddleware")

ROOT_URLCONF = "baruga.urls"
WSGI_APPLICATION = "baruga.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "baruga" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baruga.accounts.context_processors.staff_memberships",
                "baruga.headapp.context_processors.head_app",
                "baruga.ppid.context_processors.ppid_staff",
                "baruga.spbe.context_processors.spbe_staff",
                "baruga.indicators.context_processors.indicator_viewer",
                "baruga.dissemination.context_processors.dissemination_staff",
                "baruga.satudata.context_processors.data_staff",
                "baruga.complaints.context_processors.staff_recording",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'baruga.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20,
         "transaction_mode": "IMMEDIATE"}
    )

# A streaming replica for the read-heavy pages (docs/deploy.md, baruga/lib/replica.py): unset, every
# query goes to DATABASE_URL.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["baruga.lib.replica.ReplicaRouter"]
READ_REPLICA_VIEWS = ["stats:*", "complaints:public_list", "complaints:public_detail"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:after_login"
LOGOUT_REDIRECT_URL = "home"

# A "forgot password" link works this long (seconds), once.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", "3600"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Staff (any membership, is_staff, superusers) need a longer password than citizens.
    {"NAME": "baruga.accounts.validators.StaffMinimumLengthValidator", "OPTIONS": {"min_length": 12}},
]
# django-axes first: it refuses a locked-out username or address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, finding the account by username or by e-mail (its blind index).
    "baruga.accounts.backends.UsernameOrEmailBackend",
]

# Indonesian first, English second. Source strings are Indonesian; English lives in locale/en.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Makassar")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "baruga" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The embedded default serves static files straight from the source tree; production collects them.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at")
# Uploaded files are private: never under STATIC or a public MEDIA_URL; served by a view that checks access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

# Uploads (checked by content in baruga.lib.uploads).
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
UPLOAD_MAX_FILES = int(os.environ.get("UPLOAD_MAX_FILES", "5"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
UPLOAD_PDF_MAX_PAGES = int(os.environ.get("UPLOAD_PDF_MAX_PAGES", "500"))
UPLOAD_PDF_MAX_UNPACKED_BYTES = int(os.environ.get("UPLOAD_PDF_MAX_UNPACKED_BYTES", str(50 * 1024 * 1024)))
# Stored uploads are readable by the service's own user only (Django's default follows the umask: 0644).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Baruga <noreply@baruga.localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20

# Legal clocks (baruga.clocks): office close ends each working day; reminders go out this long before.
OFFICE_CLOSES_AT = os.environ.get("OFFICE_CLOSES_AT", "16:00")
CLOCK_REMINDER_HOURS = int(os.environ.get("CLOCK_REMINDER_HOURS", "24"))
# Downloads of filtered lists (baruga.lib.exports): a list longer than this is refused, asking for narrower filters.
EXPORT_MAX_ROWS = int(os.environ.get("EXPORT_MAX_ROWS", "100000"))
# Map tiles on the statistics dashboards (baruga.stats), e.g. "https://tile.example.id/{z}/{x}/{y}.png";
# empty: no tiles, the map shows the report grid on a plain background. The tile origin is allowed in img-src.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
# SMS/WhatsApp through a signed webhook to a gateway (baruga.notifications.channels.gateway); off when empty.
NOTIFY_GATEWAY_URL = os.environ.get("NOTIFY_GATEWAY_URL", "")
NOTIFY_GATEWAY_SECRET = os.environ.get("NOTIFY_GATEWAY_SECRET", "")
# Reports by WhatsApp and SMS (baruga.intake, docs/channels.md). The gateway's inbound webhook and the SMS
# form post are signed with NOTIFY_GATEWAY_SECRET; the WhatsApp Cloud API webhook with the Meta app's secret.
WHATSAPP_APP_SECRET = os.environ.get("WHATSAPP_APP_SECRET", "")
WHATSAPP_VERIFY_TOKEN = os.environ.get("WHATSAPP_VERIFY_TOKEN", "")
# A dialogue without an answer for this long is closed politely; a signed request older than this is refused.
INTAKE_DIALOGUE_TIMEOUT_HOURS = int(os.environ.get("INTAKE_DIALOGUE_TIMEOUT_HOURS", "24"))
INTAKE_SIGNATURE_MAX_AGE = int(os.environ.get("INTAKE_SIGNATURE_MAX_AGE", "300"))  # seconds
# E-mail both ways (baruga.intake.email, docs/channels.md). Off unless EMAIL_INTAKE_ADDRESS is set: then
# mail to the reporter carries Reply-To lapor+<tracking>-<token>@<domain> and a mail to this address files a
# report (as a guest). Inbound mail arrives by IMAP (manage.py poll_mailbox) or by an MTA piping to /intake/email/.
EMAIL_INTAKE_ADDRESS = os.environ.get("EMAIL_INTAKE_ADDRESS", "")
# The HMAC key of reply tokens; empty: derived from SECRET_KEY (changing either invalidates older tokens).
EMAIL_REPLY_KEY = os.environ.get("EMAIL_REPLY_KEY", "")
# The right-hand side of the Message-IDs of outbound mail; empty: the intake address's (or DEFAULT_FROM_EMAIL's) domain.
EMAIL_MESSAGE_ID_DOMAIN = os.environ.get("EMAIL_MESSAGE_ID_DOMAIN", "")
# The regency/city (directory code, e.g. "73.71") a new mail is filed at when its text names none.
EMAIL_INTAKE_LOCATION = os.environ.get("EMAIL_INTAKE_LOCATION", "")
EMAIL_INTAKE_MAX_BYTES = int(os.environ.get("EMAIL_INTAKE_MAX_BYTES", str(15 * 1024 * 1024)))  # a whole message
EMAIL_INTAKE_PER_SENDER_HOUR = int(os.environ.get("EMAIL_INTAKE_PER_SENDER_HOUR", "10"))  # messages per sender
# The MTA pipe endpoint (POST /intake/email/) is off without this secret (signed like the gateway's webhook).
EMAIL_INTAKE_PIPE_SECRET = os.environ.get("EMAIL_INTAKE_PIPE_SECRET", "")
# The IMAP mailbox `manage.py poll_mailbox` reads. Security: "ssl" (IMAPS, 993), "starttls" (143) or
# "plain" (only to a server on 127.0.0.1/::1). Processed mail is moved to EMAIL_IMAP_DONE_FOLDER, or marked \Seen.
EMAIL_IMAP_HOST = os.environ.get("EMAIL_IMAP_HOST", "")
EMAIL_IMAP_PORT = int(os.environ.get("EMAIL_IMAP_PORT", "993"))
EMAIL_IMAP_SECURITY = os.environ.get("EMAIL_IMAP_SECURITY", "ssl")
EMAIL_IMAP_USER = os.environ.get("EMAIL_IMAP_USER", "")
EMAIL_IMAP_PASSWORD = os.environ.get("EMAIL_IMAP_PASSWORD", "")
EMAIL_IMAP_FOLDER = os.environ.get("EMAIL_IMAP_FOLDER", "INBOX")
EMAIL_IMAP_DONE_FOLDER = os.environ.get("EMAIL_IMAP_DONE_FOLDER", "")
EMAIL_IMAP_POLL_SECONDS = int(os.environ.get("EMAIL_IMAP_POLL_SECONDS", "60"))
EMAIL_IMAP_CA_FILE = os.environ.get("EMAIL_IMAP_CA_FILE", "")  # a private CA's certificate; empty: the system's

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
# Staff sessions (once the second factor is verified) also end when the browser closes and after this
# many seconds without a request (baruga.accounts.middleware.StaffIdleTimeoutMiddleware).
STAFF_IDLE_TIMEOUT = int(os.environ.get("STAFF_IDLE_TIMEOUT", str(30 * 60)))
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script, style or event handler anywhere (tested in baruga/security/tests/test_headers.py);
# htmx's own indicator <style> is switched off in base.html. Views may tighten it further (attachments do).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# The report form offers "use my location"; nothing uses the camera or the microphone.
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=()"

# Backups (manage.py backup / restore, docs/recovery.md): base64 32-byte key(s), the first encrypts.
# Never store the key beside the backups it opens.
BACKUP_KEY = os.environ.get("BACKUP_KEY", "")
BACKUP_KEY_FILE = os.environ.get("BACKUP_KEY_FILE", "")

# Personal data encrypted at rest (baruga.lib.crypto; README "Key rotation"): Fernet keys, the first
# encrypts, all decrypt. Never in the database; keep them apart from the backups too.
BARUGA_DATA_KEYS = os.environ.get("BARUGA_DATA_KEYS", "")
BARUGA_DATA_KEY_FILE = os.environ.get("BARUGA_DATA_KEY_FILE", "")
# Development (no SECRET_KEY given, or DEBUG) without a data key derives one from SECRET_KEY, with a warning.
BARUGA_DATA_KEY_DEV_FALLBACK = DEBUG or not os.environ.get("SECRET_KEY")
# The audit trail (baruga.audit, docs/audit.md): HMAC keys (url-safe base64 of 32 bytes, the first signs,
# all verify), never in the database; development without one derives it from SECRET_KEY, with a warning.
BARUGA_AUDIT_KEYS = os.environ.get("BARUGA_AUDIT_KEYS", "")
BARUGA_AUDIT_KEY_FILE = os.environ.get("BARUGA_AUDIT_KEY_FILE", "")
# Where each signed checkpoint is copied, out of the database writer's reach: `file` (AUDIT_ANCHOR_FILE,
# appended, on another volume) and/or `email` (the security officers, through the outbox).
AUDIT_ANCHORS = env_list("AUDIT_ANCHORS", "file,email")
AUDIT_ANCHOR_FILE = os.environ.get("AUDIT_ANCHOR_FILE", "")
# The `email` anchor goes through the notifications outbox, a layer above the audit trail: named, not imported.
AUDIT_EMAIL_ANCHOR = "baruga.notifications.anchors.email_officers"
# The chain is sealed after every clock sweep (each minute): the e-mail anchor sends the first
# checkpoint of each period of this many hours, not every one (the file anchor keeps them all).
AUDIT_ANCHOR_EMAIL_HOURS = int(os.environ.get("AUDIT_ANCHOR_EMAIL_HOURS", "24"))
# Data-subject erasure (baruga.accounts.privacy) waits this long after a person's last report closed.
PRIVACY_RETENTION_DAYS = int(os.environ.get("PRIVACY_RETENTION_DAYS", "365"))

# The client's address, for lock-outs, rate limits and detection (baruga.lib.clientip): REMOTE_ADDR,
# or the META key a trusted reverse proxy sets (e.g. HTTP_X_REAL_IP); never a header clients can forge.
CLIENT_IP_META_KEY = os.environ.get("CLIENT_IP_META_KEY", "")

# Cache: rate limits and detection counters live here. The in-process default is right for one process
# (the embedded waitress/runserver); several worker processes must share one cache: set REDIS_URL
# (and `pip install redis`), e.g. redis://127.0.0.1:6379/1.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "baruga"}}
# django-ratelimit knows django-redis, not Django's own RedisCache (which increments atomically too),
# and flags the per-process LocMemCache: shared across one process's threads, which is our default.
# models.W040: covering indexes (INCLUDE) serve PostgreSQL; SQLite keeps the key columns, as intended.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001", "models.W040"]
RATELIMIT_IP_META_KEY = "baruga.lib.clientip.client_ip"

# Second factor (django-otp): the issuer shown in authenticator apps; failed codes slow down exponentially.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Baruga")
# The device admin never shows an authenticator's secret key or QR code (baruga.accounts.admin).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
RECOVERY_CODE_COUNT = 10
# Setting up an authenticator needs a single-use enrolment code issued by a superuser
# (baruga.accounts.enrolment): valid for this many hours; void after this many wrong tries.
TWO_FACTOR_ENROLMENT_HOURS = int(os.environ.get("TWO_FACTOR_ENROLMENT_HOURS", "72"))
TWO_FACTOR_ENROLMENT_MAX_FAILURES = int(os.environ.get("TWO_FACTOR_ENROLMENT_MAX_FAILURES", "5"))

# Lock-out (django-axes): after LOGIN_FAILURE_LIMIT failures within LOGIN_COOLOFF_MINUTES, the username
# and the address are each refused until the cool-off ends (a superuser can lift it at /keamanan/).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "baruga.accounts.views.locked_out"
# The account's username, or a keyed digest of an unknown typed name: no e-mail stored in clear.
AXES_USERNAME_CALLABLE = "baruga.accounts.backends.axes_username"
AXES_CLIENT_IP_CALLABLE = "baruga.lib.clientip.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are kept in accounts.LoginRecord
AXES_RESET_ON_SUCCESS = False  # a success must not clear the failures counted against an address
AXES_VERBOSE = False

# Rate limits (django-ratelimit, counted in the cache): "<count>/<s|m|h|d>" per key (address or user).
RATE_LIMITS = {
    "report": os.environ.get("RATE_LIMIT_REPORT", "10/h"),  # filing a report: page and API, per address
    "track": os.environ.get("RATE_LIMIT_TRACK", "30/m"),  # tracking look-ups, per address
    # A public report's page (/laporan/<id>/), per address: a list page holds 20 reports, so opening all of
    # them in a minute fits with room to spare; 30 a minute is 2 s a report, faster than anyone reads.
    "public_report": os.environ.get("RATE_LIMIT_PUBLIC_REPORT", "30/m"),
    # The filing page's "already reported?" look-ups while typing (htmx, a pause of a second between), per address
    "similar": os.environ.get("RATE_LIMIT_SIMILAR", "60/m"),
    # "Dukung laporan ini", per address: a guest who clears cookies is counted again, at most this often
    "support": os.environ.get("RATE_LIMIT_SUPPORT", "20/h"),
    "attachment": os.environ.get("RATE_LIMIT_ATTACHMENT", "60/m"),  # attachment downloads, per user or address
    "thumbnail": os.environ.get("RATE_LIMIT_THUMBNAIL", "300/m"),  # photo thumbnails on report pages, per user or address
    "receipt_email": os.environ.get("RATE_LIMIT_RECEIPT_EMAIL", "5/h"),  # "send the private link to me", per address
    "login": os.environ.get("RATE_LIMIT_LOGIN", "20/m"),  # login form posts, per address
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "10/h"),  # new citizen accounts, per address
    # "forgot password" e-mails and new-password posts, per address
    "password_reset": os.environ.get("RATE_LIMIT_PASSWORD_RESET", "10/h"),
    # second-factor enrolment codes typed, per address (each account's codes also void after 5 wrong ones)
    "enrolment_code": os.environ.get("RATE_LIMIT_ENROLMENT_CODE", "20/h"),
    "api_key": os.environ.get("RATE_LIMIT_API_KEY", "600/m"),  # per API key, unless the key sets its own
    "open311": os.environ.get("RATE_LIMIT_OPEN311", "120/m"),  # Open311 GeoReport reads, per address
    "export": os.environ.get("RATE_LIMIT_EXPORT", "30/h"),  # CSV/XLSX list downloads, per user or address
    "intake": os.environ.get("RATE_LIMIT_INTAKE", "30/h"),  # WhatsApp/SMS messages, per phone number
    "subscribe": os.environ.get("RATE_LIMIT_SUBSCRIBE", "10/h"),  # newsroom e-mail subscriptions, per address
}

# Attack detection (baruga.security.detection): how many of a thing within the window raise an event.
SECURITY_DETECTION = {
    "window_seconds": int(os.environ.get("DETECTION_WINDOW_SECONDS", str(10 * 60))),
    "credential_stuffing_usernames": int(os.environ.get("DETECTION_STUFFING_USERNAMES", "10")),
    "tracking_misses": int(os.environ.get("DETECTION_TRACKING_MISSES", "20")),
    "downloads": int(os.environ.get("DETECTION_DOWNLOADS", "100")),
    "second_factor_failures": int(os.environ.get("DETECTION_SECOND_FACTOR_FAILURES", "5")),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Federation between Baruga instances (baruga.federation, docs/federation.md).
FEDERATION_INSTANCE_NAME = os.environ.get("FEDERATION_INSTANCE_NAME", "")  # default: the root jurisdiction's name
FEDERATION_BASE_URL = os.environ.get("FEDERATION_BASE_URL", "")  # default: SITE_URL
FEDERATION_MAX_ATTEMPTS = int(os.environ.get("FEDERATION_MAX_ATTEMPTS", "12"))  # then the message is dead-lettered
FEDERATION_BACKOFF_BASE = float(os.environ.get("FEDERATION_BACKOFF_BASE", "30"))  # seconds, doubled per attempt
FEDERATION_BACKOFF_MAX = float(os.environ.get("FEDERATION_BACKOFF_MAX", str(6 * 3600)))
FEDERATION_TIMEOUT = float(os.environ.get("FEDERATION_TIMEOUT", "20"))
# How long a deliverer holds a peer (renewed per message): a deliverer killed mid-delivery holds the
# peer back at most this long. Keep it above FEDERATION_TIMEOUT, or a slow peer is sent to twice.
FEDERATION_LEASE_SECONDS = float(os.environ.get("FEDERATION_LEASE_SECONDS", "30"))
# A peer whose oldest undelivered message is older than this makes /api/v1/health answer 503 and
# `federation_status` fail (seconds; 0 turns the check off).
FEDERATION_BACKLOG_MAX_AGE = float(os.environ.get("FEDERATION_BACKLOG_MAX_AGE", "3600"))
FEDERATION_MAX_BODY = int(os.environ.get("FEDERATION_MAX_BODY", str(40 * 1024 * 1024)))
# The national upstream (baruga.federation.national): a dotted path, e.g.
# "baruga.federation.national.BarugaHubConnector" with NATIONAL_HUB_PEER = the hub peer's name.
NATIONAL_CONNECTOR = os.environ.get("NATIONAL_CONNECTOR", "")
NATIONAL_HUB_PEER = os.environ.get("NATIONAL_HUB_PEER", "")
NATIONAL_HUB_JURISDICTION = os.environ.get("NATIONAL_HUB_JURISDICTION", "")

# Category/OPD suggestions for the verifying admin (baruga/complaints/suggest.py, docs/search.md).
SUGGESTION_MIN_CONFIDENCE = float(os.environ.get("SUGGESTION_MIN_CONFIDENCE", "0.3"))  # below it, nothing is shown
SUGGESTION_MIN_TRAINING = int(os.environ.get("SUGGESTION_MIN_TRAINING", "30"))  # decided reports before a model
SUGGESTION_RETRAIN_HOURS = int(os.environ.get("SUGGESTION_RETRAIN_HOURS", "24"))
# Satu Data (docs/satudata.md): upload and datastore limits, the walidata's review period in working days.
SATUDATA_UPLOAD_MAX_BYTES = int(os.environ.get("SATUDATA_UPLOAD_MAX_BYTES", 200 * 1024 * 1024))
SATUDATA_DATASTORE_MAX_BYTES = int(os.environ.get("SATUDATA_DATASTORE_MAX_BYTES", 50 * 1024 * 1024))
SATUDATA_DATASTORE_MAX_ROWS = int(os.environ.get("SATUDATA_DATASTORE_MAX_ROWS", 1_000_000))
SATUDATA_DATASTORE_MAX_COLUMNS = int(os.environ.get("SATUDATA_DATASTORE_MAX_COLUMNS", 200))
SATUDATA_REVIEW_DAYS = int(os.environ.get("SATUDATA_REVIEW_DAYS", 10))
# A datastore load stuck in pending/loading this long (a worker that died) is queued again by the sweep, up to
# SATUDATA_LOAD_MAX_ATTEMPTS loads in all; then it is failed (the file stays downloadable).
SATUDATA_LOAD_STALE_MINUTES = int(os.environ.get("SATUDATA_LOAD_STALE_MINUTES", 30))
SATUDATA_LOAD_MAX_ATTEMPTS = int(os.environ.get("SATUDATA_LOAD_MAX_ATTEMPTS", 3))
