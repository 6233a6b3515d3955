"""Every page carries the security headers, and no page needs inline code to work under the CSP.

The policy allows scripts and styles from our own origin only, so an inline <script>, a <style>
element, a style="" attribute or an onclick="" handler would be blocked by the browser: the
rendered pages must not contain any (the Django admin included).
"""

import json
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from baruga.accounts.models import User
from baruga.security.tests.conftest import photo

ROOT = Path(__file__).resolve().parents[3]
POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block, and POST forms without the CSRF token."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self._script_has_src = None
        self._post_forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs.items())}>"[:160]
        if tag == "script":
            executable = attrs.get("type", "text/javascript") in ("text/javascript", "module", "")
            self._script_has_src = "src" in attrs or not executable
        if tag == "style":
            self.problems.append(f"<style> element: {where}")
        for name, value in attrs.items():
            if name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"event handler {name}: {where}")
            if name == "style":
                self.problems.append(f"style attribute: {where}")
            url = (value or "").strip().lower()
            if name in ("href", "src", "action", "formaction") and url.startswith("javascript:"):
                self.problems.append(f"javascript: URL: {where}")
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._post_forms.append([where, False])
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken" and self._post_forms:
            self._post_forms[-1][1] = True

    def handle_endtag(self, tag):
        if tag == "form" and self._post_forms:
            where, has_token = self._post_forms.pop()
            if not has_token:
                self.problems.append(f"POST form without CSRF token: {where}")

    def handle_data(self, data):
        if self._script_has_src is False and data.strip():
            self.problems.append(f"inline script: {data.strip()[:80]!r}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "form":
            self.handle_endtag(tag)


def inline_code(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def assert_secure_page(response, url):
    assert response.status_code == 200, url
    assert parse_csp(response["Content-Security-Policy"]) == POLICY, url
    assert response["X-Frame-Options"] == "DENY", url
    assert response["Permissions-Policy"] == "geolocation=(self), camera=(), microphone=()", url
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    if response["Content-Type"].startswith("text/html"):
        assert inline_code(response.content.decode()) == [], url


@pytest.fixture
def public_report(dispatched_report):
    return dispatched_report  # verified and not confidential: on the public list


def test_the_citizen_pages_send_the_headers_and_contain_no_inline_code(client, public_report):
    tid = public_report.tracking_id
    for url in ["/", "/lapor/", "/lacak/", f"/lacak/{tid}/", "/laporan/", f"/laporan/{tid}/",
                "/akun/masuk/", "/akun/daftar/"]:
        assert_secure_page(client.get(url), url)


def test_the_htmx_partials_contain_no_inline_code(client, public_report, cast):
    assert_secure_page(client.get("/laporan/", HTTP_HX_REQUEST="true"), "/laporan/ (htmx)")
    client.force_login(cast.citra)
    assert_secure_page(client.get("/petugas/", HTTP_HX_REQUEST="true"), "/petugas/ (htmx)")


def test_the_pages_of_a_citizen_with_an_account_contain_no_inline_code(client, cast, public_report):
    client.force_login(cast.ayu)
    for url in ["/laporan-saya/", "/akun/notifikasi/", f"/lacak/{public_report.tracking_id}/"]:
        assert_secure_page(client.get(url), url)


def test_the_staff_pages_contain_no_inline_code(client, cast, public_report):
    client.force_login(cast.citra)
    for url in ["/petugas/", f"/petugas/laporan/{public_report.tracking_id}/", "/petugas/kinerja/",
                "/petugas/notifikasi/"]:
        assert_secure_page(client.get(url), url)
    client.force_login(cast.eko)
    url = f"/petugas/laporan/{public_report.tracking_id}/"
    assert_secure_page(client.get(url), url)


def test_pages_loading_htmx_keep_it_from_injecting_its_indicator_style(client, db):
    page = client.get("/laporan/").content.decode()  # htmx loads only where used (includes/htmx.html)
    assert "vendor/htmx/htmx.min.js" in page
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false' in page


def _admin_urls():
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        try:
            yield reverse(f"{prefix}_changelist")
            yield reverse(f"{prefix}_add")
        except NoReverseMatch:
            continue
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            yield reverse(f"{prefix}_change", args=[first.pk])


def test_the_admin_pages_contain_no_inline_code(client, cast, public_report):
    """Django's admin works under the same policy: no exception for /admin/ is needed."""
    root = User.objects.create_superuser("root", "root@contoh.id", "akar-rahasia-123")
    client.force_login(root)
    checked = 0
    for url in ["/admin/", *_admin_urls()]:
        response = client.get(url)
        if response.status_code == 403:  # read-only admins refuse the add form
            continue
        assert_secure_page(response, url)
        checked += 1
    assert checked > 20


def test_attachments_keep_their_own_sandboxing_policy(client, cast, file_report):
    report = file_report(attachments=[photo()])
    client.force_login(cast.ayu)
    response = client.get(f"/lampiran/{report.attachments.get().pk}/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_post_without_the_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.citra)
    assert client.post("/lapor/", {"title": "x"}).status_code == 403
    assert client.post("/akun/keluar/").status_code == 403


def test_https_responses_carry_hsts_with_the_production_values(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_production_profile_uses_https_only_cookies_hsts_and_the_same_policy():
    code = (
        "import json; from django.conf import settings as s; import django; django.setup();"
        "print(json.dumps({k: getattr(s, k) for k in ['SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'X_FRAME_OPTIONS',"
        "'SECURE_CROSS_ORIGIN_OPENER_POLICY', 'CONTENT_SECURITY_POLICY', 'MIDDLEWARE', 'SESSION_COOKIE_HTTPONLY']}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "baruga.settings_production",
           "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "baruga.sulselprov.go.id",
           "BARUGA_DATA_KEYS": Fernet.generate_key().decode(), "BARUGA_AUDIT_KEYS": Fernet.generate_key().decode()}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    prod = json.loads(result.stdout)
    assert prod["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600 and prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"] and prod["SESSION_COOKIE_HTTPONLY"]
    assert prod["SECURE_SSL_REDIRECT"] and prod["X_FRAME_OPTIONS"] == "DENY"
    assert prod["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert {k: set(v) for k, v in prod["CONTENT_SECURITY_POLICY"]["DIRECTIVES"].items()} == POLICY
    for middleware in ["django.middleware.csrf.CsrfViewMiddleware", "csp.middleware.CSPMiddleware",
                       "django.middleware.clickjacking.XFrameOptionsMiddleware",
                       "baruga.security.middleware.PermissionsPolicyMiddleware"]:
        assert middleware in prod["MIDDLEWARE"]


def test_the_checker_itself_catches_inline_code():
    html = ('<script>alert(1)</script><script src="/static/x.js"></script>'
            '<script type="application/json">{"a": 1}</script><style>p{}</style>'
            '<p style="color:red" onclick="x()">a</p><a href="javascript:x()">b</a><div hx-on:click="x()"></div>'
            '<form method="post"><button>kirim</button></form>'
            '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>')
    kinds = [problem.split(":")[0] for problem in inline_code(html)]
    assert kinds == ["inline script", "<style> element", "style attribute", "event handler onclick",
                     "javascript", "event handler hx-on", "POST form without CSRF token"]
