import base64
import json
import types
import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from baruga.federation import signing
from baruga.federation.models import Peer, PeerJurisdiction, PeerKey


@pytest.fixture(autouse=True)
def _no_enqueue(settings):
    settings.FEDERATION_ENQUEUE_ON_COMMIT = False


class FakePeer:
    """Another instance, as far as this one can tell: an identity, a key, and a Peer row here."""

    def __init__(self, name="Provinsi Mitra"):
        self.private = Ed25519PrivateKey.generate()
        public = self.private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.instance_id = str(uuid.uuid4())
        self.peer = Peer.objects.create(name=name, instance_id=self.instance_id, base_url="http://127.0.0.1:9/")
        PeerKey.objects.create(peer=self.peer, key_id="k1", public_key=base64.b64encode(public).decode())
        self.sequences = {}

    def envelope(self, type, payload, ref="", sequence=None, message_id=None):
        if sequence is None and ref:
            sequence = self.sequences[ref] = self.sequences.get(ref, 0) + 1
        return {"id": message_id or str(uuid.uuid4()), "type": type, "sender": self.instance_id,
                "recipient": str(signing.identity().instance_id), "created_at": timezone.now().isoformat(),
                "report": ref, "sequence": sequence or 0, "payload": payload}

    def sign(self, data):
        return base64.b64encode(self.private.sign(signing.canonical(data))).decode()

    def post(self, client, data, *, signature=None, key_id="k1", raw=None, **extra):
        body = raw if raw is not None else signing.canonical(data)
        return client.post("/federasi/kotak-masuk/", data=body, content_type="application/json",
                           headers={"X-Baruga-Key-Id": key_id,
                                    "X-Baruga-Signature": signature if signature is not None else self.sign(data)},
                           **extra)


@pytest.fixture
def remote(db):
    return FakePeer()


@pytest.fixture
def routed(cast, remote):
    """Kabupaten Gowa is served by the remote instance here: an external jurisdiction mapped to it."""
    cast.gowa.is_external = True
    cast.gowa.save()
    PeerJurisdiction.objects.create(peer=remote.peer, jurisdiction=cast.gowa, remote_code="73.06")
    return types.SimpleNamespace(peer=remote, jurisdiction=cast.gowa)


def unauthenticated(remote, data, case):
    """Break `data` (an envelope from `remote`) the way `case` names, for one of the four authentication
    failures; returns the extra arguments of `remote.post`."""
    if case == "bad_signature":
        return {"signature": remote.sign({**data, "sequence": 9})}
    if case == "unknown_key":
        return {"key_id": "k9"}
    if case == "unknown_peer":
        data["sender"] = "6f1d3c1e-0000-4000-8000-000000000000"
    elif case == "wrong_recipient":
        data["recipient"] = "6f1d3c1e-0000-4000-8000-000000000001"
    return {}


def transfer_payload(code="73", title="Jalan provinsi rusak di Gowa", attachments=()):
    return {
        "jurisdiction": code, "reason": "Jalan provinsi, bukan kewenangan kabupaten.",
        "origin": {"instance": "Kabupaten Mitra", "tracking_id": "BRG-AAAA-BBBB", "jurisdiction": "Kabupaten Mitra"},
        "report": {"kind": "complaint", "title": title,
                   "body": "Jalan poros provinsi berlubang besar di dekat jembatan, membahayakan pengendara.",
                   "category": "jalan-provinsi", "location": "73.71", "district": "Tamalate", "address": "Jl. Poros",
                   "latitude": "-5.2", "longitude": "119.4", "event_date": "2026-01-02", "is_anonymous": False,
                   "is_confidential": False, "channel": "web", "created_at": timezone.now().isoformat()},
        "contact": {"name": "Rina", "email": "rina@contoh.id", "phone": "0812000111", "address": ""},
        "history": [{"action": "submit", "label": "Laporan diterima", "from": "", "to": "submitted",
                     "unit": "Kabupaten Mitra", "reason": "", "at": timezone.now().isoformat()}],
        "responses": [],
        "attachments": list(attachments),
    }


def status_payload(state, tracking_id="BRG-CCCC-DDDD", responses=()):
    return {"tracking_id": tracking_id, "state": state,
            "event": {"action": "verify", "label": "Laporan diverifikasi", "at": timezone.now().isoformat(),
                      "unit": "Kabupaten Gowa"},
            "progress": {"tracking_id": tracking_id, "state": state, "handler": "Dinas PUPR Gowa",
                         "responses": list(responses), "finished_at": timezone.now().isoformat()
                         if state == "finished" else None}}


def body_of(response):
    return json.loads(response.content)
