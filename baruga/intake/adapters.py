"""What each provider posts, read into one shape (`Inbound`). The signature is checked before (signing.py).

- the gateway's neutral JSON: ``{"channel": "whatsapp"|"sms", "from", "message_id", "text",
  "location": {"latitude", "longitude"}, "name"}`` (text or location);
- the WhatsApp Cloud API webhook: ``entry[].changes[].value.messages[]`` of type text, location or
  image (its metadata only: the photo itself is not fetched), with ``contacts[].profile.name``;
- a plain SMS gateway's form post: ``from``, ``text``, ``id``.
"""

import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from baruga.complaints.models import Channel
from baruga.intake import phones

logger = logging.getLogger("baruga.intake")

CHANNELS = (Channel.WHATSAPP, Channel.SMS)
MAX_TEXT = 4096  # WhatsApp's own limit for a text message
MAX_ID = 200


class BadPayload(Exception):
    """A signed request whose content cannot be read; the message is for the provider's operator."""


@dataclass(frozen=True)
class Inbound:
    channel: str
    phone: str  # normalised: 62812…
    message_id: str
    kind: str = "text"  # text, location, image, other
    text: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    media: dict = field(default_factory=dict)
    name: str = ""


def _coordinate(value, limit):
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() and -limit <= number <= limit else None


def _location(data):
    if not isinstance(data, dict):
        return None, None
    latitude, longitude = _coordinate(data.get("latitude"), 90), _coordinate(data.get("longitude"), 180)
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


def _message_id(value):
    value = str(value or "").strip()
    return value if 0 < len(value) <= MAX_ID else None


def from_gateway(payload):
    """One message of the neutral JSON; raises BadPayload."""
    if not isinstance(payload, dict):
        raise BadPayload(_("Isi permintaan harus berupa objek JSON."))
    channel = payload.get("channel")
    if channel not in CHANNELS:
        raise BadPayload(_("Kanal harus “whatsapp” atau “sms”."))
    phone, message_id = phones.normalise(payload.get("from")), _message_id(payload.get("message_id"))
    if phone is None:
        raise BadPayload(_("Nomor pengirim (“from”) tidak sah."))
    if message_id is None:
        raise BadPayload(_("“message_id” wajib diisi (maksimal 200 karakter)."))
    text = payload.get("text") or ""
    if not isinstance(text, str):
        raise BadPayload(_("“text” harus berupa teks."))
    latitude, longitude = _location(payload.get("location"))
    if payload.get("location") is not None and latitude is None:
        raise BadPayload(_("Lokasi harus berisi lintang dan bujur yang sah."))
    name = payload.get("name") if isinstance(payload.get("name"), str) else ""
    return Inbound(channel=channel, phone=phone, message_id=message_id, text=text[:MAX_TEXT],
                   kind="location" if latitude is not None else "text", latitude=latitude, longitude=longitude,
                   name=name[:120])


def from_sms_form(form):
    phone, message_id = phones.normalise(form.get("from")), _message_id(form.get("id"))
    if phone is None:
        raise BadPayload(_("Nomor pengirim (“from”) tidak sah."))
    if message_id is None:
        raise BadPayload(_("“id” wajib diisi (maksimal 200 karakter)."))
    return Inbound(channel=Channel.SMS, phone=phone, message_id=message_id, text=form.get("text", "")[:MAX_TEXT])


def from_whatsapp(payload):
    """Every message of a Cloud API webhook call; delivery statuses and unreadable items are skipped."""
    if not isinstance(payload, dict):
        raise BadPayload(_("Isi permintaan harus berupa objek JSON."))
    found = []
    for entry in _list(payload.get("entry")):
        for change in _list(entry.get("changes") if isinstance(entry, dict) else None):
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                continue
            names = {c.get("wa_id"): (c.get("profile") or {}).get("name", "")
                     for c in _list(value.get("contacts")) if isinstance(c, dict)}
            for message in _list(value.get("messages")):
                inbound = _whatsapp_message(message, names)
                if inbound is not None:
                    found.append(inbound)
    return found


def _list(value):
    return value if isinstance(value, list) else []


def _whatsapp_message(message, names):
    if not isinstance(message, dict):
        return None
    phone, message_id = phones.normalise(message.get("from")), _message_id(message.get("id"))
    if phone is None or message_id is None:
        logger.warning("WhatsApp message without a usable sender or id skipped")
        return None
    kind = message.get("type")
    name = str(names.get(message.get("from")) or "")[:120]
    common = dict(channel=Channel.WHATSAPP, phone=phone, message_id=message_id, name=name)
    body = message.get(kind) if isinstance(message.get(kind), dict) else {}
    if kind == "text":
        return Inbound(**common, text=str(body.get("body") or "")[:MAX_TEXT])
    if kind == "location":
        latitude, longitude = _location(body)
        if latitude is None:
            return Inbound(**common, kind="other")
        return Inbound(**common, kind="location", latitude=latitude, longitude=longitude)
    if kind == "image":
        media = {key: str(body.get(key))[:200] for key in ("id", "mime_type", "sha256") if body.get(key)}
        return Inbound(**common, kind="image", media=media, text=str(body.get("caption") or "")[:MAX_TEXT])
    return Inbound(**common, kind="other")
