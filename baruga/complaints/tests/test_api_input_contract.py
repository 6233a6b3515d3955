"""What the OpenAPI document forbids, the server refuses before anything happens (found by test_api_fuzz.py).

pydantic's lax mode used to take `until=0` for 1 January 1970, `0` for false, `"3"` for 3 and a JSON
string for an object whose fields all have defaults; such requests are now refused with 422 and change
nothing.
"""

import json

from baruga.complaints import actions
from baruga.complaints.models import Report, State
from baruga.complaints.tests.api_helpers import API, get, post


def _deferred(cast, report):
    actions.verify(actor=cast.citra, report=report, title=report.title, category=cast.city_road)
    actions.defer(actor=cast.citra, report=report, reason="Menunggu anggaran perubahan")
    report.refresh_from_db()
    assert report.state == State.DEFERRED
    return report


def test_a_body_that_is_not_an_object_does_not_resume_a_report(client, cast, file_report):
    report = _deferred(cast, file_report(category=cast.city_road))
    client.force_login(cast.citra)
    response = client.post(f"{API}/staff/reports/{report.tracking_id}/resume", data=json.dumps(""),
                           content_type="application/json")
    assert response.status_code in (400, 422), response.json()
    assert Report.objects.get(pk=report.pk).state == State.DEFERRED


def test_a_number_is_not_a_date(client, cast):
    client.force_login(cast.citra)
    response = get(client, "/staff/performance?until=0")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "until", "message": "Tanggal tidak sah; gunakan format TTTT-BB-HH."}]
    assert get(client, "/staff/performance?until=2026-09-30").status_code == 200


def test_a_number_is_not_a_boolean_nor_text_a_number(client, cast, dispatched_report):
    client.force_login(cast.eko)
    response = client.put(f"{API}/notifications/preferences", content_type="application/json", data=json.dumps(
        {"email_enabled": False, "digest_daily": False, "gateway_enabled": 0, "gateway_phone": "", "language": "id"}))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "gateway_enabled"
    url = f"/staff/reports/{dispatched_report.tracking_id}/request_extension"
    response = post(client, url, {"working_days": "3", "reason": "Menunggu material"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "working_days"
    assert not dispatched_report.clocks.get(kind="follow_up").extensions.exists()
    assert post(client, url, {"working_days": 3.0, "reason": "Menunggu material"}).status_code == 200


def test_empty_codes_and_blank_texts_are_refused_by_the_schema(client, cast, dispatched_report):
    client.force_login(cast.citra)
    response = get(client, "/public/reports?location=")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "location"
    client.force_login(cast.eko)
    response = post(client, f"/staff/reports/{dispatched_report.tracking_id}/notes", {"body": " \n "})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "body", "message": "Wajib diisi."}]


def test_a_refusal_about_the_report_is_a_conflict_not_bad_input(client, cast, file_report):
    report = file_report(category=cast.city_road)  # not anonim: there is nothing to reveal
    client.force_login(cast.citra)
    response = post(client, f"/staff/reports/{report.tracking_id}/reveal-identity",
                    {"reason": "Perlu konfirmasi lokasi ke pelapor"})
    assert response.status_code == 409 and response.json()["code"] == "refused"


def test_every_operation_with_input_documents_400_and_422(client):
    document = client.get(f"{API}/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if operation.get("parameters") or operation.get("requestBody"):
                assert {"400", "422"} <= set(map(str, operation["responses"])), f"{method} {path}"
