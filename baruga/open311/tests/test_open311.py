"""Open311 GeoReport v2: a generic client's flow, every resource in both formats, refusals, privacy."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from baruga.apikeys import services as keys
from baruga.complaints import actions
from baruga.complaints.models import Report, ReporterContact
from baruga.open311.models import Submission

BASE = "/open311/73.71/v2"


@pytest.fixture
def key(cast):
    return keys.create_key(owner=cast.citra, name="Aplikasi 311", scopes=["open311:write"])[1]


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def _json(response, status=200):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _xml(response, status=200):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def _form(key, **overrides):
    data = {"api_key": key, "service_code": "jalan-kota", "lat": "-5.147665", "long": "119.432732",
            "description": "Lubang besar di Jl. Daeng Tata, hubungi 081234567890 atau ayu@contoh.id.",
            "first_name": "Ayu", "last_name": "Lestari", "email": "ayu.lestari@contoh.id", "phone": "081234567890",
            "attribute[kecamatan]": None, "attribute[anonim]": "false"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _post(client, fmt, data):
    return client.post(f"{BASE}/requests.{fmt}", data)


def _error(response, status, fmt="json"):
    if fmt == "json":
        body = _json(response, status)
        assert isinstance(body, list) and body[0]["code"] == status and body[0]["description"]
        return body[0]["description"]
    root = _xml(response, status)
    assert root.tag == "errors" and root.find("error/code").text == str(status)
    return root.find("error/description").text


# The generic client flow

def test_a_generic_client_flow_works_end_to_end(cast, key, client):
    discovery = _json(client.get(f"{BASE}/discovery.json"))
    endpoint = discovery["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/73.71/v2/"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}

    services = _json(client.get(endpoint["url"] + "services.json"))
    assert [s["service_code"] for s in services] == ["jalan-kota"]  # Makassar routes this leaf only
    assert services[0] == {**services[0], "service_name": "Jalan kabupaten/kota", "metadata": True,
                           "type": "realtime", "group": "Jalan dan Jembatan"}

    definition = _json(client.get(endpoint["url"] + "services/jalan-kota.json"))
    codes = {a["code"]: a for a in definition["attributes"]}
    assert codes["kecamatan"]["values"] == [{"key": str(cast.tamalate.pk), "name": "Tamalate"}]
    assert codes["kecamatan"]["datatype"] == "singlevaluelist" and codes["tanggal_kejadian"]["datatype"] == "datetime"

    data = _form(key, **{"attribute[kecamatan]": str(cast.tamalate.pk), "attribute[tanggal_kejadian]": "2026-11-20"})
    created = _json(_post(client, "json", data), 200)[0]
    report = Report.objects.get(tracking_id=created["service_request_id"])
    assert report.channel == "api" and report.reporter is None and report.district == cast.tamalate
    assert report.category == cast.city_road and report.jurisdiction == cast.makassar
    assert str(report.event_date) == "2026-11-20" and str(report.latitude) == "-5.147665"
    contact = ReporterContact.objects.get(report=report)
    assert (contact.name, contact.email, contact.phone) == ("Ayu Lestari", "ayu.lestari@contoh.id", "081234567890")
    assert Submission.objects.get(report=report).token == created["token"]
    assert "?k=" in created["service_notice"]

    token = _json(client.get(f"{BASE}/tokens/{created['token']}.json"))
    assert token == [{"service_request_id": report.tracking_id, "token": created["token"]}]

    # Not verified yet: its status alone
    row = _json(client.get(f"{BASE}/requests/{report.tracking_id}.json"))[0]
    assert row["status"] == "open" and row["description"] == "" and row["lat"] is None

    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    actions.dispatch(actor=cast.citra, report=report, agency=cast.pupr)
    row = _json(client.get(f"{BASE}/requests/{report.tracking_id}.json"))[0]
    assert row["service_code"] == "jalan-kota" and row["agency_responsible"] == "Dinas PUPR Makassar"
    assert "081234567890" not in row["description"] and "ayu@contoh.id" not in row["description"]
    assert row["lat"] == pytest.approx(-5.147665) and row["requested_datetime"].endswith("+08:00")
    assert "Ayu" not in json.dumps(row)

    updates = _json(client.get(f"{BASE}/servicerequestupdates.json"))
    assert [u["description"] for u in updates] == [
        "Laporan diterima", "Laporan diverifikasi", "Laporan didisposisikan ke OPD"]
    assert {u["service_request_id"] for u in updates} == {report.tracking_id}
    assert all(u["status"] == "open" for u in updates)


def test_the_same_flow_in_xml(cast, key, client):
    root = _xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery" and root.find("endpoints/endpoint/formats/format").text == "text/xml"
    root = _xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services" and root.find("service/service_code").text == "jalan-kota"
    assert root.find("service/metadata").text == "true"
    root = _xml(client.get(f"{BASE}/services/jalan-kota.xml"))
    assert root.tag == "service_definition"
    assert [a.find("code").text for a in root.findall("attributes/attribute")][:2] == ["kecamatan", "tanggal_kejadian"]
    assert root.find("attributes/attribute/values/value/key").text == str(cast.tamalate.pk)
    root = _xml(_post(client, "xml", _form(key, lat="", long="", address_string="Jl. Daeng Tata No. 5")), 200)
    assert root.tag == "service_requests"
    tracking_id = root.find("request/service_request_id").text
    report = Report.objects.get(tracking_id=tracking_id)
    assert report.address == "Jl. Daeng Tata No. 5" and report.latitude is None
    root = _xml(client.get(f"{BASE}/requests.xml?service_request_id={tracking_id}"))
    assert root.find("request/status").text == "open"
    root = _xml(client.get(f"{BASE}/servicerequestupdates.xml"))
    assert root.tag == "service_requests_updates" and root.findall("request_update") == []  # not public yet


def test_media_url_is_kept_as_a_link_in_the_text(cast, key, client):
    created = _json(_post(client, "json", _form(key, media_url="https://contoh.id/foto/1.jpg")), 200)[0]
    assert Report.objects.get(tracking_id=created["service_request_id"]).body.endswith(
        "Media: https://contoh.id/foto/1.jpg")


def test_a_province_endpoint_asks_for_the_regency(cast, key, client):
    definition = _json(client.get("/open311/73/v2/services/jalan-provinsi.json"))
    first = definition["attributes"][0]
    assert first["code"] == "kabupaten_kota" and first["required"] is True
    assert {v["key"] for v in first["values"]} == {"73.71", "73.06"}
    data = _form(key, service_code="jalan-provinsi")
    assert "kabupaten_kota" in _error(client.post("/open311/73/v2/requests.json", data), 400)
    data["attribute[kabupaten_kota]"] = "73.06"
    created = _json(client.post("/open311/73/v2/requests.json", data), 200)[0]
    report = Report.objects.get(tracking_id=created["service_request_id"])
    assert report.location == cast.gowa and report.jurisdiction == cast.province


# Refusals: the documented error, nothing stored

@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("change, status, words", [
    ({"api_key": ""}, 403, "api_key"),
    ({"api_key": "bk_tidak-ada"}, 403, "api_key"),
    ({"service_code": ""}, 400, "service_code"),
    ({"service_code": "jalan-provinsi"}, 404, "service_code"),  # not handled by Makassar
    ({"lat": "", "long": ""}, 400, "Lokasi"),
    ({"lat": "abc"}, 400, "lat"),
    ({"lat": "91"}, 400, "lat"),
    ({"lat": "NaN"}, 400, "lat"),
    ({"long": ""}, 400, "bersama"),
    ({"description": "x" * 4001}, 400, "description"),
    ({"email": "bukan-email"}, 400, "email"),
    ({"phone": "abc"}, 400, "phone"),
    ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
    ({"attribute[warna]": "merah"}, 400, "warna"),
    ({"attribute[anonim]": "mungkin"}, 400, "anonim"),
    ({"attribute[kecamatan]": "999999"}, 400, "kecamatan"),
    ({"attribute[tanggal_kejadian]": "kemarin"}, 400, "tanggal_kejadian"),
    ({"attribute[tanggal_kejadian]": "2999-01-01"}, 400, "masa depan"),
    ({"jurisdiction_id": "73.06"}, 400, "jurisdiction_id"),
    ({"first_name": "x" * 61}, 400, "first_name"),
])
def test_bad_input_is_refused_and_nothing_is_stored(cast, key, client, fmt, change, status, words):
    description = _error(_post(client, fmt, _form(key, **change)), status, fmt)
    assert words in description
    assert not Report.objects.exists() and not Submission.objects.exists()


def test_a_key_without_the_scope_or_revoked_is_403(cast, client):
    _key, wrong = keys.create_key(owner=cast.citra, name="x", scopes=["staff:read"])
    assert "open311:write" in _error(_post(client, "json", _form(wrong)), 403)
    stored, revoked = keys.create_key(owner=cast.citra, name="y", scopes=["open311:write"])
    keys.revoke_key(key=stored)
    _error(_post(client, "json", _form(revoked)), 403)
    assert not Report.objects.exists()


def test_malformed_bodies_are_refused(cast, key, client):
    for content_type, body in [("application/json", json.dumps(_form(key))),
                               ("text/xml", "<request><api_key>x</api_key>"),
                               ("application/x-www-form-urlencoded", "%%%&&&=\xff")]:
        response = client.post(f"{BASE}/requests.json", body, content_type=content_type)
        assert response.status_code in (400, 403), response.content
        assert response.json()[0]["code"] == response.status_code
    big = {**_form(key), "description": "x" * (70 * 1024)}
    assert "terlalu besar" in _error(_post(client, "json", big), 400)
    files = _form(key)
    from django.core.files.uploadedfile import SimpleUploadedFile
    files["media"] = SimpleUploadedFile("a.jpg", b"xx", content_type="image/jpeg")
    assert "media_url" in _error(client.post(f"{BASE}/requests.json", files), 400)
    assert not Report.objects.exists()


def test_unknown_places_formats_and_methods(cast, client):
    assert "73.99" in _error(client.get("/open311/73.99/v2/services.json"), 404)
    _error(client.get("/open311/00/v2/services.xml"), 404, "xml")  # external: no endpoint
    _error(client.get(f"{BASE}/services/tidak-ada.xml"), 404, "xml")
    _error(client.get(f"{BASE}/services.yaml"), 400, "xml")
    _error(client.get(f"{BASE}/apa-ini.json"), 404)
    _error(client.delete(f"{BASE}/requests.json"), 405)
    _error(client.get(f"{BASE}/requests/BRG-0000-0000.json"), 404)
    _error(client.get(f"{BASE}/tokens/tidak-ada.json"), 404)
    _error(client.get(f"{BASE}/services.json?jurisdiction_id=73.06"), 400)


# Reads: filters, defaults, privacy

@pytest.fixture
def public_reports(cast, file_report):
    def verified(**fields):
        report = file_report(category=cast.city_road, **fields)
        admin = cast.dewi if report.jurisdiction == cast.gowa else cast.citra
        actions.verify(actor=admin, report=report, title=report.title, category=cast.city_road)
        report.refresh_from_db()
        return report
    return verified


def test_requests_filters(cast, client, public_reports, file_report):
    open_one = public_reports(title="Satu")
    closed = public_reports(title="Dua")
    actions.dispatch(actor=cast.citra, report=closed, agency=cast.pupr)
    actions.respond(actor=cast.fajar, report=closed, body="Sudah diperbaiki.")
    actions.finish(actor=cast.citra, report=closed)
    secret = public_reports(title="Tiga", is_confidential=True)
    file_report(title="Belum diverifikasi")
    gowa = public_reports(title="Di Gowa", location=cast.gowa, district=cast.somba_opu)

    def ids(query=""):
        return {r["service_request_id"] for r in _json(client.get(f"{BASE}/requests.json{query}"))}

    assert ids() == {open_one.tracking_id, closed.tracking_id}
    assert ids("?status=open") == {open_one.tracking_id}
    assert ids("?status=closed") == {closed.tracking_id}
    assert ids("?status=open,closed") == {open_one.tracking_id, closed.tracking_id}
    assert ids("?service_code=jalan-kota") == {open_one.tracking_id, closed.tracking_id}
    later = (timezone.now() + timedelta(days=1)).isoformat()
    assert ids(f"?start_date={later.replace('+', '%2B')}") == set()
    Report.objects.filter(pk=open_one.pk).update(created_at=timezone.now() - timedelta(days=100))
    assert ids() == {closed.tracking_id}  # 90 days by default
    today = timezone.localdate()
    old_window = f"?start_date={today - timedelta(days=110)}&end_date={today - timedelta(days=30)}"
    assert ids(old_window) == {open_one.tracking_id}
    assert ids(f"?service_request_id={open_one.tracking_id},{secret.tracking_id},{gowa.tracking_id}") == {
        open_one.tracking_id}
    _error(client.get(f"{BASE}/requests/{secret.tracking_id}.json"), 404)  # confidential: not here
    _error(client.get(f"{BASE}/requests/{gowa.tracking_id}.json"), 404)  # another jurisdiction
    _error(client.get(f"{BASE}/requests.json?status=pending"), 400)
    _error(client.get(f"{BASE}/requests.json?start_date=kemarin"), 400)
    _error(client.get(f"{BASE}/requests.json?start_date=2026-02-01&end_date=2026-01-01"), 400)
    _error(client.get(f"{BASE}/requests.json?service_code=tidak-ada"), 404)


def test_requests_are_capped_at_1000(cast, client, public_reports, monkeypatch):
    from baruga.open311 import services

    monkeypatch.setattr(services, "MAX_RESULTS", 2)
    for n in range(3):
        public_reports(title=f"Laporan {n}")
    assert len(_json(client.get(f"{BASE}/requests.json"))) == 2


def test_updates_show_public_history_only(cast, client, dispatched_report, file_report):
    actions.add_note(actor=cast.eko, report=dispatched_report, body="Catatan internal rahasia")
    actions.request_extension(actor=cast.eko, report=dispatched_report, working_days=2, reason="Alasan dalam")
    hidden = file_report(category=cast.city_road, is_confidential=True)
    actions.verify(actor=cast.citra, report=hidden, title=hidden.title, category=cast.city_road)
    updates = _json(client.get(f"{BASE}/servicerequestupdates.json"))
    assert {u["service_request_id"] for u in updates} == {dispatched_report.tracking_id}
    text = json.dumps(updates)
    assert "perpanjangan" not in text and "rahasia" not in text and "Alasan" not in text
    assert [u["update_id"] for u in updates] == sorted((u["update_id"] for u in updates), key=int)
    only = _json(client.get(f"{BASE}/servicerequestupdates.json?service_request_id=BRG-0000-0000"))
    assert only == []


def test_reads_keep_a_fixed_number_of_queries(cast, client, public_reports, django_assert_max_num_queries):
    for n in range(5):
        public_reports(title=f"Laporan {n}")
    with django_assert_max_num_queries(3):
        assert len(_json(client.get(f"{BASE}/requests.json"))) == 5
    with django_assert_max_num_queries(4):
        _json(client.get(f"{BASE}/servicerequestupdates.json"))
    with django_assert_max_num_queries(2):
        _json(client.get(f"{BASE}/services.json"))
    with django_assert_max_num_queries(4):
        _json(client.get(f"{BASE}/services/jalan-kota.json"))


def test_reads_are_rate_limited(cast, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311": "2/m"}
    assert [client.get(f"{BASE}/services.json").status_code for _ in range(3)] == [200, 200, 429]
    assert _error(client.get(f"{BASE}/services.xml"), 429, "xml")


def test_posts_count_against_the_key(cast, client):
    _stored, key = keys.create_key(owner=cast.citra, name="x", scopes=["open311:write"], rate_limit="1/m")
    _json(_post(client, "json", _form(key)), 200)
    _error(_post(client, "json", _form(key)), 429)
    assert Report.objects.count() == 1


@pytest.mark.real_2fa
def test_a_half_signed_in_staff_session_does_not_block_open311(cast, key):
    client = Client()
    client.force_login(cast.citra)
    assert client.get(f"{BASE}/services.json").status_code == 200
    assert _post(client, "json", _form(key)).status_code == 200


def test_xml_stays_well_formed_whatever_the_text_holds(cast, key, client):
    created = _json(_post(client, "json", _form(key, description="Lubang \x0b di jalan\x01, sudah dua minggu rusak.")),
                    200)[0]
    report = Report.objects.get(tracking_id=created["service_request_id"])
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    root = _xml(client.get(f"{BASE}/requests/{report.tracking_id}.xml"))
    assert "sudah dua minggu" in root.find("request/description").text
    assert client.head(f"{BASE}/services.xml").status_code == 200
