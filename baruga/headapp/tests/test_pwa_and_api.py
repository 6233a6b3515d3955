"""The installable app (manifest, icons, service worker) and the JSON endpoint /api/v1/pimpinan/."""

import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from baruga.complaints.models import Response
from baruga.headapp import views


def test_the_manifest(client):
    response = client.get("/pimpinan/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Baruga Pimpinan"
    assert data["start_url"] == "/pimpinan/" and data["scope"] == "/pimpinan/"
    assert data["display"] == "standalone"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert icon["type"] == "image/png"
        assert icon["src"].startswith("/static/headapp/icon-")


@pytest.mark.parametrize("size", [192, 512])
def test_the_icons_are_pngs_of_their_size(size):
    path = finders.find(f"headapp/icon-{size}.png")
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (size, size)


def test_the_service_worker_is_served_for_the_app_scope(client):
    response = client.get("/pimpinan/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/pimpinan/"
    assert response["Cache-Control"] == "no-cache"
    body = response.text
    first_line, source = body.split("\n", 1)
    config = json.loads(first_line.removeprefix("self.BARUGA_PIMPINAN = ").removesuffix(";"))
    assert config["scope"] == "/pimpinan/" and config["offline"] == "/pimpinan/offline/"
    assert len(config["version"]) == 12
    assert "/pimpinan/offline/" in config["shell"]
    assert source == open(finders.find("headapp/sw.js"), encoding="utf-8").read()
    for url in config["shell"][1:]:  # every shell asset exists
        assert finders.find(url.removeprefix("/static/")), url


def test_the_worker_version_follows_the_shell(client, monkeypatch):
    first = client.get("/pimpinan/sw.js").text.split("\n", 1)[0]
    monkeypatch.setattr(views, "shell_urls", lambda: ["/pimpinan/offline/", "/static/headapp/app.js?v=2"])
    assert client.get("/pimpinan/sw.js").text.split("\n", 1)[0] != first


def test_the_offline_page_needs_no_sign_in(client):
    response = client.get("/pimpinan/offline/")
    assert response.status_code == 200 and "Anda sedang luring" in response.text


def test_pages_register_the_worker_from_a_static_script(client, desk):
    client.force_login(desk.fajar)
    html = client.get("/pimpinan/").text
    assert 'data-sw="/pimpinan/sw.js"' in html and 'data-scope="/pimpinan/"' in html
    assert '<script src="/static/headapp/app.js" defer></script>' in html
    assert '<link rel="manifest" href="/pimpinan/manifest.webmanifest">' in html
    assert 'id="offline-banner"' in html and " hidden>" in html


# --- API -------------------------------------------------------------------------------------------

def test_the_api_gives_the_lists_and_the_badge(client, desk):
    client.force_login(desk.fajar)
    response = client.get("/api/v1/pimpinan/")
    assert response.status_code == 200
    data = response.json()
    assert data["counts"]["badge"] == 4 and data["counts"]["responses"] == 2 and data["counts"]["extensions"] == 1
    assert {r["tracking_id"] for r in data["responses"]} == {desk.first.tracking_id, desk.second.tracking_id}
    first = next(r for r in data["responses"] if r["tracking_id"] == desk.first.tracking_id)
    assert first["response_body"] == "Lubang akan ditambal tim UPTD pada hari Kamis."
    assert data["extensions"][0]["report"]["tracking_id"] == desk.stretched.tracking_id
    assert data["extensions"][0]["working_days"] == 3
    assert [r["tracking_id"] for r in data["escalated"]] == [desk.late.tracking_id]
    assert [r["tracking_id"] for r in data["overdue"]] == [desk.late.tracking_id]
    assert desk.elsewhere.tracking_id not in json.dumps(data)
    assert client.get("/api/v1/pimpinan/badge").json() == {"badge": 4}


def test_the_api_badge_follows_decisions(client, desk):
    client.force_login(desk.fajar)
    client.post(f"/pimpinan/laporan/{desk.first.tracking_id}/setujui/")
    assert desk.first.responses.get().status == Response.Status.PUBLISHED
    assert client.get("/api/v1/pimpinan/badge").json() == {"badge": 3}


def test_the_api_refuses_others_in_its_error_shape(client, desk):
    response = client.get("/api/v1/pimpinan/")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    for who in ("ayu", "citra"):
        client.force_login(getattr(desk, who))
        response = client.get("/api/v1/pimpinan/badge")
        assert response.status_code == 403
        body = response.json()
        assert body["code"] == "forbidden" and "kepala OPD" in body["detail"]


def test_the_api_query_count_is_constant(client, desk, django_assert_max_num_queries):
    client.force_login(desk.fajar)
    with django_assert_max_num_queries(14):
        client.get("/api/v1/pimpinan/")
    with django_assert_max_num_queries(6):
        client.get("/api/v1/pimpinan/badge")
