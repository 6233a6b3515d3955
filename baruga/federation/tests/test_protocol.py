"""The receiving side in-process: refusals store nothing, a repeat is a no-op, order is kept."""

import base64
import hashlib
import io
import json

import pytest
from PIL import Image

from baruga.complaints.models import Attachment, Channel, Report, ReporterContact, State
from baruga.federation import rotation, signing
from baruga.federation.models import (
    Direction,
    FederatedReport,
    ImportedEvent,
    InboxMessage,
    InboxStatus,
    OutboxMessage,
    PeerKey,
)
from baruga.federation.tests.conftest import body_of, status_payload, transfer_payload, unauthenticated

pytestmark = pytest.mark.django_db


def _png():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


def test_canonical_json_is_sorted_compact_and_signatures_verify():
    data = {"b": 1, "a": {"d": [1, 2], "c": "é"}}
    assert signing.canonical(data) == '{"a":{"c":"é","d":[1,2]},"b":1}'.encode()
    key_id, signature = signing.sign(data)
    public = signing.current_key().public_key
    assert key_id == signing.current_key().key_id
    assert signing.verify(data, signature, public)
    assert not signing.verify({**data, "b": 2}, signature, public)
    assert not signing.verify(data, "not base64!", public)


def test_private_keys_are_encrypted_at_rest(django_db_blocker):
    from django.db import connection

    key = signing.current_key()
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key FROM federation_signingkey WHERE id = %s", [key.pk])
        stored = cursor.fetchone()[0]
    assert stored != key.private_key and len(stored) > 60


@pytest.mark.parametrize("case, status, code", [
    ("bad_signature", 401, "bad_signature"),
    ("unknown_key", 401, "bad_signature"),
    ("unknown_peer", 403, "forbidden"),
    ("wrong_recipient", 403, "forbidden"),
    ("malformed", 400, "invalid"),
    ("not_an_envelope", 400, "invalid"),
    ("too_large", 413, "too_large"),
])
def test_refusals_answer_in_the_error_shape_and_store_nothing(client, cast, remote, settings, case, status, code):
    data = remote.envelope("transfer", transfer_payload(), ref="x:BRG-AAAA-BBBB")
    kwargs = unauthenticated(remote, data, case)
    if case == "malformed":
        kwargs["raw"] = b'{"id": '
    elif case == "not_an_envelope":
        kwargs["raw"] = json.dumps({"id": data["id"]}).encode()
    elif case == "too_large":
        settings.FEDERATION_MAX_BODY = 200
    response = remote.post(client, data, **kwargs)
    assert response.status_code == status
    assert body_of(response)["code"] == code
    assert set(body_of(response)) == {"detail", "code", "errors"}
    assert not InboxMessage.objects.exists() and not Report.objects.exists()


def test_an_inactive_peer_is_refused(client, cast, remote):
    remote.peer.is_active = False
    remote.peer.save()
    response = remote.post(client, remote.envelope("transfer", transfer_payload(), ref="x:1"))
    assert response.status_code == 403


def test_a_transfer_creates_a_submitted_report_with_its_history_contact_and_attachments(client, cast, remote):
    png = _png()
    item = {"name": "foto.png", "content_type": "image/png", "size": len(png),
            "sha256": hashlib.sha256(png).hexdigest(), "data": base64.b64encode(png).decode()}
    data = remote.envelope("transfer", transfer_payload(attachments=[item]), ref=f"{remote.instance_id}:BRG-AAAA-BBBB")
    response = remote.post(client, data)
    assert response.status_code == 200, response.content
    assert body_of(response)["status"] == "applied"
    report = Report.objects.get()
    assert report.channel == Channel.FEDERATION and report.state == State.SUBMITTED
    assert report.jurisdiction == cast.province and report.location == cast.makassar
    assert report.district == cast.tamalate and report.category.slug == "jalan-provinsi"
    assert report.events.get().action == "submit" and report.due_at is not None
    assert ReporterContact.objects.get(report=report).email == "rina@contoh.id"
    attachment = Attachment.objects.get(report=report)
    assert attachment.file.read()[:4] == b"\x89PNG"
    link = FederatedReport.objects.get(report=report)
    assert (link.direction, link.origin_tracking_id, link.last_sequence) == (Direction.INCOMING, "BRG-AAAA-BBBB", 1)
    assert ImportedEvent.objects.filter(report=report, action="submit").count() == 1
    # The receipt goes back to the origin in the same transaction.
    ack = OutboxMessage.objects.get(peer=remote.peer)
    assert ack.type == "status" and ack.report_ref == link.ref and ack.sequence == 1
    assert json.loads(ack.body)["payload"]["tracking_id"] == report.tracking_id
    # The province admin is told.
    assert cast.budi.notifications.filter(report=report).exists()


def test_an_attachment_whose_hash_does_not_match_is_refused_whole(client, cast, remote):
    png = _png()
    item = {"name": "foto.png", "content_type": "image/png", "size": len(png), "sha256": "0" * 64,
            "data": base64.b64encode(png).decode()}
    response = remote.post(client, remote.envelope("transfer", transfer_payload(attachments=[item]), ref="r:1"))
    assert response.status_code == 422 and body_of(response)["code"] == "rejected"
    assert not Report.objects.exists() and not InboxMessage.objects.exists()


def test_a_transfer_to_a_jurisdiction_not_served_here_is_rejected(client, cast, remote):
    response = remote.post(client, remote.envelope("transfer", transfer_payload(code="99"), ref="r:1"))
    assert response.status_code == 422
    assert not Report.objects.exists()


def test_a_repeat_of_a_message_is_a_duplicate_and_changes_nothing(client, cast, remote):
    data = remote.envelope("transfer", transfer_payload(), ref="r:BRG-AAAA-BBBB")
    assert body_of(remote.post(client, data))["status"] == "applied"
    again = remote.post(client, data)
    assert again.status_code == 200 and body_of(again)["status"] == "duplicate"
    assert Report.objects.count() == 1 and InboxMessage.objects.count() == 1


def test_an_update_before_its_report_waits_and_is_applied_when_the_report_arrives(client, cast, remote):
    ref = "r:BRG-AAAA-BBBB"
    transfer = remote.envelope("transfer", transfer_payload(), ref=ref, sequence=1)
    update = remote.envelope("status", status_payload("verified", tracking_id="BRG-AAAA-BBBB"), ref=ref, sequence=2)
    assert body_of(remote.post(client, update))["status"] == "waiting"
    assert InboxMessage.objects.get().status == InboxStatus.WAITING
    assert body_of(remote.post(client, transfer))["status"] == "applied"
    assert InboxMessage.objects.get(message_id=update["id"]).status == InboxStatus.APPLIED
    link = FederatedReport.objects.get()
    assert link.last_sequence == 2 and link.remote_state == "verified"


@pytest.fixture
def transferred(cast, file_report, routed):
    """A Makassar report the province transfers to Gowa, which is served by the remote instance."""
    report = file_report(category=cast.city_road)
    from baruga.complaints import actions

    actions.transfer(actor=cast.citra, report=report, to_jurisdiction=cast.gowa, reason="Kewenangan Gowa.")
    report.refresh_from_db()
    return report


def test_transfer_to_a_peer_writes_one_signed_message_in_the_same_transaction(transferred, remote):
    assert transferred.state == State.TRANSFERRED
    message = OutboxMessage.objects.get()
    data = json.loads(message.body)
    assert data["type"] == "transfer" and data["sequence"] == 1 and data["payload"]["jurisdiction"] == "73.06"
    assert data["payload"]["report"]["title"] == transferred.title
    assert [e["action"] for e in data["payload"]["history"]] == ["submit", "transfer"]
    assert data["payload"]["contact"]["email"] == "ayu.lestari@contoh.id"
    public = signing.current_key().public_key
    assert signing.verify(data, message.signature, public)
    assert FederatedReport.objects.get().direction == Direction.OUTGOING


def test_a_refused_transfer_leaves_no_message(cast, file_report, routed):
    from baruga.complaints import actions

    report = file_report(category=cast.city_road)
    with pytest.raises(actions.ActionError):
        actions.transfer(actor=cast.citra, report=report, to_jurisdiction=cast.gowa, reason="")
    assert not OutboxMessage.objects.exists()


def test_a_rolled_back_transfer_leaves_no_message(cast, file_report, routed):
    from django.db import transaction

    from baruga.complaints import actions

    report = file_report(category=cast.city_road)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.transfer(actor=cast.citra, report=report, to_jurisdiction=cast.gowa, reason="Kewenangan Gowa.")
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError
    assert not OutboxMessage.objects.exists() and not FederatedReport.objects.exists()


def test_a_transfer_within_the_installation_sends_nothing(cast, file_report, routed):
    """A province hosting its regencies: a plain transfer, no federation message."""
    from baruga.complaints import actions

    report = file_report(location=cast.makassar)
    report.jurisdiction = cast.province
    report.save()
    actions.transfer(actor=cast.budi, report=report, to_jurisdiction=cast.makassar, reason="Kewenangan kota.")
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.jurisdiction == cast.makassar
    assert not OutboxMessage.objects.exists() and not FederatedReport.objects.exists()


def test_remote_progress_reaches_the_origin_reporter_and_never_moves_back(client, transferred, remote, cast):
    link = FederatedReport.objects.get()
    responded = status_payload("responded", responses=[{"agency": "Dinas PUPR Gowa", "body": "Jalan sudah ditambal.",
                                                         "published_at": "2026-02-01T10:00:00+08:00"}])
    newer = remote.envelope("status", status_payload("finished", responses=responded["progress"]["responses"]),
                            ref=link.ref, sequence=3)
    older = remote.envelope("status", responded, ref=link.ref, sequence=2)
    assert body_of(remote.post(client, newer))["status"] == "applied"
    assert body_of(remote.post(client, older))["status"] == "stale"
    link.refresh_from_db()
    assert link.remote_state == State.FINISHED and link.last_sequence == 3
    assert link.remote_tracking_id == "BRG-CCCC-DDDD"
    transferred.refresh_from_db()
    assert transferred.state == State.TRANSFERRED
    event = transferred.events.get(action="remote_update")
    assert event.from_state == event.to_state == State.TRANSFERRED
    from baruga.notifications.models import OutboxMessage as Mail

    assert Mail.objects.filter(dedupe_key=f"citizen:{event.pk}:email").exists()
    # No echo: the update came from the peer, so nothing goes back to it.
    assert OutboxMessage.objects.filter(type="status").count() == 0
    client.force_login(cast.ayu)
    page = client.get(f"/lacak/{transferred.tracking_id}/").content.decode()
    assert "Perkembangan di instansi tujuan" in page and "BRG-CCCC-DDDD" in page
    assert "Jalan sudah ditambal." in page and "sudah diselesaikan oleh instansi tujuan" in page
    # The JSON API shows the same progress: the responses to the reporter, the state to anyone.
    view = client.get(f"/api/v1/reports/{transferred.tracking_id}").json()
    assert view["access"] == "reporter"
    [progress] = view["remote_progress"]
    assert (progress["state"], progress["remote_tracking_id"]) == ("finished", "BRG-CCCC-DDDD")
    assert progress["finished_at"] and progress["responses"][0]["body"] == "Jalan sudah ditambal."
    client.logout()
    [anonymous] = client.get(f"/api/v1/reports/{transferred.tracking_id}").json()["remote_progress"]
    assert anonymous["state"] == "finished" and anonymous["responses"] is None


def test_changes_to_a_federated_report_go_back_to_its_origin_in_order(client, cast, remote):
    from baruga.complaints import actions

    ref = f"{remote.instance_id}:BRG-AAAA-BBBB"
    remote.post(client, remote.envelope("transfer", transfer_payload(), ref=ref))
    report = Report.objects.get()
    actions.verify(actor=cast.budi, report=report, title=report.title, category=cast.province_road)
    actions.dispatch(actor=cast.budi, report=report, agency=cast.bina_marga)
    messages = list(OutboxMessage.objects.filter(peer=remote.peer).order_by("id"))
    assert [m.sequence for m in messages] == [1, 2, 3]
    states = [json.loads(m.body)["payload"]["state"] for m in messages]
    assert states == ["submitted", "verified", "dispatched"]


def test_staff_see_the_imported_history_and_origin(client, cast, remote):
    remote.post(client, remote.envelope("transfer", transfer_payload(), ref="r:BRG-AAAA-BBBB"))
    report = Report.objects.get()
    client.force_login(cast.budi)
    page = client.get(f"/petugas/laporan/{report.tracking_id}/").content.decode()
    assert "Diterima dari instansi lain" in page and "BRG-AAAA-BBBB" in page and "Riwayat di instansi asal" in page


def test_a_key_announcement_replaces_the_peer_keys(client, cast, remote):
    new = {"key_id": "k2", "public_key": base64.b64encode(b"\x01" * 32).decode()}
    response = remote.post(client, remote.envelope("keys", {"keys": [new]}))
    assert body_of(response)["status"] == "applied"
    assert set(PeerKey.objects.filter(is_active=True).values_list("key_id", flat=True)) == {"k2"}


def test_rotation_announces_the_new_key_signed_with_the_old_one(remote):
    old = signing.current_key()
    previous, new = rotation.rotate()
    assert previous == old and signing.current_key() == new
    message = OutboxMessage.objects.get(type="keys")
    assert message.key_id == old.key_id
    assert {k["key_id"] for k in json.loads(message.body)["payload"]["keys"]} == {old.key_id, new.key_id}
