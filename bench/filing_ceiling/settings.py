"""The durable-filing ceiling: the least a filing that keeps its guarantees can do, served like Baruga.

Baruga's bench profile (`bench/baruga_bench_settings.py`: production settings, the run database,
the same models, field encryption and reference data) with Django's default middleware only (as
the one-row ceiling in bench/baseline) and one URL: `POST /file/`, which writes the four rows a
filing must make durable — the report, its encrypted contact, its first deadline clock and its
first history entry — in one transaction (`bench/filing_ceiling/urls.py`). Never part of the
product's URLs: bench/run.py serves it with this settings module on its own port.
"""

from baruga_bench_settings import *  # noqa: F401,F403

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "filing_ceiling.urls"
