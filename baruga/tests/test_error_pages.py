"""The site's own error pages: Indonesian, in the site's layout with its menu, with next steps; the same
with DEBUG on (`make run`), except a crash, which keeps Django's traceback there; JSON under /api/."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from baruga import errors

MENU = 'aria-label="Menu utama"'
NEXT_STEPS = ['name="tracking_id"', 'action="/laporan/"', "Kembali ke beranda"]
DEV_MIDDLEWARE = "baruga.errors.DevelopmentErrorPagesMiddleware"


def _assert_site_page(response, status, heading):
    assert response.status_code == status
    text = response.content.decode()
    assert f"<h1>{heading}</h1>" in text
    assert MENU in text
    for step in NEXT_STEPS:
        assert step in text
    return text


@pytest.fixture
def debug_on(settings):
    """What `make run` (DEBUG=1) gets: settings.py adds the middleware when DEBUG is on."""
    settings.DEBUG = True
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.middleware.clickjacking.XFrameOptionsMiddleware"), DEV_MIDDLEWARE)
    settings.MIDDLEWARE = middleware


def test_a_wrong_address_gets_the_indonesian_404_page(client, db):
    text = _assert_site_page(client.get("/tidak-ada/"), 404, "Halaman tidak ditemukan")
    assert "Not Found" not in text


def test_a_report_that_is_not_public_gets_the_404_page(client, db):
    _assert_site_page(client.get("/laporan/BRG-0000-0000/"), 404, "Halaman tidak ditemukan")


def test_with_debug_on_a_wrong_address_gets_the_real_404_page_not_the_url_list(client, db, debug_on):
    text = _assert_site_page(client.get("/tidak-ada/"), 404, "Halaman tidak ditemukan")
    assert "URLconf" not in text and "admin/" not in text


def test_with_debug_on_a_view_raising_404_gets_the_real_page(client, db, debug_on):
    _assert_site_page(client.get("/laporan/BRG-0000-0000/"), 404, "Halaman tidak ditemukan")


def test_with_debug_on_a_missing_slash_still_redirects(client, db, debug_on):
    response = client.get("/lacak")
    assert response.status_code == 301 and response["Location"] == "/lacak/"


def test_make_run_settings_install_the_development_error_pages():
    code = "import django; django.setup(); from django.conf import settings; print(settings.MIDDLEWARE)"
    env = {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "baruga.settings", "PATH": "/usr/bin:/bin"}
    with_debug = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    env["DEBUG"] = "0"
    without = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert DEV_MIDDLEWARE in with_debug.stdout and DEV_MIDDLEWARE not in without.stdout


def test_a_citizen_opening_the_head_app_gets_the_403_page_with_the_reason(client, cast):
    client.force_login(cast.ayu)
    text = _assert_site_page(client.get("/pimpinan/"), 403, "Akses ditolak")
    assert "Aplikasi pimpinan hanya untuk kepala OPD" in text


def test_a_bad_host_gets_the_400_page(client, db):
    _assert_site_page(client.get("/", HTTP_HOST="penyerang.example"), 400, "Permintaan tidak dapat diproses")


def test_a_crash_gets_the_500_page_rendered_without_any_context(db):
    request = RequestFactory().get("/lapor/")
    response = errors.server_error(request)
    _assert_site_page(response, 500, "Terjadi kesalahan pada server")
    assert 'name="language"' not in response.content.decode()  # the switch needs a CSRF token it cannot have


def test_a_crash_in_a_view_is_answered_with_the_500_page(client, cast, monkeypatch):
    from baruga.complaints import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(selectors, "get_by_tracking_id", broken)
    client.raise_request_exception = False
    _assert_site_page(client.get("/laporan/BRG-0000-0000/"), 500, "Terjadi kesalahan pada server")


def test_with_debug_on_a_crash_keeps_the_traceback(client, cast, debug_on, monkeypatch):
    from baruga.complaints import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(selectors, "get_by_tracking_id", broken)
    client.raise_request_exception = False
    response = client.get("/laporan/BRG-0000-0000/")
    assert response.status_code == 500 and "Traceback" in response.content.decode()


def test_the_handlers_are_the_sites_own():
    from baruga import urls

    assert (urls.handler400, urls.handler403, urls.handler404, urls.handler500) == (
        "baruga.errors.bad_request", "baruga.errors.permission_denied", "baruga.errors.page_not_found",
        "baruga.errors.server_error")


@pytest.mark.parametrize("handler, status, code", [
    (errors.page_not_found, 404, "not_found"), (errors.permission_denied, 403, "forbidden"),
    (errors.bad_request, 400, "invalid"), (errors.server_error, 500, "server_error"),
])
def test_api_paths_keep_the_json_error_shape(db, handler, status, code):
    response = handler(RequestFactory().get("/api/v1/nothing"))
    assert response.status_code == status and response["Content-Type"] == "application/json"
    import json

    body = json.loads(response.content)
    assert body["code"] == code and body["errors"] == [] and body["detail"]


def test_an_unknown_api_path_answers_json_with_debug_on_too(client, db, debug_on):
    response = client.get("/api/v1/tidak-ada")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_rate_limit_page_is_an_error_page_with_the_menu(client, db, settings):
    settings.RATE_LIMITS = {**django_settings.RATE_LIMITS, "track": "1/m"}
    client.get("/lacak/", {"tracking_id": "BRG-0000-0001"})
    response = client.get("/lacak/", {"tracking_id": "BRG-0000-0002"})
    _assert_site_page(response, 429, "Terlalu banyak permintaan")
    assert "Silakan coba lagi dalam" in response.content.decode() and response["Retry-After"]


def test_with_debug_on_a_suspicious_request_in_a_view_gets_the_400_page(db, settings):
    from django.core.exceptions import SuspiciousOperation

    settings.DEBUG = True
    middleware = errors.DevelopmentErrorPagesMiddleware(lambda request: None)
    request = RequestFactory().get("/lapor/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = middleware.process_exception(request, SuspiciousOperation("bad"))
    _assert_site_page(response, 400, "Permintaan tidak dapat diproses")
    assert middleware.process_exception(request, RuntimeError("crash")) is None  # the traceback stays
