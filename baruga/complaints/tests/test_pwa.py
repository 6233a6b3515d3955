"""The citizen site as an installable app: manifest, service worker, what the worker may keep."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from baruga.complaints import views_pwa

pytestmark = pytest.mark.django_db

PRIVATE_PREFIXES = ("/lapor/terkirim/", "/lacak/", "/akun/", "/petugas/", "/pimpinan/", "/laporan-saya/",
                    "/lampiran/", "/api/", "/keamanan/", "/admin/")


def _worker(client):
    response = client.get("/sw.js")
    first_line, _, source = response.content.decode().partition("\n")
    config = json.loads(first_line.removeprefix("self.BARUGA_WARGA = ").removesuffix(";"))
    return response, config, source


def test_the_manifest_is_served_with_its_content_type(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["short_name"] == "Baruga" and data["display"] == "standalone"
    assert data["start_url"] == "/lapor/" and data["scope"] == "/"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"]}
    assert any(icon["purpose"] == "maskable" for icon in data["icons"])


@pytest.mark.parametrize("size", [192, 512])
def test_the_icons_are_pngs_of_their_size(size):
    with Image.open(finders.find(f"img/icon-{size}.png")) as image:
        assert image.format == "PNG" and image.size == (size, size)


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response, config, source = _worker(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert source == open(finders.find("js/sw.js"), encoding="utf-8").read()
    assert re.fullmatch(r"[0-9a-f]{12}", config["version"])


def test_the_worker_keeps_only_the_blank_form_and_static_files(client):
    _response, config, _source = _worker(client)
    assert config["form"] == "/lapor/"
    for url in config["assets"]:
        assert url.startswith("/static/") and finders.find(url.removeprefix("/static/")), url
    kept = [config["form"], *config["assets"]]
    assert not [url for url in kept if url.startswith(PRIVATE_PREFIXES)]
    assert set(config) == {"version", "form", "assets"}


def test_the_worker_keeps_every_script_and_stylesheet_of_the_filing_page(client):
    _response, config, _source = _worker(client)
    html = client.get("/lapor/").content.decode()
    used = set(re.findall(r'<(?:script|link rel="stylesheet")[^>]* (?:src|href)="(/static/[^"]+)"', html))
    assert used and used <= set(config["assets"])


def test_every_page_links_the_manifest_and_registers_the_worker_from_a_file(client):
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest" data-sw="/sw.js">' in html
    assert '<script src="/static/js/pwa.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html.replace('type="application/json"', "src"))


def test_the_content_security_policy_allows_the_worker_and_the_manifest(client):
    policy = client.get("/lapor/")["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}

    def effective(*chain):  # CSP Level 3 fallback: the first directive of the chain present applies
        return next(directives[name] for name in (*chain, "default-src") if name in directives)

    assert "'self'" in effective("worker-src", "child-src", "script-src")
    assert "'self'" in effective("manifest-src")
    assert "'unsafe-inline'" not in effective("script-src")
    for path in ("/sw.js", "/manifest.webmanifest"):
        assert "Content-Security-Policy" in client.get(path)  # the policy reaches them like every response


def test_the_offline_sending_keeps_a_repeat_from_filing_twice(client, cast):
    """What drafts.js relies on: a draft resent with its submission token files one report."""
    from baruga.complaints.models import Report

    client.get("/lapor/")
    token = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"  # chosen on the device (crypto.randomUUID)
    data = {"kind": "complaint", "title": "Lampu jalan padam di Jl. Sultan Alauddin",
            "body": "Sudah seminggu lampu jalan di depan kampus padam, jalan gelap dan rawan.",
            "category": cast.city_road.pk, "location": cast.makassar.pk, "submission_token": token}
    first = client.post("/lapor/", data)
    second = client.post("/lapor/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Report.objects.filter(submission_token=token).count() == 1
