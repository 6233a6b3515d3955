"""Writing federation messages in the transaction of their cause (the transactional outbox).

`ReportStep` is the federation step of every report change (`complaints.events`, third of
REPORT_EVENT_STEPS): it runs inside the action's transaction, so a message exists exactly when its
cause committed. Each message is
signed when written, with the key that is newest at that moment, and delivered in order per peer
by `baruga.federation.delivery` (enqueued after commit; `federation_deliver` finds the rest).
"""

import base64
import contextvars
import logging
import uuid

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string

from baruga.complaints import workflow
from baruga.complaints.models import Attachment, ReporterContact, Response, State
from baruga.federation import signing, tasks
from baruga.federation.models import (
    Direction,
    FederatedReport,
    MessageType,
    OutboxMessage,
    OutboxStatus,
    Peer,
    PeerJurisdiction,
)
from baruga.lib.lifecycle import ActionError
from baruga.lib.oncommit import after_commit

logger = logging.getLogger("baruga.federation")

# The peer whose message is being applied: its own updates are not echoed back to it.
applying_from = contextvars.ContextVar("baruga_federation_applying_from", default=None)


def report_ref(report):
    return f"{signing.identity().instance_id}:{report.tracking_id}"


def envelope(*, peer, type, ref="", sequence=0, payload):
    return {
        "id": str(uuid.uuid4()),
        "type": type,
        "sender": str(signing.identity().instance_id),
        "recipient": str(peer.instance_id),
        "created_at": timezone.now().isoformat(),
        "report": ref,
        "sequence": sequence,
        "payload": payload,
    }


def write(*, peer, type, payload, ref="", report=None, signing_key=None):
    """Sign and store one message for `peer` in the current transaction; delivery after commit."""
    sequence = 0
    if ref:
        last = OutboxMessage.objects.filter(peer=peer, report_ref=ref).aggregate(m=Max("sequence"))["m"]
        sequence = (last or 0) + 1
    data = envelope(peer=peer, type=type, ref=ref, sequence=sequence, payload=payload)
    key_id, signature = signing.sign(data, signing_key)
    message = OutboxMessage.objects.create(
        message_id=data["id"], peer=peer, type=type, report_ref=ref, sequence=sequence, report=report,
        body=signing.canonical(data).decode("utf-8"), key_id=key_id, signature=signature,
        next_attempt_at=timezone.now(),
    )
    if getattr(settings, "FEDERATION_ENQUEUE_ON_COMMIT", True):
        after_commit(_enqueue, peer.pk)
    return message


def _enqueue(peer_id):
    tasks.deliver_to_peer.enqueue(peer_id)


# What a report carries across

def _iso(value):
    return value.isoformat() if value else None


def _unit(event):
    if event.agency_id:
        return event.agency.name
    return event.jurisdiction.name if event.jurisdiction_id else ""


def history_of(report):
    return [
        {"action": e.action, "label": str(workflow.HISTORY_LABELS.get(e.action, e.action)),
         "from": e.from_state, "to": e.to_state, "unit": _unit(e), "reason": e.reason, "at": _iso(e.created_at)}
        for e in report.events.select_related("agency", "jurisdiction").order_by("created_at", "id")
        if e.action not in workflow.INTERNAL_EVENTS
    ]


def responses_of(report):
    return [
        {"agency": r.agency.name, "body": r.body, "published_at": _iso(r.published_at)}
        for r in Response.objects.filter(report=report, status=Response.Status.PUBLISHED).select_related("agency")
    ]


def attachments_of(report):
    items = []
    for a in Attachment.objects.filter(report=report).order_by("created_at", "id"):
        with a.file.open("rb") as handle:
            content = handle.read()
        items.append({"name": a.original_name, "content_type": a.content_type, "size": len(content),
                      "sha256": a.sha256, "data": base64.b64encode(content).decode("ascii")})
    return items


def transfer_payload(report, event, remote_code):
    contact = ReporterContact.objects.filter(report=report).first()
    return {
        "jurisdiction": remote_code,
        "reason": event.reason,
        "origin": {"instance": signing.identity().name, "tracking_id": report.tracking_id,
                   "jurisdiction": event.jurisdiction.name if event.jurisdiction_id else ""},
        "report": {
            "kind": report.kind, "title": report.title, "body": report.body,
            "category": report.category.slug if report.category_id else None,
            "location": report.location.code, "location_name": report.location.name,
            "district": report.district.name if report.district_id else None,
            "address": report.address,
            "latitude": str(report.latitude) if report.latitude is not None else None,
            "longitude": str(report.longitude) if report.longitude is not None else None,
            "event_date": report.event_date.isoformat() if report.event_date else None,
            "is_anonymous": report.is_anonymous, "is_confidential": report.is_confidential,
            "channel": report.channel, "created_at": _iso(report.created_at),
        },
        "contact": None if contact is None else {
            "name": contact.name, "email": contact.email, "phone": contact.phone, "address": contact.address,
        },
        "history": history_of(report),
        "responses": responses_of(report),
        "attachments": attachments_of(report),
    }


def progress_of(report):
    """Where the matter stands: here, or, once passed on to a peer, as that peer last reported."""
    if report.state == State.TRANSFERRED:
        link = (FederatedReport.objects.filter(report=report, direction=Direction.OUTGOING)
                .order_by("-created_at").first())
        if link is not None and link.remote_state:
            return {"tracking_id": link.remote_tracking_id, "state": link.remote_state,
                    "handler": link.remote_handler, "responses": link.remote_responses,
                    "finished_at": _iso(link.remote_finished_at)}
    handler = report.agency.name if report.agency_id else report.jurisdiction.name
    return {"tracking_id": report.tracking_id, "state": report.state, "handler": handler,
            "responses": responses_of(report), "finished_at": _iso(report.finished_at)}


def status_payload(report, event):
    return {
        "tracking_id": report.tracking_id,
        "state": report.state,
        "event": {"action": event.action, "label": str(workflow.HISTORY_LABELS.get(event.action, event.action)),
                  "at": _iso(event.created_at), "unit": _unit(event)},
        "progress": progress_of(report),
    }


# The step of every report change

class ReportStep:
    """Tell the peers that hold a link to the report; hand a report transferred out to its peer or to
    the national connector. `check` refuses, before the transfer changes anything, a transfer the
    national connector cannot take."""

    def check(self, report, action, *, to_jurisdiction=None, **context):
        if action != "transfer" or to_jurisdiction is None or not to_jurisdiction.is_external:
            return
        if _route(to_jurisdiction.pk) is None and to_jurisdiction.level == "national":
            connector = national_connector()
            problem = connector.problem() if connector is not None else None
            if problem:
                raise ActionError(problem)

    def run(self, change):
        on_report_event(change.event, filed=change.filing is not None)


def national_connector():
    """The national upstream NATIONAL_CONNECTOR names (a `national.NationalConnector`), or None.

    A dotted path in the settings, so that the connectors, which queue through this outbox
    (`national.BarugaHubConnector`), are not imported by it."""
    path = getattr(settings, "NATIONAL_CONNECTOR", "")
    if not path:
        return None
    return import_string(path)()


def _route(jurisdiction_id):
    return (PeerJurisdiction.objects.filter(jurisdiction_id=jurisdiction_id, peer__is_active=True)
            .select_related("peer").first())


def on_report_event(event, *, filed=False):
    report = event.report
    source = applying_from.get()
    if event.action not in workflow.INTERNAL_EVENTS and not filed:
        # (a report filed in this transaction has no federation link yet: nothing to tell anyone)
        for link in FederatedReport.objects.filter(report=report, peer__is_active=True).select_related("peer"):
            if source is not None and link.peer_id == source:
                continue  # the peer told us; it knows
            if event.action == "transfer" and link.direction == Direction.OUTGOING:
                continue  # an earlier hand-over; a new one is written below
            write(peer=link.peer, type=MessageType.STATUS, payload=status_payload(report, event), ref=link.ref,
                  report=report)
    if event.action == "transfer" and event.to_state == State.TRANSFERRED:
        route = _route(report.jurisdiction_id)
        if route is not None:
            queue_transfer(report, event, route.peer, route.remote_code)
        elif report.jurisdiction.level == "national":
            connector = national_connector()
            if connector is not None:
                connector.forward(report, event)  # ReportStep.check made sure it can


def queue_transfer(report, event, peer, remote_code):
    """Hand a report over to `peer`: the link and the message, in the caller's transaction."""
    ref = report_ref(report)
    link, _ = FederatedReport.objects.get_or_create(
        peer=peer, direction=Direction.OUTGOING, ref=ref,
        defaults={"report": report, "origin_tracking_id": report.tracking_id},
    )
    return write(peer=peer, type=MessageType.TRANSFER, payload=transfer_payload(report, event, remote_code),
                 ref=ref, report=report)


def announce_keys(*, signing_key):
    """Tell every active peer our current list of public keys."""
    keys = signing.public_keys()
    for peer in Peer.objects.filter(is_active=True):
        write(peer=peer, type=MessageType.KEYS, payload={"keys": keys}, signing_key=signing_key)


def pending_counts():
    return {s: OutboxMessage.objects.filter(status=s).count() for s in OutboxStatus.values}
