"""Personal data encrypted at rest, and blind indexes to find a person without storing them in clear.

Cipher: Fernet, through `cryptography.fernet.MultiFernet`
--------------------------------------------------------
Fernet is AES-128-CBC with a random IV, then HMAC-SHA256 over version, timestamp, IV and
ciphertext (encrypt-then-MAC), so a value is authenticated as well as secret: a ciphertext that
was altered, truncated or made under another key fails the MAC and raises `DecryptionError`,
never decrypts to garbage. We chose it over AES-GCM with our own key-id prefix because it is the
library's high-level recipe: no nonces to manage across the many processes that encrypt (a
repeated GCM nonce under one key is fatal), a versioned token format we do not have to design, and
`MultiFernet`, which decrypts with any configured key and re-encrypts with the first one — exactly
what a rotation needs. The costs: AES-128 rather than 256 (ample for this data), about 60 bytes
of overhead per value, no key id in the token (decryption tries the configured keys in order; a
handful at most), and the token's clear timestamp tells when a value was written.

Keys: never in the database
---------------------------
`BARUGA_DATA_KEYS` (environment): Fernet keys (url-safe base64 of 32 bytes), separated by commas;
or `BARUGA_DATA_KEY_FILE`: a file with one key per line (`#` starts a comment). The first key
encrypts; every key decrypts, so rotation is: put a new key first, keep the old one, run
`manage.py rotate_keys`, then remove the old key (README, "Key rotation").
Without a configured key, development and tests (DEBUG, the settings' development fallback flag,
or a test run) derive one from SECRET_KEY with HKDF and log a warning; `settings_production`
refuses to start without one.

Blind indexes
-------------
Looking someone up by e-mail, phone or NIK cannot use the ciphertext (each encryption differs).
A blind index is HMAC-SHA256 of the normalised value under an *index key* derived with HKDF from
the data key's material (a separate key: an index never helps decrypt, and the key that encrypts
is used for nothing else). It is deterministic, so equal values give equal indexes and can
be found with `WHERE email_index IN (...)`; it reveals only that two rows hold the same value.
Because the index key follows the current data key, `blind_index_candidates` returns one index per
configured key, so lookups keep working while `rotate_keys` recomputes the stored indexes.
"""

import base64
import binascii
import hashlib
import hmac
import logging
import os
import re
import stat
import sys
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.db.models.lookups import Exact, In, IsNull

from baruga.lib import phones

logger = logging.getLogger(__name__)

KEY_BYTES = 32
INDEX_INFO = b"baruga blind index v1"
FALLBACK_INFO = b"baruga data key: development fallback from SECRET_KEY"
GENERATE_HINT = "Buat kunci dengan `manage.py rotate_keys --generate-key`."


class DecryptionError(Exception):
    """A stored value could not be decrypted: wrong or missing key, or the value was altered."""


# --- keys ---------------------------------------------------------------------------------------


def generate_key():
    return Fernet.generate_key().decode("ascii")


def parse_keys(text, *, source, kind="kunci Fernet (base64 url-safe dari 32 byte)", hint=GENERATE_HINT):
    """The keys in `text` (commas or newlines between keys, `#` comments), as raw 32-byte strings."""
    keys = []
    for line in text.splitlines():
        for token in line.split("#", 1)[0].split(","):
            token = token.strip()
            if token:
                keys.append(_decode(token, source, len(keys) + 1, kind, hint))
    return keys


def _decode(token, source, position, kind, hint):
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii") + b"=" * (-len(token) % 4))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured(f"{source}: kunci ke-{position} bukan {kind}. " + hint)
    return raw


@dataclass(frozen=True)
class KeySource:
    """Where a kind of key lives outside the database: a setting with the keys, or a key file; and what
    development and tests use without one (a key derived from SECRET_KEY, with a warning)."""

    keys_setting: str
    file_setting: str
    kind: str  # how a bad key is described in the refusal
    hint: str  # how to make a key
    missing: str  # the refusal when no key is configured outside development
    warning: str  # logged when the development fallback is used
    fallback_info: bytes  # the HKDF info of the development fallback

    def read(self, *, warn=True):
        """(raw keys, the current one first; where they came from; whether it is the fallback).
        Raises ImproperlyConfigured with a clear message."""
        text = getattr(settings, self.keys_setting, "") or ""
        path = getattr(settings, self.file_setting, "") or ""
        if text.strip():
            return parse_keys(text, source=self.keys_setting, kind=self.kind, hint=self.hint), self.keys_setting, False
        if path:
            try:
                content = Path(path).read_text(encoding="ascii")
            except (OSError, UnicodeDecodeError) as exc:
                raise ImproperlyConfigured(f"{self.file_setting} ({path}) tidak dapat dibaca: {exc}.") from None
            keys = parse_keys(content, source=f"{self.file_setting} ({path})", kind=self.kind, hint=self.hint)
            if not keys:
                raise ImproperlyConfigured(f"{self.file_setting} tidak berisi satu kunci pun. " + self.hint)
            return keys, self.file_setting, False
        if not _fallback_allowed():
            raise ImproperlyConfigured(self.missing + " " + self.hint)
        if warn:
            logger.warning(self.warning)
        raw = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=self.fallback_info).derive(
            settings.SECRET_KEY.encode("utf-8")
        )
        return [raw], "SECRET_KEY (development fallback)", True


class CachedKeyring:
    """A keyring read once per process, and again after a change of one of `settings_names` (tests)."""

    def __init__(self, load, settings_names):
        self._load, self._names = load, frozenset(settings_names)
        self._lock, self._ring = threading.Lock(), None
        setting_changed.connect(self._on_setting_changed, weak=False)

    def get(self):
        ring = self._ring
        if ring is None:
            with self._lock:
                if self._ring is None:
                    self._ring = self._load()
                ring = self._ring
        return ring

    def reset(self, **kwargs):
        with self._lock:
            self._ring = None

    def _on_setting_changed(self, *, setting, **kwargs):
        if setting in self._names:
            self.reset()


@dataclass(frozen=True)
class Keyring:
    """The configured data keys, the encrypting (current) one first."""

    keys: tuple
    source: str
    fallback: bool = field(default=False)

    @cached_property
    def fernets(self):
        return [Fernet(base64.urlsafe_b64encode(raw)) for raw in self.keys]

    @cached_property
    def current(self):
        return self.fernets[0]

    @cached_property
    def multi(self):
        return MultiFernet(self.fernets)

    @cached_property
    def index_keys(self):
        return [
            HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INDEX_INFO).derive(raw) for raw in self.keys
        ]

    def fingerprint(self, position=0):
        """A short public name of a key, for logs and progress lines (never the key itself)."""
        return hashlib.sha256(b"baruga data key id\x00" + self.keys[position]).hexdigest()[:12]


def _running_tests():
    return "pytest" in sys.modules or sys.argv[1:2] == ["test"]


def _fallback_allowed():
    return bool(
        getattr(settings, "BARUGA_DATA_KEY_DEV_FALLBACK", False) or settings.DEBUG or _running_tests()
    )


DATA_KEYS = KeySource(
    keys_setting="BARUGA_DATA_KEYS", file_setting="BARUGA_DATA_KEY_FILE",
    kind="kunci Fernet (base64 url-safe dari 32 byte)", hint=GENERATE_HINT,
    missing="Kunci enkripsi data pribadi belum diatur: set BARUGA_DATA_KEYS atau BARUGA_DATA_KEY_FILE.",
    warning=("BARUGA_DATA_KEYS / BARUGA_DATA_KEY_FILE not set: personal data are encrypted with a key derived "
             "from SECRET_KEY. Development and tests only; production refuses to start without a key."),
    fallback_info=FALLBACK_INFO,
)
KEY_SETTINGS = ("BARUGA_DATA_KEY_DEV_FALLBACK", "SECRET_KEY", "DEBUG")


def load_keyring(*, warn=True):
    """Read the keys from the settings (no cache). Raises ImproperlyConfigured with a clear message."""
    keys, source, fallback = DATA_KEYS.read(warn=warn)
    return Keyring(tuple(keys), source, fallback=fallback)


_keyring = CachedKeyring(load_keyring, {DATA_KEYS.keys_setting, DATA_KEYS.file_setting, *KEY_SETTINGS})
keyring = _keyring.get  # the configured keyring, read once per process (again after a settings change in tests)
reset_keyring = _keyring.reset


# --- encrypting values --------------------------------------------------------------------------


def encrypt(text):
    return keyring().current.encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token, *, label="nilai"):
    try:
        return keyring().multi.decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError(
            f"{label} tidak dapat didekripsi: kunci yang mengenkripsinya tidak ada di BARUGA_DATA_KEYS / "
            "BARUGA_DATA_KEY_FILE, atau nilainya telah diubah di basis data."
        ) from exc


def is_current(token):
    """Whether `token` was encrypted with the current (first) key."""
    try:
        keyring().current.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


# --- blind indexes ------------------------------------------------------------------------------


def normalise_email(value):
    return (value or "").strip().lower()


def normalise_phone(value):
    """Indonesian numbers in one form: +62 812-3456-7890, 6281234567890 and 081234567890 are equal."""
    return phones.index_key(value)


def normalise_nik(value):
    return re.sub(r"\D", "", value or "")


def normalise_exact(value):
    return value or ""


# "exact" is for a column that may hold several kinds of value (an outbox address: e-mail or phone).
NORMALISERS = {"email": normalise_email, "phone": normalise_phone, "nik": normalise_nik, "exact": normalise_exact}


def _index(index_key, kind, normalised):
    return hmac.new(index_key, f"{kind}\x00{normalised}".encode(), hashlib.sha256).hexdigest()


def blind_index(kind, value):
    """The stored blind index of `value` (under the current key); "" for an empty value."""
    normalised = NORMALISERS[kind](value)
    return _index(keyring().index_keys[0], kind, normalised) if normalised else ""


def blind_index_candidates(kind, value):
    """The index of `value` under every configured key (current first): look rows up with `__in`."""
    normalised = NORMALISERS[kind](value)
    if not normalised:
        return []
    return [_index(key, kind, normalised) for key in keyring().index_keys]


# --- model fields -------------------------------------------------------------------------------


def _field_label(field):
    model = getattr(field, "model", None)
    return f"{model._meta.label}.{field.name}" if model is not None else (field.name or "nilai")


def _index_field(field):
    """The BlindIndexField kept for `field` on its model, if any."""
    model = getattr(field, "model", None)
    if model is None:
        return None
    for candidate in model._meta.concrete_fields:
        if isinstance(candidate, BlindIndexField) and candidate.source == field.name:
            return candidate
    return None


class _EncryptedEquality:
    """Equality on an encrypted field: `=""` compares the stored empty string; any other value is
    looked up through the field's blind index (all configured keys), or refused with FieldError
    when the model keeps none — comparing with a fresh ciphertext would quietly find nothing."""

    def get_prep_lookup(self):
        if hasattr(self.rhs, "resolve_expression") or self._is_empty():
            return super().get_prep_lookup()
        self.index_field = _index_field(self.lhs.output_field)
        if self.index_field is None or not hasattr(self.lhs, "alias"):
            raise FieldError(_search_refused(self.lhs.output_field))
        return self.rhs  # kept clear: as_sql turns it into index values

    def _values(self):
        return [self.rhs]

    def as_sql(self, compiler, connection):
        index = getattr(self, "index_field", None)
        if index is None:
            return super().as_sql(compiler, connection)
        candidates = [c for value in self._values() for c in blind_index_candidates(index.kind, value)]
        # A value that normalises to nothing matches no row ("" would match the empty ones).
        return compiler.compile(In(index.get_col(self.lhs.alias), candidates or ["-"]))


class _ExactEncrypted(_EncryptedEquality, Exact):
    def _is_empty(self):
        return self.rhs in ("", None)


class _InEncrypted(_EncryptedEquality, In):
    def _is_empty(self):
        return False

    def _values(self):
        return [value for value in self.rhs if value]


def _search_refused(field):
    return (
        f"{_field_label(field)} disimpan terenkripsi dan tidak dapat dicari menurut isinya; "
        "cari lewat indeks buta (baruga.lib.crypto.blind_index_candidates)."
    )


class EncryptedTextField(models.TextField):
    """Text stored encrypted (Fernet); the model attribute holds the clear text.

    An empty string is stored empty (saying only that nothing was given) and NULL stays NULL.
    Reading a value that no configured key opens raises DecryptionError. Lookups: `isnull`,
    `=""`, and `=value` / `__in` when the model keeps a BlindIndexField for the field (they are
    answered by the index, with its normalisation: e-mail case, phone prefix). Any other search by
    content raises FieldError instead of quietly finding nothing. `max_length` limits forms only.
    """

    description = "Text encrypted at rest (Fernet)"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value, label=_field_label(self))

    def get_lookup(self, lookup_name):
        return {"exact": _ExactEncrypted, "in": _InEncrypted, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, lookup_name):
        raise FieldError(_search_refused(self))


class EncryptedCharField(EncryptedTextField):
    """An encrypted single-line value (a name, an e-mail, a phone number): stored as EncryptedTextField,
    edited in forms and the admin as a one-line input of at most `max_length` characters."""

    def formfield(self, **kwargs):
        from django import forms

        return models.Field.formfield(self, **{"form_class": forms.CharField, "max_length": self.max_length,
                                               **kwargs})


class BlindIndexField(models.CharField):
    """The blind index of another field of the same model, recomputed on every save.

    Save with the source field and its index together (`update_fields` naming only the source
    leaves the index stale).
    """

    DEFAULTS = {"max_length": 64, "blank": True, "default": "", "db_index": True, "editable": False}

    def __init__(self, *args, source, kind, **kwargs):
        if kind not in NORMALISERS:
            raise ValueError(f"unknown blind index kind {kind!r}")
        self.source, self.kind = source, kind
        super().__init__(*args, **{**self.DEFAULTS, **kwargs})

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        for key, default in self.DEFAULTS.items():
            if getattr(self, key) == default:
                kwargs.pop(key, None)
            else:
                kwargs[key] = getattr(self, key)
        return name, path, args, kwargs

    def compute(self, instance):
        return blind_index(self.kind, getattr(instance, self.source))

    def pre_save(self, model_instance, add):
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def encrypted_models(app_models=None):
    """[(model, [encrypted fields], [blind index fields])] for every model holding either."""
    from django.apps import apps

    found = []
    for model in app_models or apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = model._meta.concrete_fields
        encrypted = [f for f in fields if isinstance(f, EncryptedTextField)]
        indexes = [f for f in fields if isinstance(f, BlindIndexField)]
        if encrypted or indexes:
            found.append((model, encrypted, indexes))
    return found


# --- migrations: encrypting what an earlier schema stored in clear ------------------------------


def _opens(value):
    try:
        return decrypt(value), True
    except DecryptionError:
        return value, False


def _walk_rows(model, columns, connection, batch_size):
    meta = model._meta
    quote = connection.ops.quote_name
    pk = meta.pk.column
    select = (f"SELECT {quote(pk)}, {', '.join(quote(c) for c in columns)} FROM {quote(meta.db_table)} "
              f"WHERE {quote(pk)} > %s ORDER BY {quote(pk)}")
    last = 0 if meta.pk.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField") else ""
    with connection.cursor() as cursor:
        while True:
            cursor.execute(f"{select} LIMIT {int(batch_size)}", [last])
            rows = cursor.fetchall()
            yield from rows
            if len(rows) < batch_size:
                return
            last = rows[-1][0]


def _update_row(model, connection, pk_value, changes):
    if not changes:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in changes)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s",
                       [*changes.values(), pk_value])


def encrypt_existing(model, connection, *, batch_size=500):
    """RunPython helper: encrypt the clear values of `model`'s encrypted fields, fill its blind indexes.

    Values that already decrypt are left as they are, so running it twice changes nothing.
    """
    [(_model, encrypted, indexes)] = encrypted_models([model])
    for row in _walk_rows(model, [f.column for f in encrypted], connection, batch_size):
        clear, changes = {}, {}
        for field_, value in zip(encrypted, row[1:], strict=True):
            if value in (None, ""):
                clear[field_.name] = value or ""
                continue
            clear[field_.name], is_token = _opens(value)
            if not is_token:
                changes[field_.column] = field_.get_prep_value(value)  # the field's own encryption
        for index in indexes:
            changes[index.column] = blind_index(index.kind, clear.get(index.source, ""))
        _update_row(model, connection, row[0], changes)


def decrypt_existing(model, connection, *, batch_size=500):
    """The reverse of `encrypt_existing`: clear values back, blind indexes emptied."""
    [(_model, encrypted, indexes)] = encrypted_models([model])
    for row in _walk_rows(model, [f.column for f in encrypted], connection, batch_size):
        changes = {index.column: "" for index in indexes}
        for field_, value in zip(encrypted, row[1:], strict=True):
            if value not in (None, ""):
                changes[field_.column] = decrypt(value, label=_field_label(field_))
        _update_row(model, connection, row[0], changes)


# --- key rotation -------------------------------------------------------------------------------


@dataclass
class RotationBatch:
    last_pk: object = None
    rows: int = 0  # rows read
    rows_changed: int = 0
    values_reencrypted: int = 0
    indexes_recomputed: int = 0
    failures: list = field(default_factory=list)  # (pk, column): no configured key opens the value


def rotate_batch(model, encrypted, indexes, connection, *, after, batch_size, dry_run=False):
    """Re-encrypt one batch of `model`'s rows (pk > `after`) with the current key, in the caller's
    transaction, the rows locked where the database can (PostgreSQL: FOR UPDATE) so no request
    overwrites them meanwhile. Values already under the current key and indexes already right are
    not written: a second run changes nothing, an interrupted one resumes where it stopped."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = [f.column for f in encrypted] + [f.column for f in indexes]
    sql = (f"SELECT {quote(meta.pk.column)}, {', '.join(quote(c) for c in columns)} FROM {quote(meta.db_table)}"
           + (f" WHERE {quote(meta.pk.column)} > %s" if after is not None else "")
           + f" ORDER BY {quote(meta.pk.column)} LIMIT {int(batch_size)}"
           + (" FOR UPDATE" if connection.features.has_select_for_update else ""))
    with connection.cursor() as cursor:
        cursor.execute(sql, [after] if after is not None else [])
        rows = cursor.fetchall()
    ring = keyring()
    batch = RotationBatch(last_pk=rows[-1][0] if rows else after, rows=len(rows))
    for row in rows:
        pk, values, stored_indexes = row[0], row[1:1 + len(encrypted)], row[1 + len(encrypted):]
        clear, changes = {}, {}
        for field_, value in zip(encrypted, values, strict=True):
            if value in (None, ""):
                clear[field_.name] = ""
                continue
            token = value.encode("ascii", "replace")
            try:
                clear[field_.name] = ring.current.decrypt(token).decode("utf-8")
            except InvalidToken:
                try:
                    clear[field_.name] = ring.multi.decrypt(token).decode("utf-8")
                except InvalidToken:
                    batch.failures.append((pk, field_.column))
                    continue
                changes[field_.column] = ring.current.encrypt(clear[field_.name].encode("utf-8")).decode("ascii")
                batch.values_reencrypted += 1
        for index, stored in zip(indexes, stored_indexes, strict=True):
            if index.source in clear:
                wanted = blind_index(index.kind, clear[index.source])
                if wanted != stored:
                    changes[index.column] = wanted
                    batch.indexes_recomputed += 1
        if changes:
            batch.rows_changed += 1
            if not dry_run:
                _update_row(model, connection, pk, changes)
    return batch


# --- configuration checks -----------------------------------------------------------------------


@checks.register(checks.Tags.security)
def data_key_configuration(app_configs, **kwargs):
    """A malformed key shows at start-up, not at the first page that reads personal data."""
    errors = []
    try:
        ring = load_keyring(warn=False)
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="crypto.E001")]
    path = getattr(settings, "BARUGA_DATA_KEY_FILE", "") or ""
    if ring.source == "BARUGA_DATA_KEY_FILE" and os.name == "posix":
        mode = Path(path).stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            errors.append(checks.Warning(
                f"BARUGA_DATA_KEY_FILE ({path}) dapat dibaca pengguna lain di mesin ini.",
                hint=f"chmod 600 {path}", id="crypto.W001"))
    return errors
