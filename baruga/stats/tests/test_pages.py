"""Dashboard pages, public pages, PDF, downloads, API: permissions, content, query counts, bad input."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from baruga.stats.tests.conftest import FEB
from baruga.stats.tests.helpers import random_workflows, wita


def url(kind, key):
    return reverse("stats:dashboard", kwargs={"kind": kind, "key": key})


def api(kind, key):
    return f"/api/v1/stats/{kind}/{key}"


# (user, kind, key-attribute) that must be refused.
REFUSED = [
    ("eko", "opd", "disdik"), ("eko", "wilayah", "makassar"), ("eko", "provinsi", "province"),
    ("gita", "opd", "pupr"), ("joko", "opd", "pupr"),
    ("citra", "wilayah", "gowa"), ("citra", "opd", "pupr_gowa"), ("citra", "provinsi", "province"),
    ("dewi", "wilayah", "makassar"), ("hadi", "wilayah", "gowa"), ("hadi", "provinsi", "province"),
    ("budi", "opd", "pupr"), ("ayu", "wilayah", "makassar"),
    ("ayu", "opd", "pupr"), ("indah", "provinsi", "makassar"),
]
ALLOWED = [
    ("eko", "opd", "pupr"), ("fajar", "opd", "pupr"), ("gita", "opd", "disdik"), ("citra", "wilayah", "makassar"),
    ("citra", "opd", "pupr"), ("hadi", "wilayah", "makassar"), ("hadi", "opd", "disdik"),
    ("dewi", "wilayah", "gowa"), ("budi", "provinsi", "province"), ("budi", "wilayah", "province"),
    ("budi", "wilayah", "makassar"), ("budi", "wilayah", "gowa"),
    ("indah", "provinsi", "province"), ("indah", "wilayah", "gowa"), ("indah", "opd", "pupr_gowa"),
]


def _key(cast, kind, name):
    obj = getattr(cast, name)
    return obj.pk if kind == "opd" else obj.code


@pytest.mark.parametrize("user, kind, name", REFUSED)
def test_refused_pages_and_api_are_404(client, cast, user, kind, name):
    client.force_login(getattr(cast, user))
    key = _key(cast, kind, name)
    assert client.get(url(kind, key)).status_code == 404
    assert client.get(reverse("stats:pdf", kwargs={"kind": kind, "key": key})).status_code == 404
    assert client.get(reverse("stats:export", kwargs={"kind": kind, "key": key, "table": "oldest",
                                                      "fmt": "csv"})).status_code == 404
    response = client.get(api(kind, key))
    assert response.status_code == (403 if user == "ayu" else 404)
    assert response.json()["code"] == ("forbidden" if user == "ayu" else "not_found")


@pytest.mark.parametrize("user, kind, name", ALLOWED)
def test_allowed_pages_and_api(client, cast, user, kind, name):
    client.force_login(getattr(cast, user))
    key = _key(cast, kind, name)
    assert client.get(url(kind, key), FEB).status_code == 200
    assert client.get(api(kind, key), FEB).status_code == 200


def test_anonymous_is_sent_to_login_and_api_401(client, cast):
    response = client.get(url("wilayah", cast.makassar.code))
    assert response.status_code == 302 and "/akun/" in response["Location"]
    assert client.get(api("wilayah", cast.makassar.code)).status_code == 401
    assert client.get("/api/v1/stats/dashboards").status_code == 401


def test_index_lists_own_dashboards(client, cast):
    client.force_login(cast.indah)
    page = client.get(reverse("stats:index")).content.decode()
    assert url("provinsi", cast.province.code) in page and url("wilayah", cast.gowa.code) in page
    client.force_login(cast.eko)
    page = client.get(reverse("stats:index")).content.decode()
    assert url("opd", cast.pupr.pk) in page and url("wilayah", cast.makassar.code) not in page
    assert [d["kind"] for d in client.get("/api/v1/stats/dashboards").json()] == ["opd"]
    client.force_login(cast.ayu)
    assert client.get(reverse("stats:index")).status_code == 404


def test_province_admin_opens_a_regency_dashboard_but_only_own_reports_in_the_oldest(client, known, cast):
    # The province admin (budi) sees the regencies' figures, as in the province-wide view, but opens only
    # the province's own reports (complaints.permissions), so Makassar's oldest items are not listed.
    client.force_login(cast.budi)
    page = client.get(url("wilayah", cast.makassar.code), FEB).content.decode()
    assert 'data-figure="total">3<' in page and 'data-figure="share_on_time">50%<' in page
    assert known.r3.tracking_id not in page and "data-oldest-limited" in page
    data = client.get(api("wilayah", cast.makassar.code), FEB).json()
    assert data["total"] == 3 and data["oldest"] == [] and data["oldest_limited"] is True
    assert url("wilayah", cast.makassar.code) in client.get(reverse("stats:index")).content.decode()
    assert {(d["kind"], d["key"]) for d in client.get("/api/v1/stats/dashboards").json()} >= {
        ("provinsi", cast.province.code), ("wilayah", cast.makassar.code), ("wilayah", cast.gowa.code)}
    # The city's own admin sees the item and no note.
    client.force_login(cast.citra)
    page = client.get(url("wilayah", cast.makassar.code), FEB).content.decode()
    assert known.r3.tracking_id in page and "data-oldest-limited" not in page


def test_dashboard_page_shows_the_figures(client, known, cast):
    client.force_login(cast.citra)
    response = client.get(url("wilayah", cast.makassar.code), FEB)
    page = response.content.decode()
    assert 'data-figure="total">3<' in page
    assert 'data-figure="share_on_time">50%<' in page
    assert 'data-figure="median_follow_up">3<' in page
    assert 'data-figure="satisfaction">3,5<' in page or 'data-figure="satisfaction">3.5<' in page
    assert known.r3.tracking_id in page and reverse("complaints:staff_detail", args=[known.r3.tracking_id]) in page
    assert 'role="img" aria-labelledby="h-state"' in page and 'id="h-state"' in page
    assert "<title>Dinas PUPR Makassar: 50%</title>" in page
    assert 'tabindex="0"' in page and "<details" in page
    assert ' style="' not in page and "<script>" not in page
    assert "vendor/leaflet/leaflet.js" in page and "stats-map-points" in page


def test_bad_filter_shows_a_message_not_a_500(client, cast):
    client.force_login(cast.citra)
    response = client.get(url("wilayah", cast.makassar.code), {"since": "2026-13", "category": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bulan awal tidak sah" in page and "Kategori tidak dikenal" in page
    api_response = client.get(api("wilayah", cast.makassar.code), {"until": "bukan-bulan"})
    assert api_response.status_code == 400
    body = api_response.json()
    assert body["code"] == "invalid" and body["errors"][0]["field"] == "until"
    assert client.get(reverse("stats:pdf", kwargs={"kind": "wilayah", "key": cast.makassar.code}),
                      {"month": "2026-99"}).status_code == 400
    assert client.get(reverse("stats:export", kwargs={"kind": "wilayah", "key": cast.makassar.code,
                                                      "table": "oldest", "fmt": "docx"})).status_code == 400


def _count(client, path, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, params).status_code == 200
    return len(ctx.captured_queries)


# The headline adds two queries at most: the overdue count, and the months of the previous period not at hand.
@pytest.mark.parametrize("user, kind, name, limit", [
    ("citra", "wilayah", "makassar", 22), ("eko", "opd", "pupr", 19), ("indah", "provinsi", "province", 26),
])
def test_query_count_is_bounded_and_does_not_grow(client, known, cast, django_assert_max_num_queries,
                                                  user, kind, name, limit):
    client.force_login(getattr(cast, user))
    path = url(kind, _key(cast, kind, name))
    params = {"since": "2026-01", "until": "2026-06"}
    with django_assert_max_num_queries(limit):
        client.get(path, params)
    before = _count(client, path, params)
    random_workflows(cast, reports=25, steps=80, seed=5, start=wita(2026, 2, 9, 9))
    after = _count(client, path, params)
    assert after <= before
    with django_assert_max_num_queries(limit):
        client.get(path, params)


def test_public_pages_show_aggregates_only(client, known, cast):
    page = client.get(reverse("stats:public_jurisdiction", args=[cast.makassar.code]), FEB).content.decode()
    assert 'data-figure="total">3<' in page and 'data-figure="share_on_time">50%<' in page
    assert known.r3.tracking_id not in page and "stats-map" not in page
    assert reverse("stats:public_agency", args=[cast.pupr.pk]) in page
    page = client.get(reverse("stats:public_agency", args=[cast.pupr.pk]), FEB).content.decode()
    assert 'data-figure="total">2<' in page
    assert client.get(reverse("stats:public_jurisdiction", args=["99.99"])).status_code == 404
    assert client.get(reverse("stats:public_jurisdiction", args=[cast.makassar.code]),
                      {"since": "x"}).status_code == 400
    data = client.get(f"/api/v1/stats/publik/{cast.makassar.code}", FEB).json()
    assert data["total"] == 3 and data["oldest"] is None and data["map"] is None
    assert client.get(f"/api/v1/stats/publik/opd/{cast.pupr.pk}", FEB).json()["total"] == 2
    assert reverse("stats:public_index") in client.get(reverse("home")).content.decode()


def test_public_page_query_count(client, known, cast, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get(reverse("stats:public_jurisdiction", args=[cast.makassar.code]), FEB)


def test_api_matches_the_page(client, known, cast):
    client.force_login(cast.citra)
    data = client.get(api("wilayah", cast.makassar.code), FEB).json()
    assert data["total"] == 3 and data["share_on_time"] == 50.0
    assert data["stages"][1]["median_days"] == 3
    assert data["satisfaction"]["average"] == 3.5
    assert data["oldest"][0]["tracking_id"] == known.r3.tracking_id
    assert data["agency_ranking"][0]["label"] == "Dinas PUPR Makassar"
    assert data["filters"] == {"since": "2026-02", "until": "2026-02", "category": None, "agency": None,
                               "region": None, "order": "tepat-waktu"}


def test_pdf_contains_the_figures_of_the_screen(client, known, cast):
    client.force_login(cast.citra)
    response = client.get(reverse("stats:pdf", kwargs={"kind": "wilayah", "key": cast.makassar.code}),
                          {"month": "2026-02"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Laporan kinerja bulanan 02/2026" in text and "Kota Makassar" in text
    assert "Laporan diterima 3" in text
    assert "Tindak lanjut OPD tepat waktu 50%" in text
    assert "Rata-rata kepuasan (1–5) 3,5" in text
    assert "Tindak lanjut OPD 2 1 1 50% 3" in text
    assert "Verifikasi dan disposisi 3 2 1 66,7% 0" in text
    assert known.r3.tracking_id in text
    assert "Dinas PUPR Makassar" in text


def test_downloads(client, known, cast):
    client.force_login(cast.citra)
    response = client.get(reverse("stats:export", kwargs={"kind": "wilayah", "key": cast.makassar.code,
                                                          "table": "agencies", "fmt": "csv"}), FEB)
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Dinas PUPR Makassar" in content and "50" in content
    response = client.get(reverse("stats:export", kwargs={"kind": "wilayah", "key": cast.makassar.code,
                                                          "table": "oldest", "fmt": "xlsx"}), FEB)
    assert response.status_code == 200
    assert client.get(reverse("stats:export", kwargs={"kind": "opd", "key": cast.pupr.pk, "table": "agencies",
                                                      "fmt": "csv"}), FEB).status_code == 404


def test_tile_server_is_allowed_in_img_src_on_the_dashboard_only(client, cast, settings):
    settings.MAP_TILE_URL = "https://tiles.contoh.id/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Peta Contoh"
    client.force_login(cast.citra)
    response = client.get(url("wilayah", cast.makassar.code), FEB)
    policy = response["Content-Security-Policy"]
    assert "https://tiles.contoh.id" in policy and "unsafe-inline" not in policy
    assert 'data-tiles="https://tiles.contoh.id/{z}/{x}/{y}.png"' in response.content.decode()
    assert "tiles.contoh.id" not in client.get(reverse("complaints:inbox"))["Content-Security-Policy"]


def test_openapi_lists_the_stats_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/stats/dashboards", "/api/v1/stats/{kind}/{key}", "/api/v1/stats/publik/{code}",
            "/api/v1/stats/publik/opd/{agency_id}"} <= set(paths)
