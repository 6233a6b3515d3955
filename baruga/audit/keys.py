"""The audit trail's HMAC keys: held outside the database, like the data keys of `baruga.lib.crypto`.

`BARUGA_AUDIT_KEYS` (environment): keys separated by commas, each url-safe base64 of 32 random
bytes (`manage.py audit_seal --generate-key`); or `BARUGA_AUDIT_KEY_FILE`: a file (mode 600) with
one key per line, `#` comments allowed. The first key signs new entries and checkpoints; every key
verifies, so a rotation is: put a new key first, keep the old ones for as long as entries signed
with them are kept. Each entry and checkpoint stores the *key id* (a public fingerprint, never the
key), so the verifier knows which key to use and names a key it lacks.

Without a key, development and tests derive one from SECRET_KEY (HKDF) with a warning;
`settings_production` refuses to start without one.
"""

import base64
import hashlib
import hmac
import logging
import os
import secrets
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from baruga.lib import crypto
from baruga.lib.crypto import KeySource

logger = logging.getLogger(__name__)

KEY_BYTES = 32
FALLBACK_INFO = b"baruga audit key: development fallback from SECRET_KEY"
GENERATE_HINT = "Buat kunci dengan `manage.py audit_seal --generate-key`."


def generate_key():
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def key_id(raw):
    """The public name of a key, stored beside what it signed (never the key itself)."""
    return hashlib.sha256(b"baruga audit key id\x00" + raw).hexdigest()[:16]


@dataclass(frozen=True)
class AuditKeyring:
    keys: tuple  # raw bytes, the signing key first
    source: str
    fallback: bool = False

    @cached_property
    def _by_id(self):
        return {key_id(raw): raw for raw in reversed(self.keys)}

    @cached_property
    def current_id(self):
        return key_id(self.keys[0])

    def by_id(self, wanted):
        return self._by_id.get(wanted)

    def sign(self, message, wanted_id=None):
        """HMAC-SHA256 (hex) of `message` under the key named `wanted_id` (default: the signing key);
        None when no configured key has that id."""
        raw = self.keys[0] if wanted_id is None else self.by_id(wanted_id)
        if raw is None:
            return None
        return hmac.new(raw, message, hashlib.sha256).hexdigest()


AUDIT_KEYS = KeySource(
    keys_setting="BARUGA_AUDIT_KEYS", file_setting="BARUGA_AUDIT_KEY_FILE",
    kind=f"base64 url-safe dari {KEY_BYTES} byte", hint=GENERATE_HINT,
    missing="Kunci jejak audit belum diatur: set BARUGA_AUDIT_KEYS atau BARUGA_AUDIT_KEY_FILE.",
    warning=("BARUGA_AUDIT_KEYS / BARUGA_AUDIT_KEY_FILE not set: the audit chain is signed with a key derived from "
             "SECRET_KEY. Development and tests only; production refuses to start without a key."),
    fallback_info=FALLBACK_INFO,
)


def load_keyring(*, warn=True):
    keys, source, fallback = AUDIT_KEYS.read(warn=warn)
    return AuditKeyring(tuple(keys), source, fallback=fallback)


_keyring = crypto.CachedKeyring(load_keyring, {AUDIT_KEYS.keys_setting, AUDIT_KEYS.file_setting, *crypto.KEY_SETTINGS})
keyring = _keyring.get
reset_keyring = _keyring.reset


@checks.register(checks.Tags.security)
def audit_key_configuration(app_configs, **kwargs):
    """A malformed audit key or anchor setting shows at start-up, not at the first seal."""
    try:
        ring = load_keyring(warn=False)
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="audit.E001")]
    errors = []
    path = getattr(settings, "BARUGA_AUDIT_KEY_FILE", "") or ""
    if ring.source == "BARUGA_AUDIT_KEY_FILE" and os.name == "posix":
        if Path(path).stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            errors.append(checks.Warning(f"BARUGA_AUDIT_KEY_FILE ({path}) dapat dibaca pengguna lain di mesin ini.",
                                         hint=f"chmod 600 {path}", id="audit.W001"))
    unknown = set(settings.AUDIT_ANCHORS) - {"file", "email"}
    if unknown:
        errors.append(checks.Error(f"AUDIT_ANCHORS memuat jenis yang tidak dikenal: {', '.join(sorted(unknown))} "
                                   "(yang dikenal: file, email).", id="audit.E002"))
    anchor_file = settings.AUDIT_ANCHOR_FILE
    if anchor_file and not Path(anchor_file).parent.is_dir():
        errors.append(checks.Error(f"Direktori AUDIT_ANCHOR_FILE ({anchor_file}) tidak ada.", id="audit.E004"))
    return errors


@checks.register(checks.Tags.security, deploy=True)
def audit_anchor_deployment(app_configs, **kwargs):
    """In production the file anchor needs its file (`manage.py check --deploy`, `make check`)."""
    if "file" in settings.AUDIT_ANCHORS and not settings.AUDIT_ANCHOR_FILE:
        return [checks.Error("AUDIT_ANCHORS memuat `file` tetapi AUDIT_ANCHOR_FILE belum diatur.",
                             hint="Tunjuk berkas di volume lain yang tidak dapat ditulis ulang oleh pengguna basis "
                                  "data, atau hapus `file` dari AUDIT_ANCHORS.", id="audit.E003")]
    return []
