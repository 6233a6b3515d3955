"""The citizen and public API: filing, following with the secret, reporter actions, the public list."""

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from baruga.complaints import actions
from baruga.complaints.models import Attachment, Report, State
from baruga.complaints.tests.api_helpers import API, get, jpeg_with_gps, post, responded, secret_header


def _payload(cast, **overrides):
    data = {
        "kind": "complaint", "title": "Lampu jalan mati di Jl. Sultan Alauddin",
        "body": "Sudah seminggu lampu jalan mati sehingga gelap dan rawan kecelakaan pada malam hari.",
        "location_code": cast.makassar.code, "district_id": cast.tamalate.pk, "category_slug": "jalan-kota",
        "address": "Depan masjid", "is_anonymous": False, "is_confidential": False,
        "contact_name": "Rudi", "contact_email": "rudi@contoh.id", "contact_phone": "081299998888",
    }
    data.update(overrides)
    return data


@pytest.fixture
def road_report(cast, file_report):
    """A Makassar road report: received by Kota Makassar (citra), as the category says."""
    return lambda **fields: file_report(**{"category": cast.city_road, **fields})


def _guest_files(cast, **overrides):
    response = post(Client(enforce_csrf_checks=True), "/reports", _payload(cast, **overrides))
    assert response.status_code == 201, response.json()
    return Report.objects.get(tracking_id=response.json()["tracking_id"]), response.json()["secret"]


# Filing

def test_a_guest_without_cookies_files_a_report_and_gets_the_secret_once(cast):
    guest = Client(enforce_csrf_checks=True)
    response = post(guest, "/reports", _payload(cast))
    assert response.status_code == 201
    body = response.json()
    report = Report.objects.get()
    assert body["tracking_id"] == report.tracking_id and body["state"] == "submitted"
    assert body["state_label"] == "Belum terverifikasi"
    assert body["secret"] and f"?k={body['secret']}" in body["follow_url"]
    assert report.reporter is None and report.channel == "api" and report.jurisdiction == cast.makassar
    assert report.contact.name == "Rudi" and report.district == cast.tamalate


def test_a_logged_in_citizen_files_under_her_account_without_a_secret(client, cast):
    client.force_login(cast.ayu)
    response = post(client, "/reports", _payload(cast, contact_name="", contact_email="", contact_phone=""))
    assert response.status_code == 201
    assert response.json()["secret"] is None and response.json()["follow_url"] is None
    report = Report.objects.get()
    assert report.reporter == cast.ayu and report.contact.email == "ayu@contoh.id"


def test_a_logged_in_citizen_needs_the_csrf_token(cast):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(cast.ayu)
    refused = post(browser, "/reports", _payload(cast))
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert "CSRF" in refused.json()["detail"]
    assert not Report.objects.exists()

    browser.get("/")  # the page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    assert post(browser, "/reports", _payload(cast), **{"X-CSRFToken": token}).status_code == 201


def test_a_double_submit_with_the_same_token_files_one_report_and_answers_the_same(cast):
    token = str(uuid.uuid4())
    first = post(Client(), "/reports", _payload(cast, submission_token=token))
    again = post(Client(), "/reports", _payload(cast, submission_token=token))
    assert first.status_code == 201 and again.status_code == 200
    assert Report.objects.count() == 1
    assert again.json() == first.json()


def test_a_token_used_for_another_report_is_a_conflict(cast):
    token = str(uuid.uuid4())
    post(Client(), "/reports", _payload(cast, submission_token=token))
    other = post(Client(), "/reports", _payload(cast, submission_token=token, title="Laporan yang lain sama sekali",
                                                body="Isi laporan yang lain sama sekali, tentang hal yang berbeda."))
    assert other.status_code == 409 and other.json()["code"] == "refused"
    assert "sudah pernah dipakai" in other.json()["detail"]
    assert Report.objects.count() == 1


@pytest.mark.parametrize("overrides, field, message", [
    ({"title": None}, "title", "Wajib diisi."),
    ({"title": "x" * 151}, "title", "Terlalu panjang (maksimal 150 karakter)."),
    ({"kind": "gossip"}, "kind", "Pilihan tidak sah"),
    ({"contact_email": "bukan-email"}, "contact_email", "Alamat e-mail tidak sah."),
    ({"event_date": "kemarin"}, "event_date", "Tanggal tidak sah"),
    ({"latitude": 123}, "latitude", "Nilai maksimal 90"),
    ({"district_id": "satu"}, "district_id", "bilangan bulat"),
    ({"submission_token": "abc"}, "submission_token", "UUID"),
    ({"body": "Terlalu singkat."}, "body", "Terlalu pendek (minimal 20 karakter)."),
    ({"title": "   "}, "title", "Wajib diisi."),
    ({"location_code": ""}, "location_code", "Terlalu pendek (minimal 2 karakter)."),
    ({"location_code": "73.71x"}, "location_code", "Harus berupa teks dengan format yang benar."),
    ({"event_date": 0}, "event_date", "Tanggal tidak sah"),  # not seconds since 1970
    ({"is_anonymous": 0}, "is_anonymous", "true atau false"),
])
def test_input_that_does_not_match_the_schema_gets_422_in_indonesian(cast, overrides, field, message):
    data = {k: v for k, v in _payload(cast, **overrides).items() if v is not None}
    response = post(Client(), "/reports", data)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["detail"].startswith("Data yang dikirim tidak sah")
    assert any(e["field"] == field and message in e["message"] for e in body["errors"]), body["errors"]
    assert not Report.objects.exists()


@pytest.mark.parametrize("overrides, message", [
    ({"location_code": "99.99"}, "Kabupaten/kota dengan kode “99.99” tidak ditemukan."),
    ({"location_code": "73"}, "tidak ditemukan"),  # the province is not a place where something happened
    ({"category_slug": "jalan"}, "Kategori “jalan” tidak ditemukan."),  # a group, not a leaf
    ({"event_date": "2999-01-01"}, "Tanggal kejadian tidak boleh di masa depan."),
    ({"latitude": -5.1, "longitude": None}, "Titik peta harus berisi lintang dan bujur."),
    ({"location_code": "73.06"}, "Kecamatan tidak berada di kabupaten/kota yang dipilih."),
])
def test_unacceptable_values_get_400_in_indonesian(cast, overrides, message):
    response = post(Client(), "/reports", _payload(cast, **overrides))
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid" and message in response.json()["detail"]
    assert not Report.objects.exists()


def test_unparsable_json_gets_400_not_500(client, cast):
    response = client.post(f"{API}/reports", data="{title: ", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Isi permintaan tidak dapat dibaca; kirim JSON yang sah.",
                               "code": "invalid", "errors": []}


# Following

def test_the_guest_follows_the_report_with_the_secret(cast):
    report, secret = _guest_files(cast)
    actions.request_info(actor=cast.citra, report=report, reason="Mohon sertakan foto lokasi.")
    tracking = report.tracking_id.lower().replace("-", " ")  # typed as people type it
    body = get(Client(), f"/reports/{tracking}", **secret_header(secret)).json()
    assert body["access"] == "reporter" and body["tracking_id"] == report.tracking_id
    assert body["state"] == "needs_info" and body["state_label"] == "Menunggu kelengkapan dari pelapor"
    assert body["body"].startswith("Sudah seminggu") and body["allowed_actions"] == ["complete"]
    assert [h["action"] for h in body["history"]] == ["submit", "request_info"]
    assert body["history"][1]["reason"] == "Mohon sertakan foto lokasi."
    assert body["history"][1]["unit"] == "Kota Makassar"
    assert "Citra" not in json.dumps(body)  # units, never officers


def test_a_wrong_secret_gets_the_status_only(cast):
    report, _secret = _guest_files(cast)
    actions.request_info(actor=cast.citra, report=report, reason="Mohon sertakan foto lokasi.")
    body = get(Client(), f"/reports/{report.tracking_id}", **secret_header("tebakan")).json()
    assert body["access"] == "status" and body["state"] == "needs_info"
    assert body["title"] is None and body["body"] is None and body["responses"] is None
    assert all(h["reason"] is None for h in body["history"])
    assert "foto lokasi" not in json.dumps(body) and "Lampu jalan" not in json.dumps(body)


def test_the_owner_follows_with_her_session_and_others_do_not(client, cast, file_report):
    report = file_report()
    client.force_login(cast.ayu)
    assert get(client, f"/reports/{report.tracking_id}").json()["access"] == "reporter"
    client.force_login(cast.eko)
    assert get(client, f"/reports/{report.tracking_id}").json()["access"] == "status"


def test_an_unknown_tracking_id_is_404_in_the_error_shape(client, cast):
    response = get(client, "/reports/BRG-2222-2222")
    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan.", "code": "not_found", "errors": []}
    assert get(client, "/reports/bukan-nomor").status_code == 404


def test_the_public_summary_of_a_public_report_is_masked(cast, road_report):
    report = road_report(body="NIK saya 7371012345670001, telepon 0812-3456-7890, surel ayu.lestari@contoh.id.")
    responded(cast, report)
    body = get(Client(), f"/reports/{report.tracking_id}").json()
    assert body["access"] == "public"
    assert "7371012345670001" not in body["body"] and "****************" in body["body"]
    assert "3456" not in body["body"] and "ayu.lestari@" not in body["body"] and "a***@contoh.id" in body["body"]
    assert body["responses"][0]["body"] == "Lubang sudah ditambal pada hari Senin."
    assert body["due_at"] is None and body["rating"] is None and body["allowed_actions"] is None


def test_a_confidential_report_is_never_shown_publicly(cast, road_report):
    report = road_report(is_confidential=True, title="Pungli di kantor kelurahan")
    responded(cast, report)
    body = get(Client(), f"/reports/{report.tracking_id}").json()
    assert body["access"] == "status" and body["title"] is None and "Pungli" not in json.dumps(body)
    listed = get(Client(), "/public/reports").json()["items"]
    assert listed == []


# Reporter actions

def test_the_guest_completes_the_report_and_adds_a_photo_without_its_metadata(cast):
    report, secret = _guest_files(cast)
    actions.request_info(actor=cast.citra, report=report, reason="Mohon sertakan foto lokasi.")
    guest = Client(enforce_csrf_checks=True)
    uploaded = guest.post(f"{API}/reports/{report.tracking_id}/attachments", {"files": [jpeg_with_gps()]},
                          headers=secret_header(secret))
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json()[0]["content_type"] == "image/jpeg" and uploaded.json()[0]["name"] == "IMG_0001.jpg"
    stored = Attachment.objects.get(report=report).file.read()
    assert b"Pelapor Rahasia" not in stored

    done = post(guest, f"/reports/{report.tracking_id}/complete", {"text": "Foto sudah saya lampirkan."},
                **secret_header(secret))
    assert done.status_code == 200 and done.json()["state"] == "submitted"
    assert len(done.json()["attachments"]) == 1


def test_attachments_are_refused_once_verified_and_when_not_an_image(cast):
    report, secret = _guest_files(cast)
    url = f"{API}/reports/{report.tracking_id}/attachments"
    fake = SimpleUploadedFile("foto.jpg", b"MZ not an image", content_type="image/jpeg")
    bad = Client().post(url, {"files": [fake]}, headers=secret_header(secret))
    assert bad.status_code == 400 and "bukan gambar" in bad.json()["detail"]
    actions.verify(actor=cast.citra, report=report, title=report.title)
    late = Client().post(url, {"files": [jpeg_with_gps()]}, headers=secret_header(secret))
    assert late.status_code == 409 and late.json()["code"] == "refused"
    assert not Attachment.objects.exists()


def test_someone_without_the_secret_cannot_upload(cast):
    report, _secret = _guest_files(cast)
    url = f"{API}/reports/{report.tracking_id}/attachments"
    nobody = Client().post(url, {"files": [jpeg_with_gps()]})
    assert nobody.status_code == 401 and nobody.json()["code"] == "unauthenticated"
    wrong = Client().post(url, {"files": [jpeg_with_gps()]}, headers=secret_header("salah"))
    assert wrong.status_code == 403 and wrong.json()["code"] == "forbidden"
    assert not Attachment.objects.exists()


def test_the_owner_reopens_then_rates_with_her_session(client, cast, road_report):
    report = responded(cast, road_report())
    client.force_login(cast.ayu)
    reopened = post(client, f"/reports/{report.tracking_id}/reopen", {"text": "Lubangnya muncul lagi."})
    assert reopened.status_code == 200 and reopened.json()["state"] == "in_progress"
    actions.respond(actor=cast.fajar, report=report, body="Sudah ditambal ulang dengan aspal hotmix.")
    rated = post(client, f"/reports/{report.tracking_id}/rate", {"rating": 5, "comment": "Cepat."})
    assert rated.status_code == 200
    assert rated.json()["state"] == "finished" and rated.json()["rating"] == 5
    assert rated.json()["allowed_actions"] == []


def test_a_second_rating_is_a_conflict_and_changes_nothing(client, cast, road_report):
    report = responded(cast, road_report())
    client.force_login(cast.ayu)
    post(client, f"/reports/{report.tracking_id}/rate", {"rating": 4})
    again = post(client, f"/reports/{report.tracking_id}/rate", {"rating": 1})
    assert again.status_code == 409 and again.json()["detail"] == "Laporan ini sudah dinilai."
    report.refresh_from_db()
    assert report.rating == 4


def test_a_reporter_action_in_the_wrong_state_is_409_and_changes_nothing(client, cast, file_report):
    report = file_report()
    client.force_login(cast.ayu)
    response = post(client, f"/reports/{report.tracking_id}/reopen", {"text": "Belum puas."})
    assert response.status_code == 409 and response.json()["code"] == "refused"
    assert "tidak dapat dilakukan pada laporan berstatus" in response.json()["detail"]
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.events.count() == 1


def test_reporter_actions_need_proof(client, cast, road_report):
    report = responded(cast, road_report())
    assert post(Client(), f"/reports/{report.tracking_id}/rate", {"rating": 5}).status_code == 401
    client.force_login(cast.citra)
    assert post(client, f"/reports/{report.tracking_id}/rate", {"rating": 5}).status_code == 403
    bad = post(client, f"/reports/{report.tracking_id}/rate", {"rating": 9})
    assert bad.status_code == 422 and bad.json()["errors"] == [{"field": "rating", "message": "Nilai maksimal 5."}]
    report.refresh_from_db()
    assert report.rating is None and report.state == State.RESPONDED


# The public list

def test_the_public_list_shows_public_reports_masked(cast, road_report):
    public = responded(cast, road_report(body="Hubungi saya di 081234567890 atau ayu@contoh.id, NIK 7371012345670001."))
    road_report(title="Belum diverifikasi")  # submitted: not public yet
    items = get(Client(), "/public/reports").json()["items"]
    assert [i["tracking_id"] for i in items] == [public.tracking_id]
    excerpt = items[0]["excerpt"]
    assert "081234567890" not in excerpt and "ayu@contoh.id" not in excerpt and "7371012345670001" not in excerpt
    assert items[0]["location"] == {"code": "73.71", "name": "Kota Makassar"}


def test_the_public_list_searches_and_filters(cast, road_report):
    road = responded(cast, road_report(title="Jalan berlubang di Jl. Daeng Tata"))
    lamp = responded(cast, road_report(title="Lampu penerangan padam", body="Lampu penerangan jalan padam sejak "
                                                                              "tiga malam di perempatan."))
    assert [i["tracking_id"] for i in get(Client(), "/public/reports?q=lampu").json()["items"]] == [lamp.tracking_id]
    by_category = get(Client(), "/public/reports?category=jalan").json()["items"]
    assert {i["tracking_id"] for i in by_category} == {road.tracking_id, lamp.tracking_id}
    assert get(Client(), "/public/reports?location=73.06").json()["items"] == []
    unknown = get(Client(), "/public/reports?location=99.99")
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "location"


def test_the_public_list_pages_with_a_cursor(cast, road_report):
    for n in range(23):
        report = road_report(title=f"Laporan nomor {n}")
        actions.verify(actor=cast.citra, report=report, title=report.title)
    first = get(Client(), "/public/reports").json()
    assert len(first["items"]) == 20 and first["next_cursor"]
    second = get(Client(), f"/public/reports?cursor={first['next_cursor']}").json()
    assert len(second["items"]) == 3 and second["next_cursor"] is None
    seen = [i["tracking_id"] for i in first["items"] + second["items"]]
    assert len(set(seen)) == 23
    bad = get(Client(), "/public/reports?cursor=%%%")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"


def test_the_public_list_query_count_does_not_grow_with_the_reports(cast, road_report):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert get(Client(), "/public/reports").status_code == 200
        return len(queries)

    for _ in range(3):
        responded(cast, road_report())
    few = count_queries()
    for _ in range(7):
        responded(cast, road_report())
    assert count_queries() == few <= 2


# The document

def test_the_openapi_document_and_the_docs_are_served(client, db):
    schema = client.get(f"{API}/openapi.json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["info"]["title"] == "Baruga API" and document["info"]["version"] == "1"
    assert "/api/v1/staff/reports/{tracking_id}/dispatch" in document["paths"]
    assert client.get(f"{API}/docs").status_code == 200


@pytest.mark.parametrize("raw", ["[]", "null", '"teks"', "1", '{"title": {"a": 1}}', "\u00ff\u00fe"])
def test_odd_bodies_get_an_error_in_the_shape_never_500(client, cast, raw):
    response = client.post(f"{API}/reports", data=raw.encode("latin-1"), content_type="application/json")
    assert response.status_code in (400, 422)
    assert set(response.json()) == {"detail", "code", "errors"} and response.json()["code"] == "invalid"


@pytest.mark.parametrize("query", ["?cursor=MjAyNC0wMS0wMXx4", "?cursor=eHx5fHo", "?q=" + "%27%22%28%29%26%7C!" * 5,
                                   "?q=" + "a" * 101, "?location=" + "7" * 20])
def test_odd_queries_of_the_public_list_never_500(client, cast, query):
    response = get(client, f"/public/reports{query}")
    assert response.status_code in (200, 400, 422), response.content
    assert "detail" in response.json() or "items" in response.json()
