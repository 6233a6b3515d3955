"""The JSON API covers what the pages do: filing and completing with attachments, correcting one's identity,
one's own reports, the inbox's buckets and counts, related reports, responding with attachments, and an
operation for every transition of the table."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from baruga.audit.models import AuditEntry
from baruga.complaints import actions, workflow
from baruga.complaints.models import Attachment, Report, ReporterContact, State
from baruga.complaints.tests.api_helpers import API, get, jpeg_with_gps, post, secret_header

FORM = {"title": "Jalan berlubang", "body": "Lubang besar di depan sekolah, sudah dua minggu belum diperbaiki.",
        "location_code": "73.71", "is_anonymous": "false"}


def test_every_transition_has_an_operation(client):
    paths = client.get(API + "/openapi.json").json()["paths"]
    reporter = {"complete", "reopen", "rate"}
    for name in workflow.TRANSITIONS:
        prefix = "/api/v1/reports/{tracking_id}/" if name in reporter else "/api/v1/staff/reports/{tracking_id}/"
        assert "post" in paths.get(prefix + name, {}), name


def test_a_guest_files_with_attachments_in_one_request(cast):
    response = Client(enforce_csrf_checks=True).post(
        f"{API}/reports/with-attachments", {**FORM, "files": [jpeg_with_gps(), jpeg_with_gps("b.jpg")]})
    assert response.status_code == 201, response.content
    report = Report.objects.get(tracking_id=response.json()["tracking_id"])
    assert report.channel == "api" and Attachment.objects.filter(report=report).count() == 2
    assert response.json()["secret"]


def test_filing_with_a_bad_attachment_stores_nothing(cast):
    fake = SimpleUploadedFile("a.jpg", b"MZ not an image", content_type="image/jpeg")
    response = Client().post(f"{API}/reports/with-attachments", {**FORM, "files": [fake]})
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert not Report.objects.exists() and not Attachment.objects.exists()
    missing = Client().post(f"{API}/reports/with-attachments", {"title": "x"})
    assert missing.status_code == 422 and {e["field"] for e in missing.json()["errors"]} >= {"body", "location_code"}


def test_the_guest_completes_with_attachments_in_one_request(cast, file_report):
    report, secret = file_report(guest=True, category=cast.city_road)
    actions.request_info(actor=cast.citra, report=report, reason="Mohon sertakan foto lokasi.")
    url = f"{API}/reports/{report.tracking_id}/complete/with-attachments"
    nobody = Client().post(url, {"text": "Fotonya"})
    assert nobody.status_code == 401
    done = Client().post(url, {"text": "Ini fotonya.", "files": [jpeg_with_gps()]}, headers=secret_header(secret))
    assert done.status_code == 200, done.content
    assert done.json()["state"] == State.SUBMITTED and len(done.json()["attachments"]) == 1
    again = Client().post(url, {"text": "Lagi."}, headers=secret_header(secret))
    assert again.status_code == 409


def test_the_reporter_corrects_their_identity(cast, file_report):
    report, secret = file_report(guest=True)
    url = f"/reports/{report.tracking_id}/contact"
    fixed = post(Client(), url, {"field": "phone", "value": "0811 2222 3333"}, **secret_header(secret))
    assert fixed.status_code == 200, fixed.content
    assert ReporterContact.objects.get(report=report).phone == fixed.json()["phone"]
    assert AuditEntry.objects.filter(action="privacy.correct").exists()
    bad = post(Client(), url, {"field": "email", "value": "bukan email"}, **secret_header(secret))
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    assert post(Client(), url, {"field": "nik", "value": "1"}, **secret_header("salah")).status_code == 403
    assert post(Client(), url, {"field": "agama", "value": "x"}, **secret_header(secret)).status_code == 422
    staff = Client()
    staff.force_login(cast.eko)
    assert post(staff, url, {"field": "name", "value": "X"}).status_code == 403


def test_a_citizen_lists_their_own_reports(cast, file_report, django_assert_max_num_queries):
    mine = [file_report(title=f"Laporan {n}") for n in range(3)]
    file_report(guest=True)
    client = Client()
    assert get(client, "/me/reports").status_code == 401
    client.force_login(cast.ayu)
    with django_assert_max_num_queries(6):
        body = get(client, "/me/reports").json()
    assert [i["tracking_id"] for i in body["items"]] == [r.tracking_id for r in reversed(mine)]
    assert body["count"] == 3 and body["pages"] == 1


def test_the_inbox_buckets_and_counts_match_the_page(cast, file_report, dispatched_report):
    waiting = file_report(title="Menunggu", category=cast.city_road)
    actions.request_info(actor=cast.citra, report=waiting, reason="Lengkapi lokasi.")
    client = Client()
    client.force_login(cast.citra)
    ids = {i["tracking_id"] for i in get(client, "/staff/reports?bucket=needs_info").json()["items"]}
    assert ids == {waiting.tracking_id}
    ids = {i["tracking_id"] for i in get(client, "/staff/reports?bucket=dispatched").json()["items"]}
    assert ids == {dispatched_report.tracking_id}
    assert get(client, "/staff/reports?bucket=semua").status_code == 422
    counts = get(client, "/staff/inbox/counts").json()
    buckets = {b["key"]: b["count"] for b in counts["buckets"]}
    assert buckets["needs_info"] == 1 and buckets["dispatched"] == 1 and buckets["unverified"] == 0
    assert {v["key"] for v in counts["views"]} == {"due_soon", "overdue", "escalated"}
    citizen = Client()
    citizen.force_login(cast.ayu)
    assert get(citizen, "/staff/inbox/counts").status_code == 403


def test_the_admin_sees_related_reports_before_verifying(cast, file_report):
    first = file_report(title="Lubang pertama", category=cast.city_road)
    second = file_report(title="Lubang kedua", category=cast.city_road)
    client = Client()
    client.force_login(cast.citra)
    related = get(client, f"/staff/reports/{second.tracking_id}").json()["related"]
    assert [r["tracking_id"] for r in related] == [first.tracking_id]
    client.force_login(cast.hadi)  # the mayor: read-only, no duplicates tool
    assert get(client, f"/staff/reports/{second.tracking_id}").json()["related"] == []


def test_the_head_responds_with_attachments(cast, dispatched_report):
    client = Client()
    client.force_login(cast.fajar)
    url = f"{API}/staff/reports/{dispatched_report.tracking_id}/respond/with-attachments"
    response = client.post(url, {"text": "Sudah ditambal.", "files": [jpeg_with_gps()]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == State.RESPONDED
    assert len(body["report"]["responses"][0]["attachments"]) == 1
    fake = SimpleUploadedFile("a.pdf", b"not a pdf", content_type="application/pdf")
    other = Report.objects.get(pk=dispatched_report.pk)
    refused = client.post(url, {"text": "Lagi", "files": [fake]})
    assert refused.status_code in (400, 409) and other.responses.count() == 1
    assert json.loads(refused.content)["code"] in ("invalid", "refused")
