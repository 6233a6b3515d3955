"""Receiving federation messages: check, store once, apply in the same transaction.

`receive()` answers (status, body) for the inbox view. Refusals use the API's one error shape
and store nothing: malformed JSON 400, oversized 413, unknown or inactive sender 403, bad
signature 401, a message this instance can never accept 422. Each refusal is logged with the
claimed sender, key id, message id and address; an authentication failure (unknown sender, wrong
recipient, unknown key, bad signature) also raises a `federation_refused` security event
(baruga.security.detection). A message id seen before answers
200 "duplicate" and changes nothing (unique constraint on the inbox). A status update for a
report whose hand-over has not arrived yet is kept ("waiting") and applied when it arrives; one
older than what was already applied is kept ("stale") and moves nothing backwards.
"""

import base64
import hashlib
import json
import logging
import uuid
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from baruga.complaints import actions
from baruga.complaints.models import Channel, Kind, State
from baruga.complaints.permissions import SYSTEM
from baruga.directory.models import Category, District, Jurisdiction
from baruga.federation import outbox, signing
from baruga.federation.models import (
    Direction,
    FederatedReport,
    ImportedEvent,
    InboxMessage,
    InboxStatus,
    MessageType,
    Peer,
    PeerKey,
)
from baruga.security import detection
from baruga.lib.clientip import client_ip

logger = logging.getLogger("baruga.federation")

ENVELOPE_FIELDS = {"id", "type", "sender", "recipient", "created_at", "report", "sequence", "payload"}


class Refused(Exception):
    """`reason` (when set) names an authentication failure: logged and raised as a security event."""

    def __init__(self, status, code, detail, reason=""):
        super().__init__(detail)
        self.status, self.code, self.detail, self.reason = status, code, detail, reason


def error_body(code, detail):
    return {"detail": detail, "code": code, "errors": []}


def max_body():
    return int(getattr(settings, "FEDERATION_MAX_BODY", 40 * 1024 * 1024))


def parse(raw):
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, "invalid", _("Isi permintaan tidak dapat dibaca; kirim JSON yang sah.")) from None
    if not isinstance(data, dict) or set(data) != ENVELOPE_FIELDS or not isinstance(data["payload"], dict):
        raise Refused(400, "invalid", _("Amplop pesan federasi tidak lengkap atau berisi kolom yang tidak dikenal."))
    try:
        uuid.UUID(str(data["id"]))
        uuid.UUID(str(data["sender"]))
        sequence = int(data["sequence"])
    except (ValueError, TypeError):
        raise Refused(400, "invalid", _("ID pesan, pengirim atau nomor urut tidak sah.")) from None
    if sequence < 0 or not isinstance(data["report"], str) or len(data["report"]) > 80:
        raise Refused(400, "invalid", _("Rujukan laporan atau nomor urut tidak sah."))
    if data["type"] not in MessageType.values:
        raise Refused(400, "invalid", _("Jenis pesan federasi tidak dikenal."))
    return data


def authenticate(data, key_id, signature):
    peer = Peer.objects.filter(instance_id=data["sender"], is_active=True).first()
    if peer is None:
        raise Refused(403, "forbidden", _("Pengirim bukan mitra federasi yang aktif."), reason="unknown_sender")
    if str(data["recipient"]) != str(signing.identity().instance_id):
        raise Refused(403, "forbidden", _("Pesan ini bukan untuk instansi ini."), reason="wrong_recipient")
    key = PeerKey.objects.filter(peer=peer, key_id=key_id or "", is_active=True).first()
    if key is None:
        raise Refused(401, "bad_signature", _("Tanda tangan pesan tidak sah."), reason="unknown_key")
    if not signature or not signing.verify(data, signature, key.public_key):
        raise Refused(401, "bad_signature", _("Tanda tangan pesan tidak sah."), reason="bad_signature")
    return peer


def receive(raw, *, key_id, signature, request=None):
    """(HTTP status, JSON body) for one POSTed message; `request` names the sender's address in the log."""
    data = None
    try:
        if len(raw) > max_body():
            raise Refused(413, "too_large", _("Pesan terlalu besar."))
        data = parse(raw)
        peer = authenticate(data, key_id, signature)
        return 200, store_and_apply(peer, data)
    except Refused as exc:
        refused(exc, data=data, key_id=key_id, request=request)
        return exc.status, error_body(exc.code, exc.detail)


def refused(exc, *, data, key_id, request):
    """Log a refusal with who claims to send it; one that failed authentication is a security event."""
    sender = str(data.get("sender", "")) if data else ""
    message_id = str(data.get("id", "")) if data else ""
    address = client_ip(request) if request is not None else ""
    detail = str(exc.detail)
    logger.warning("Federation message refused (%s %s): sender=%s key_id=%s message_id=%s address=%s: %s",
                   exc.status, exc.reason or exc.code, sender or "-", key_id or "-", message_id or "-",
                   address or "-", detail)
    if exc.reason:
        detection.federation_refused(request, reason=exc.reason, sender=sender, key_id=key_id or "",
                                     message_id=message_id, detail=detail)


def store_and_apply(peer, data):
    try:
        with transaction.atomic():
            row = InboxMessage.objects.create(
                message_id=data["id"], peer=peer, type=data["type"], report_ref=data["report"],
                sequence=int(data["sequence"]), body=signing.canonical(data).decode("utf-8"),
                status=InboxStatus.WAITING,
            )
            result = apply(peer, data, row)
    except IntegrityError:
        if InboxMessage.objects.filter(message_id=data["id"]).exists():
            return {"status": "duplicate", "id": data["id"]}
        raise
    return {"status": result, "id": data["id"], **({"tracking_id": row.tracking_id}
                                                    if getattr(row, "tracking_id", None) else {})}


def _mark(row, status):
    row.status = status
    row.applied_at = timezone.now() if status == InboxStatus.APPLIED else None
    row.save(update_fields=["status", "applied_at"])
    return status


def apply(peer, data, row):
    token = outbox.applying_from.set(peer.pk)
    try:
        if data["type"] == MessageType.KEYS:
            apply_keys(peer, data["payload"])
            return _mark(row, InboxStatus.APPLIED)
        if data["type"] == MessageType.TRANSFER:
            report = apply_transfer(peer, data)
            row.tracking_id = report.tracking_id
            _mark(row, InboxStatus.APPLIED)
            _apply_waiting(peer, data["report"])
            return InboxStatus.APPLIED
        return apply_status(peer, data, row)
    finally:
        outbox.applying_from.reset(token)


def apply_keys(peer, payload):
    keys = payload.get("keys")
    if not isinstance(keys, list) or not keys:
        raise Refused(422, "rejected", _("Daftar kunci kosong."))
    listed = set()
    for item in keys:
        key_id, public = str(item.get("key_id", ""))[:40], str(item.get("public_key", ""))[:64]
        if not key_id or len(base64.b64decode(public + "==")) != 32:
            raise Refused(422, "rejected", _("Kunci publik tidak sah."))
        PeerKey.objects.update_or_create(peer=peer, key_id=key_id, defaults={"public_key": public, "is_active": True})
        listed.add(key_id)
    PeerKey.objects.filter(peer=peer).exclude(key_id__in=listed).update(is_active=False)


def _apply_waiting(peer, ref):
    for waiting in InboxMessage.objects.filter(peer=peer, report_ref=ref, status=InboxStatus.WAITING,
                                               type=MessageType.STATUS).order_by("sequence", "id"):
        apply_status(peer, json.loads(waiting.body), waiting)


# A report handed over to us

def _text(value, limit):
    return str(value or "")[:limit]


def _datetime(value):
    parsed = parse_datetime(value) if isinstance(value, str) else None
    return parsed if parsed is not None else None


def apply_transfer(peer, data):
    payload, ref = data["payload"], data["report"]
    if not ref:
        raise Refused(422, "rejected", _("Pesan pengalihan tanpa rujukan laporan."))
    jurisdiction = Jurisdiction.objects.filter(code=str(payload.get("jurisdiction", "")), is_external=False,
                                               is_active=True).first()
    if jurisdiction is None:
        raise Refused(422, "rejected", _("Instansi tujuan tidak dilayani di sini."))
    if FederatedReport.objects.filter(peer=peer, direction=Direction.INCOMING, ref=ref).exists():
        raise Refused(422, "rejected", _("Laporan ini sudah pernah diterima dari mitra ini."))
    fields = payload.get("report") or {}
    location = Jurisdiction.objects.filter(code=str(fields.get("location", "")), level__in=("regency", "city")).first()
    location = location or jurisdiction
    district = None
    if fields.get("district"):
        district = District.objects.filter(jurisdiction=location, name=_text(fields["district"], 80)).first()
    latitude, longitude = _coordinate(fields.get("latitude"), 90), _coordinate(fields.get("longitude"), 180)
    if latitude is None or longitude is None:
        latitude = longitude = None
    contact = payload.get("contact") if isinstance(payload.get("contact"), dict) else {}
    origin = payload.get("origin") or {}
    instance = _text(origin.get("instance") or peer.name, 120)
    try:
        report, _secret = actions.submit_report(
            reporter=None, channel=Channel.FEDERATION,
            received=actions.Received(jurisdiction=jurisdiction, instance=instance,
                                      tracking_id=_text(origin.get("tracking_id"), 16),
                                      reason=_text(payload.get("reason"), 1500)),
            kind=fields.get("kind") if fields.get("kind") in Kind.values else Kind.COMPLAINT,
            title=_text(fields.get("title"), 150), body=_text(fields.get("body"), 10000),
            category=Category.objects.filter(slug=str(fields.get("category") or ""), is_active=True).first(),
            location=location, district=district, address=_text(fields.get("address"), 255),
            latitude=latitude, longitude=longitude, event_date=_safe_date(fields.get("event_date")),
            is_anonymous=bool(fields.get("is_anonymous")), is_confidential=bool(fields.get("is_confidential")),
            contact_name=_text(contact.get("name"), 120), contact_email=_text(contact.get("email"), 254),
            contact_phone=_text(contact.get("phone"), 20), contact_address=_text(contact.get("address"), 255),
            attachments=_decode_attachments(payload.get("attachments") or []),
        )
    except actions.ActionError as exc:
        raise Refused(422, "rejected", " ".join(exc.messages)) from None
    now = timezone.now()
    ImportedEvent.objects.bulk_create([
        ImportedEvent(report=report, action=_text(e.get("action"), 24), label=_text(e.get("label"), 200),
                      from_state=_text(e.get("from"), 12), to_state=_text(e.get("to"), 12),
                      unit=_text(e.get("unit"), 160), reason=_text(e.get("reason"), 4000),
                      at=_datetime(e.get("at")) or now, instance=instance)
        for e in (payload.get("history") or []) if isinstance(e, dict)
    ] + [
        ImportedEvent(report=report, action="response", label=_("Tindak lanjut %(agency)s") % {
            "agency": _text(r.get("agency"), 120)}, unit=_text(r.get("agency"), 160),
            reason=_text(r.get("body"), 4000), at=_datetime(r.get("published_at")) or now, instance=instance)
        for r in (payload.get("responses") or []) if isinstance(r, dict)
    ])
    FederatedReport.objects.create(
        report=report, peer=peer, direction=Direction.INCOMING, ref=ref, last_sequence=int(data["sequence"]),
        origin_tracking_id=_text(origin.get("tracking_id"), 16),
        remote_tracking_id=_text(origin.get("tracking_id"), 16), remote_state=State.TRANSFERRED,
        remote_handler=_text(origin.get("jurisdiction") or instance, 160),
    )
    # The receipt: the origin learns our tracking number and that the report awaits verification.
    event = report.events.get(action="submit")
    outbox.write(peer=peer, type=MessageType.STATUS, payload=outbox.status_payload(report, event), ref=ref,
                 report=report)
    return report


def _coordinate(value, bound):
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() and abs(number) <= bound else None


def _safe_date(value):
    try:
        parsed = parse_date(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return parsed if parsed and parsed <= timezone.localdate() else None


def _decode_attachments(items):
    if not isinstance(items, list) or len(items) > max(settings.UPLOAD_MAX_FILES * 4, 20):
        raise Refused(422, "rejected", _("Terlalu banyak lampiran."))
    decoded = []
    for item in items:
        try:
            content = base64.b64decode(item["data"], validate=True)
        except (KeyError, TypeError, ValueError):
            raise Refused(422, "rejected", _("Lampiran tidak dapat dibaca.")) from None
        if hashlib.sha256(content).hexdigest() != str(item.get("sha256", "")):
            raise Refused(422, "rejected", _("Sidik SHA-256 lampiran tidak cocok."))
        decoded.append(ContentFile(content, name=_text(item.get("name"), 120) or "lampiran"))
    return decoded  # checked and cleaned like every upload by `submit_report`


# A status update about a report we exchanged with the peer

def apply_status(peer, data, row):
    ref, sequence = data["report"], int(data["sequence"])
    link = (FederatedReport.objects.select_for_update().filter(peer=peer, ref=ref)
            .select_related("report").first())
    if link is None:
        return _mark(row, InboxStatus.WAITING)
    if sequence <= link.last_sequence:
        return _mark(row, InboxStatus.STALE)
    payload = data["payload"]
    progress = payload.get("progress") if isinstance(payload.get("progress"), dict) else {}
    state = str(progress.get("state") or payload.get("state") or "")
    if state not in State.values:
        raise Refused(422, "rejected", _("Status laporan tidak dikenal."))
    responses = [r for r in (progress.get("responses") or []) if isinstance(r, dict)][:50]
    changed = (state != link.remote_state or len(responses) != len(link.remote_responses))
    event = payload.get("event") if isinstance(payload.get("event"), dict) else {}
    link.last_sequence = sequence
    link.remote_tracking_id = _text(payload.get("tracking_id") or link.remote_tracking_id, 16)
    link.remote_state = state
    link.remote_handler = _text(progress.get("handler"), 160)
    link.remote_responses = [{"agency": _text(r.get("agency"), 160), "body": _text(r.get("body"), 10000),
                              "published_at": _text(r.get("published_at"), 40)} for r in responses]
    link.remote_events = (link.remote_events + [{
        "action": _text(event.get("action"), 24), "label": _text(event.get("label"), 200),
        "unit": _text(event.get("unit"), 160), "at": _text(event.get("at"), 40), "sequence": sequence,
    }])[-100:]
    link.remote_finished_at = _datetime(progress.get("finished_at")) if state == State.FINISHED else None
    link.save()
    if changed and link.direction == Direction.OUTGOING:
        # A history entry on our report (it stays TRANSFERRED), which notifies the reporter.
        responded = link.remote_responses[-1]["body"] if link.remote_responses else ""
        try:
            actions.record_remote_update(actor=SYSTEM, report=link.report, state=state, response=responded,
                                         handler=link.remote_handler or link.peer.name)
        except actions.ActionError as exc:
            raise Refused(422, "rejected", " ".join(exc.messages)) from None
    return _mark(row, InboxStatus.APPLIED)
