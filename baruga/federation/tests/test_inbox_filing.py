"""The inbox files and updates reports through the complaint actions: what those actions refuse is
rejected whole (422, nothing stored), never a server error."""

import base64
import hashlib
import io

import pytest
from PIL import Image

from baruga.complaints.models import Report, State
from baruga.federation.models import FederatedReport, ImportedEvent, InboxMessage, OutboxMessage
from baruga.federation.tests.conftest import body_of, status_payload, transfer_payload

pytestmark = pytest.mark.django_db


def _png_item(name):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 200, 10)).save(out, format="PNG")
    data = out.getvalue()
    return {"name": name, "content_type": "image/png", "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "data": base64.b64encode(data).decode()}


def test_a_transfer_the_filing_refuses_is_rejected_with_its_reason_and_stores_nothing(client, cast, remote):
    payload = transfer_payload(title="   ")
    response = remote.post(client, remote.envelope("transfer", payload, ref="r:BRG-AAAA-BBBB"))
    assert response.status_code == 422 and body_of(response) == {
        "detail": "Judul wajib diisi.", "code": "rejected", "errors": []}
    assert not Report.objects.exists() and not InboxMessage.objects.exists()
    assert not FederatedReport.objects.exists() and not ImportedEvent.objects.exists()


def test_a_file_that_fails_the_upload_checks_rejects_the_transfer(client, cast, remote):
    content = b"MZ not an image"
    item = {**_png_item("foto.png"), "data": base64.b64encode(content).decode(),
            "sha256": hashlib.sha256(content).hexdigest()}
    response = remote.post(client, remote.envelope("transfer", transfer_payload(attachments=[item]), ref="r:1"))
    assert response.status_code == 422 and "bukan gambar" in body_of(response)["detail"]
    assert not Report.objects.exists() and not InboxMessage.objects.exists()


def test_a_transfer_carries_more_attachments_than_one_citizen_upload(client, cast, remote, settings):
    """Files from the filing, the completion and later uploads there come along together."""
    settings.UPLOAD_MAX_FILES = 1
    items = [_png_item("a.png"), _png_item("b.png"), _png_item("c.png")]
    response = remote.post(client, remote.envelope("transfer", transfer_payload(attachments=items), ref="r:1"))
    assert body_of(response)["status"] == "applied"
    assert Report.objects.get().attachments.count() == 3


def test_an_update_for_a_report_no_longer_transferred_is_rejected_not_a_server_error(client, cast, file_report,
                                                                                       routed, remote):
    from baruga.complaints import actions

    report = file_report(category=cast.city_road)
    actions.transfer(actor=cast.citra, report=report, to_jurisdiction=cast.gowa, reason="Kewenangan Gowa.")
    link = FederatedReport.objects.get()
    Report.objects.filter(pk=report.pk).update(state=State.SUBMITTED)  # e.g. data repaired by hand
    update = remote.envelope("status", status_payload("verified"), ref=link.ref, sequence=2)
    response = remote.post(client, update)
    assert response.status_code == 422 and body_of(response)["code"] == "rejected"
    assert "tidak dialihkan" in body_of(response)["detail"]
    link.refresh_from_db()
    assert link.last_sequence == 0 and not report.events.filter(action="remote_update").exists()
    assert not InboxMessage.objects.exists() and OutboxMessage.objects.filter(type="status").count() == 0
