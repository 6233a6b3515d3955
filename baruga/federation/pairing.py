"""Pairing two instances with a one-time code.

A: `federation_pair --offer` stores an offer and prints `<offer id>.<secret>` (valid 30 minutes).
B: `federation_pair --accept <A's URL> <code>` POSTs its identity (instance id, name, base URL,
public keys, the jurisdictions it serves) to A's /federasi/pasangan/ with an HMAC-SHA256 of it
under the secret (the secret itself never travels). A checks the HMAC, records B as a Peer,
spends the offer and answers with its own identity under the same kind of HMAC; B checks it and
records A. External jurisdictions whose code the other side serves are mapped at once.
"""

import datetime as dt
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.audit import services as audit
from baruga.directory.models import Jurisdiction
from baruga.federation import signing
from baruga.federation.models import PairingOffer, Peer, PeerJurisdiction, PeerKey
from baruga.lib.siteurl import site_url

OFFER_LIFETIME = dt.timedelta(minutes=30)


class PairingError(Exception):
    pass


def base_url():
    return (getattr(settings, "FEDERATION_BASE_URL", "") or site_url()).rstrip("/")


def own_description(offer_id):
    me = signing.identity()
    return {
        "offer": offer_id,
        "instance_id": str(me.instance_id),
        "name": me.name,
        "base_url": base_url(),
        "keys": signing.public_keys(),
        "jurisdictions": [{"code": j.code, "name": j.name, "level": j.level}
                          for j in Jurisdiction.objects.filter(is_external=False, is_active=True).order_by("code")],
    }


def mac(secret, payload, purpose):
    return hmac.new(secret.encode(), purpose.encode() + b"\n" + signing.canonical(payload), hashlib.sha256).hexdigest()


def offer():
    """A new one-time code: `<offer id>.<secret>`."""
    offer_id, secret = secrets.token_hex(4), secrets.token_urlsafe(15)
    PairingOffer.objects.create(offer_id=offer_id, secret=secret, expires_at=timezone.now() + OFFER_LIFETIME)
    return f"{offer_id}.{secret}"


def _record_peer(description):
    """Create or update the Peer described, its keys and the jurisdictions it serves for us."""
    try:
        keys = [(str(k["key_id"])[:40], str(k["public_key"])[:64]) for k in description["keys"]]
        instance_id, name = str(description["instance_id"]), str(description["name"])[:120]
        url = str(description["base_url"])[:200]
        served = [(str(j["code"])[:13]) for j in description.get("jurisdictions", [])]
    except (KeyError, TypeError):
        raise PairingError(_("Data pasangan tidak lengkap.")) from None
    if not url.startswith(("http://", "https://")) or not keys:
        raise PairingError(_("Alamat atau kunci mitra tidak sah."))
    if instance_id == str(signing.identity().instance_id):
        raise PairingError(_("Instansi tidak dapat dipasangkan dengan dirinya sendiri."))
    peer, _created = Peer.objects.update_or_create(instance_id=instance_id,
                                                   defaults={"name": name, "base_url": url, "is_active": True})
    for key_id, public in keys:
        PeerKey.objects.update_or_create(peer=peer, key_id=key_id, defaults={"public_key": public, "is_active": True})
    for jurisdiction in Jurisdiction.objects.filter(code__in=served, is_external=True):
        PeerJurisdiction.objects.update_or_create(jurisdiction=jurisdiction,
                                                  defaults={"peer": peer, "remote_code": jurisdiction.code})
    return peer


def handle_request(body):
    """A's side: (status, reply) for B's pairing request."""
    try:
        data = json.loads(body)
        payload, their_mac = data["payload"], str(data["mac"])
        offer_id = str(payload["offer"])
    except (ValueError, KeyError, TypeError):
        return 400, {"detail": _("Permintaan pasangan tidak dapat dibaca."), "code": "invalid", "errors": []}
    refused = (403, {"detail": _("Kode pasangan salah, kedaluwarsa atau sudah dipakai."), "code": "forbidden",
                     "errors": []})
    with transaction.atomic():
        pending = PairingOffer.objects.select_for_update().filter(
            offer_id=offer_id, used_at__isnull=True, expires_at__gt=timezone.now()).first()
        if pending is None or not hmac.compare_digest(mac(pending.secret, payload, "request"), their_mac):
            return refused
        try:
            peer = _record_peer(payload)
        except PairingError as exc:
            return 400, {"detail": str(exc), "code": "invalid", "errors": []}
        pending.used_at, pending.peer = timezone.now(), peer
        pending.save()
        audit.record(actor=None, action="federation.pair", target=peer,
                     details={"peer_id": peer.pk, "instance_id": str(peer.instance_id), "side": "offer"})
        reply = own_description(offer_id)
        return 200, {"payload": reply, "mac": mac(pending.secret, reply, "reply")}


def accept(url, code, *, timeout=20):
    """B's side: pair with the instance at `url` using its code; returns the new Peer."""
    try:
        offer_id, secret = code.strip().split(".", 1)
    except ValueError:
        raise PairingError(_("Format kode pasangan: <id>.<rahasia>.")) from None
    payload = own_description(offer_id)
    body = json.dumps({"payload": payload, "mac": mac(secret, payload, "request")}).encode()
    request = urllib.request.Request(url.rstrip("/") + "/federasi/pasangan/", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            reply = json.loads(response.read(1_000_000))
    except urllib.error.HTTPError as exc:
        raise PairingError(_("Mitra menolak: HTTP %(code)s %(detail)s") % {
            "code": exc.code, "detail": exc.read(500).decode("utf-8", "replace")}) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise PairingError(_("Mitra tidak dapat dihubungi: %(error)s") % {"error": exc}) from None
    if not isinstance(reply, dict) or not hmac.compare_digest(
            mac(secret, reply.get("payload"), "reply"), str(reply.get("mac", ""))):
        raise PairingError(_("Jawaban mitra tidak terbukti memegang kode pasangan ini."))
    with transaction.atomic():
        peer = _record_peer(reply["payload"])
        audit.record(actor=None, action="federation.pair", target=peer,
                     details={"peer_id": peer.pk, "instance_id": str(peer.instance_id), "side": "accept"})
    return peer
