"""Over a rate limit, pages answer 429 with an Indonesian page and the API with its error shape."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from baruga.accounts.tests.helpers import password_login
from baruga.complaints.models import Report

THROTTLED = "Anda mengirim terlalu banyak permintaan dalam waktu singkat"


@pytest.fixture
def limits(settings):
    """Lower one limit for a test: limits(track="2/m")."""

    def _set(**rates):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **rates}

    return _set


def _report_form(cast):
    return {"kind": "complaint", "title": "Lampu jalan mati di Jl. Sultan Alauddin",
            "body": "Sudah seminggu lampu jalan mati sehingga gelap dan rawan kecelakaan pada malam hari.",
            "location": cast.makassar.pk, "district": cast.tamalate.pk, "category": "", "address": "",
            "latitude": "", "longitude": "", "event_date": "", "contact_name": "Rudi",
            "contact_email": "rudi@contoh.id", "contact_phone": "", "submission_token": str(uuid.uuid4())}


def test_the_report_form_allows_ten_an_hour_per_address_by_default(client, cast):
    statuses = [client.post("/lapor/", _report_form(cast)).status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]
    assert Report.objects.count() == 10


def test_the_report_form_answers_429_in_indonesian_with_retry_after(client, cast, limits):
    limits(report="1/h")
    client.post("/lapor/", _report_form(cast))
    response = client.post("/lapor/", _report_form(cast))
    assert response.status_code == 429
    assert THROTTLED in response.text
    assert int(response["Retry-After"]) > 0
    assert client.get("/lapor/").status_code == 200  # reading the form is not limited


def test_another_address_has_its_own_budget(client, cast, limits):
    limits(report="1/h")
    client.post("/lapor/", _report_form(cast), REMOTE_ADDR="192.0.2.1")
    assert client.post("/lapor/", _report_form(cast), REMOTE_ADDR="192.0.2.2").status_code == 302


def test_the_api_filing_shares_the_limit_and_answers_in_its_error_shape(client, cast, limits):
    limits(report="1/h")
    client.post("/lapor/", _report_form(cast))
    payload = {"kind": "complaint", "title": "Jalan rusak di depan pasar",
               "body": "Jalan berlubang besar di depan pasar, sudah dua minggu tidak diperbaiki.",
               "location_code": "73.71", "contact_name": "Rudi", "contact_email": "rudi@contoh.id"}
    response = client.post("/api/v1/reports", payload, content_type="application/json")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled" and body["errors"] == []
    assert body["detail"].startswith("Terlalu banyak permintaan; coba lagi dalam")


def test_tracking_look_ups_are_limited(client, cast, limits, file_report):
    limits(track="3/m")
    report = file_report()
    for _ in range(3):
        assert client.get(f"/lacak/?tracking_id={report.tracking_id}").status_code == 302
    assert client.get(f"/lacak/?tracking_id={report.tracking_id}").status_code == 429
    assert client.get(f"/lacak/{report.tracking_id}/").status_code == 429
    assert client.get(f"/api/v1/reports/{report.tracking_id}").json()["code"] == "throttled"


def test_tracking_allows_thirty_a_minute_by_default(client, cast, file_report):
    report = file_report()
    statuses = {client.get(f"/lacak/{report.tracking_id}/").status_code for _ in range(30)}
    assert statuses == {200}
    assert client.get(f"/lacak/{report.tracking_id}/").status_code == 429


def _png():
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, format="PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


def test_attachment_downloads_are_limited_per_user(client, cast, file_report, limits):
    limits(attachment="2/m")
    report = file_report(category=cast.city_road, attachments=[_png()])
    url = f"/lampiran/{report.attachments.get().pk}/"
    client.force_login(cast.citra)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    client.force_login(cast.hadi)  # another user (the mayor), same address
    assert client.get(url).status_code == 200


def test_login_posts_are_limited_per_address(client, cast, limits):
    limits(login="2/m")
    assert password_login(client, "ayu", password="salah-sekali-1").status_code == 200
    assert password_login(client, "ayu", password="salah-sekali-1").status_code == 200
    response = password_login(client, "ayu")
    assert response.status_code == 429 and THROTTLED in response.text
    assert client.get("/akun/masuk/").status_code == 200


def test_sign_ups_are_limited_per_address(client, db, limits):
    limits(signup="1/h")
    form = {"username": "warga1", "first_name": "Warga", "email": "warga1@contoh.id", "phone": "",
            "password1": "kopi-susu-pahit-77", "password2": "kopi-susu-pahit-77"}
    assert client.post("/akun/daftar/", form).status_code == 302
    client.logout()
    assert client.post("/akun/daftar/", {**form, "username": "warga2", "email": "w2@contoh.id"}).status_code == 429


def _public_report(cast, file_report, **overrides):
    from baruga.complaints import actions

    report = file_report(category=cast.city_road, **overrides)
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    return report


def test_public_report_pages_are_limited_per_address(client, cast, file_report, limits):
    limits(public_report="2/m")
    report = _public_report(cast, file_report)
    url = f"/laporan/{report.tracking_id}/"
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    response = client.get(url)
    assert response.status_code == 429 and THROTTLED in response.text and int(response["Retry-After"]) > 0
    assert client.get("/laporan/BRG-2222-3333/").status_code == 429  # guesses too
    assert client.get(url, REMOTE_ADDR="192.0.2.44").status_code == 200  # another address


def test_thirty_five_unknown_report_ids_end_in_429_by_default(client, db):
    statuses = [client.get(f"/laporan/BRG-{i:04d}-2345/").status_code for i in range(2000, 2035)]
    assert statuses == [404] * 30 + [429] * 5


def test_a_citizen_opening_every_report_of_a_list_page_is_not_limited(client, cast, file_report):
    reports = [_public_report(cast, file_report, title=f"Jalan berlubang nomor {n} di Tamalate") for n in range(20)]
    page = client.get("/laporan/").text
    for report in reports:
        assert f'href="/laporan/{report.tracking_id}/"' in page
    assert {client.get(f"/laporan/{r.tracking_id}/").status_code for r in reports} == {200}
    assert client.get(f"/lacak/{reports[0].tracking_id}/").status_code == 200  # tracking keeps its own budget
