"""Ed25519 signing over canonical JSON (sorted keys, no whitespace, UTF-8).

Our private keys live in `SigningKey.private_key`, encrypted at rest with the data keys
(`baruga.lib.crypto`). The newest active key signs; `rotation.rotate()` adds a key and announces it
to every peer with a message signed by the previous key, so peers learn it before anything it signs
arrives (messages to a peer are delivered in order).
"""

import base64
import json
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

from baruga.directory.models import Jurisdiction
from baruga.federation.models import LocalIdentity, SigningKey


def canonical(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _b64(raw):
    return base64.b64encode(raw).decode("ascii")


def _raw_public(key):
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def identity():
    """This instance's identity row, created on first use."""
    found = LocalIdentity.objects.first()
    if found is None:
        name = getattr(settings, "FEDERATION_INSTANCE_NAME", "") or _default_name()
        found, _ = LocalIdentity.objects.get_or_create(pk=1, defaults={"name": name})
    return found


def _default_name():
    root = Jurisdiction.objects.filter(is_external=False, is_active=True).order_by("code").first()
    return root.name if root else "Baruga"


def create_key():
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    key_id = timezone.now().strftime("k%Y%m%d") + "-" + secrets.token_hex(4)
    return SigningKey.objects.create(key_id=key_id, private_key=_b64(raw), public_key=_b64(_raw_public(private)))


def current_key():
    """The newest active key (created if there is none)."""
    key = SigningKey.objects.filter(is_active=True).order_by("-created_at", "-id").first()
    return key or create_key()


def public_keys():
    current_key()
    return [{"key_id": k.key_id, "public_key": k.public_key} for k in SigningKey.objects.filter(is_active=True)]


def sign(data, key=None):
    """(key_id, base64 signature) of the canonical form of `data`."""
    key = key or current_key()
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(key.private_key))
    return key.key_id, _b64(private.sign(canonical(data)))


def verify(data, signature, public_key):
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
        public.verify(base64.b64decode(signature, validate=True), canonical(data))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
