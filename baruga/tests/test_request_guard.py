"""Input no view can use gets a 400 in the format of where it was sent, never a 500, and changes nothing
(`baruga.request_guard`): a NUL character anywhere in the text of a request, a multipart form without a
boundary."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baruga.complaints.models import InternalNote, Report, ReportEvent
from baruga.complaints.tests.api_helpers import jpeg_with_gps
from baruga.ppid.models import InformationRequest
from baruga.ppid.tests.conftest import file_request, pdf_upload, ppid  # noqa: F401 (fixtures)

NUL_MESSAGE = "karakter NUL"
FORM_MESSAGE = "Data formulir tidak dapat dibaca."
NO_BOUNDARY = ["multipart/form-data", "multipart/form-data; boundary=", 'multipart/form-data; boundary=""']


def assert_api_refusal(response, message=NUL_MESSAGE, field=None):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and message in body["detail"]
    assert body["errors"] == ([{"field": field, "message": body["detail"]}] if field else [])


def assert_page_refusal(response):
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("text/html")


# NUL characters


@pytest.mark.parametrize("url, field", [
    ("/api/v1/public/reports?q=%00", "q"),
    ("/api/v1/public/reports?q=jalan%00rusak", "q"),
    ("/api/v1/ppid/dip?q=%00", "q"),
    ("/api/v1/jurisdictions/%00/agencies", None),
    ("/api/v1/jurisdictions/73.71/districts?%00=1", None),
    ("/api/v1/stats/publik/%00", None),
    ("/api/v1/categories?parent=%00", "parent"),
])
def test_a_nul_in_a_public_api_address_is_refused_in_the_api_error_shape(client, cast, url, field):
    assert_api_refusal(client.get(url), field=field)


def test_a_nul_in_the_staff_api_search_is_refused(client, cast):
    client.force_login(cast.citra)
    assert_api_refusal(client.get("/api/v1/staff/reports?q=%00"), field="q")
    assert_api_refusal(client.get("/api/v1/staff/reports?status=%00"), field="status")


@pytest.mark.parametrize("url", ["/petugas/?q=%00", "/petugas/ekspor/?format=csv&q=%00", "/petugas/%00/"])
def test_a_nul_in_a_staff_page_address_gets_the_400_page(client, cast, url):
    client.force_login(cast.citra)
    assert_page_refusal(client.get(url))


@pytest.mark.parametrize("url", ["/laporan/?q=%00", "/laporan/ekspor/?format=csv&q=%00", "/lacak/?id=%00",
                                 "/ppid/dip/?q=%00", "/lacak/%00/"])
def test_a_nul_in_a_public_page_address_gets_the_400_page(client, cast, url):
    assert_page_refusal(client.get(url))


@pytest.mark.parametrize("field", ["title", "body", "contact_name", "address"])
def test_filing_through_the_api_with_a_nul_in_a_text_is_refused_and_files_nothing(client, cast, field):
    payload = {"title": "Lampu jalan mati di Jl. Sultan Alauddin", "location_code": cast.makassar.code,
               "body": "Sudah seminggu lampu jalan mati sehingga gelap dan rawan kecelakaan pada malam hari.",
               "contact_name": "Rudi", "contact_email": "rudi@contoh.id"}
    payload[field] = "Lampu\x00 jalan mati di Jl. Sultan Alauddin, sudah seminggu gelap."
    response = client.post("/api/v1/reports", json.dumps(payload), content_type="application/json")
    assert_api_refusal(response, field=field)
    assert not Report.objects.exists()


def test_a_nul_in_a_json_key_or_nested_value_is_refused(client, cast):
    response = client.post("/api/v1/reports", '{"ti\\u0000tle": "x"}', content_type="application/json")
    assert_api_refusal(response)
    response = client.post("/api/v1/reports", '{"tags": ["a", "b\\u0000"]}', content_type="application/json")
    assert_api_refusal(response, field="tags.1")


def test_an_escaped_backslash_before_u0000_is_no_nul(client, cast):
    response = client.post("/api/v1/reports", json.dumps({"title": "C:\\u0000"}), content_type="application/json")
    assert response.status_code == 422  # an incomplete report, not a refusal of its text


def test_a_raw_nul_byte_in_a_json_body_is_refused(client, cast):
    response = client.post("/api/v1/reports", b'{"title": "a\x00b"}', content_type="application/json")
    assert_api_refusal(response)


@pytest.mark.parametrize("action, payload", [
    ("notes", {"body": "Catatan\x00 internal"}),
    ("request_info", {"reason": "Mohon\x00 lengkapi foto lokasi."}),
])
def test_a_staff_action_with_a_nul_in_its_text_is_refused_and_changes_nothing(client, cast, file_report, action,
                                                                              payload):
    report = file_report(category=cast.city_road)
    events = ReportEvent.objects.count()
    client.force_login(cast.citra)
    response = client.post(f"/api/v1/staff/reports/{report.tracking_id}/{action}", json.dumps(payload),
                           content_type="application/json")
    assert_api_refusal(response, field=next(iter(payload)))
    report.refresh_from_db()
    assert report.state == "submitted" and ReportEvent.objects.count() == events
    assert not InternalNote.objects.exists()


def test_a_page_form_with_a_nul_in_a_text_field_gets_the_400_page(client, cast):
    response = client.post("/lapor/", {"title": "Lampu\x00 mati", "body": "x" * 40})
    assert_page_refusal(response)
    assert not Report.objects.exists()


def test_a_nul_in_a_multipart_text_field_is_refused_but_not_in_a_file(client, cast):
    data = {"title": "Lampu\x00 jalan mati di Jl. Sultan Alauddin", "location_code": cast.makassar.code,
            "body": "Sudah seminggu lampu jalan mati sehingga gelap dan rawan kecelakaan pada malam hari.",
            "files": [jpeg_with_gps()]}
    assert_api_refusal(client.post("/api/v1/reports/with-attachments", data), field="title")
    assert not Report.objects.exists()

    data["title"] = "Lampu jalan mati di Jl. Sultan Alauddin"
    data["files"] = [jpeg_with_gps()]  # a JPEG holds NUL bytes: file contents are not text
    assert b"\x00" in data["files"][0].read()
    data["files"][0].seek(0)
    response = client.post("/api/v1/reports/with-attachments", data)
    assert response.status_code == 201, response.content
    assert Report.objects.get().attachments.count() == 1


def test_open311_answers_a_nul_in_its_own_error_format(client, cast):
    response = client.get("/open311/73.71/v2/services.json?jurisdiction_id=%00")
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and NUL_MESSAGE in error["description"]

    response = client.post("/open311/73.71/v2/requests.json", {"api_key": "x", "description": "Lubang\x00 besar"})
    assert response.status_code == 400 and NUL_MESSAGE in response.json()[0]["description"]
    assert not Report.objects.exists()

    response = client.get("/open311/73.71/v2/requests/%00.xml")
    assert response.status_code == 400
    root = ET.fromstring(response.content)
    assert root.tag == "errors" and root.find("error/code").text == "400"


# Multipart forms without a boundary


@pytest.fixture
def guest_report(client, cast):
    response = client.post("/api/v1/reports", json.dumps({
        "title": "Lampu jalan mati di Jl. Sultan Alauddin", "location_code": cast.makassar.code,
        "body": "Sudah seminggu lampu jalan mati sehingga gelap dan rawan kecelakaan pada malam hari."}),
        content_type="application/json")
    assert response.status_code == 201
    return Report.objects.get(tracking_id=response.json()["tracking_id"]), response.json()["secret"]


def _multipart(client, url, content_type, **headers):
    return client.generic("POST", url, b"--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhalo\r\n--x--\r\n",
                          content_type=content_type, headers=headers)


@pytest.mark.parametrize("content_type", NO_BOUNDARY)
def test_the_citizen_upload_endpoints_refuse_a_multipart_body_without_a_boundary(client, cast, guest_report,
                                                                                 content_type):
    report, secret = guest_report
    events = ReportEvent.objects.count()
    for url in ["/api/v1/reports/with-attachments", f"/api/v1/reports/{report.tracking_id}/attachments",
                f"/api/v1/reports/{report.tracking_id}/complete/with-attachments"]:
        assert_api_refusal(_multipart(client, url, content_type, **{"X-Report-Secret": secret}), FORM_MESSAGE)
    assert Report.objects.count() == 1 and ReportEvent.objects.count() == events


@pytest.mark.parametrize("content_type", NO_BOUNDARY)
def test_the_staff_upload_endpoints_refuse_a_multipart_body_without_a_boundary(client, ppid, dispatched_report,
                                                                               file_request, content_type):
    client.force_login(ppid.fajar)
    url = f"/api/v1/staff/reports/{dispatched_report.tracking_id}/respond/with-attachments"
    assert_api_refusal(_multipart(client, url, content_type), FORM_MESSAGE)
    dispatched_report.refresh_from_db()
    assert dispatched_report.state == "dispatched"

    info_request, _secret = file_request()
    client.force_login(ppid.rina)
    url = f"/api/v1/ppid/staff/requests/{info_request.registration_number}/documents"
    assert_api_refusal(_multipart(client, url, content_type), FORM_MESSAGE)
    assert InformationRequest.objects.get().documents.count() == 0


@pytest.mark.parametrize("content_type", NO_BOUNDARY)
def test_pages_with_upload_forms_refuse_a_multipart_body_without_a_boundary(client, cast, dispatched_report,
                                                                            content_type):
    assert_page_refusal(_multipart(client, "/lapor/", content_type))
    client.force_login(cast.fajar)
    url = f"/petugas/laporan/{dispatched_report.tracking_id}/respond/"
    assert_page_refusal(_multipart(client, url, content_type))


@pytest.mark.parametrize("content_type", NO_BOUNDARY)
def test_open311_still_answers_a_multipart_body_without_a_boundary_in_its_format(client, cast, content_type):
    response = _multipart(client, "/open311/73.71/v2/requests.json", content_type)
    assert response.status_code == 400
    assert response.json() == [{"code": 400, "description": FORM_MESSAGE}]


def test_a_form_posted_to_a_json_operation_is_refused_not_a_crash(client, cast):
    upload = SimpleUploadedFile("a.txt", b"halo", content_type="text/plain")
    response = client.post("/api/v1/reports", {"title": "Lampu jalan mati", "files": [upload]})
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_a_valid_upload_still_works(client, cast, guest_report):
    report, secret = guest_report
    response = client.post(f"/api/v1/reports/{report.tracking_id}/attachments", {"files": [pdf_upload()]},
                           headers={"X-Report-Secret": secret})
    assert response.status_code == 201, response.content
