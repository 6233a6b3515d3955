"""Signed checkpoints, and copies of them where the database's writer cannot reach.

A checkpoint's *payload* is the canonical JSON of (seq, hash, count, time, legacy_through, key_id);
its signature is the HMAC-SHA256 of the payload under the audit key named by key_id. The same
signed line goes to every anchor in `AUDIT_ANCHORS`:

- `file`: appended to `AUDIT_ANCHOR_FILE`, opened with O_APPEND and fsync'ed: one JSON object a
  line. Put it on another volume (or host) that the database's users cannot write, ideally
  append-only (`chattr +a`, a WORM mount, a remote syslog); `audit_verify` reads it back.
- `email`: the first checkpoint of every `AUDIT_ANCHOR_EMAIL_HOURS` (24) to the security officers
  (holders of `audit.view_auditentry`), through the notifications outbox: a copy in mailboxes
  outside Baruga, to compare with by hand (docs/audit.md). Not every checkpoint: the chain is
  sealed each minute, and a mail a minute would be read by no one.

A forger without the key can neither sign a checkpoint nor rebuild the chain to match one.
"""

import datetime as dt
import hmac
import json
import logging
import os
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from baruga.audit import keys

logger = logging.getLogger(__name__)

PAYLOAD_FIELDS = ("seq", "hash", "count", "time", "legacy_through", "key_id")


class AnchorError(Exception):
    """An anchor could not be written; the message says which and why."""


def _time(moment):
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def payload(values):
    """The signed bytes of a checkpoint given as a dict with PAYLOAD_FIELDS."""
    return json.dumps({name: values[name] for name in PAYLOAD_FIELDS}, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def checkpoint_values(checkpoint):
    return {"seq": checkpoint.seq, "hash": checkpoint.entry_hash, "count": checkpoint.count,
            "time": _time(checkpoint.created_at), "legacy_through": checkpoint.legacy_through,
            "key_id": checkpoint.key_id}


def sign_checkpoint(checkpoint):
    """Fill in the checkpoint's key id and signature (with the current audit key)."""
    ring = keys.keyring()
    checkpoint.key_id = ring.current_id
    checkpoint.signature = ring.sign(payload(checkpoint_values(checkpoint)))
    return checkpoint


def signature_problem(values, signature):
    """None if `signature` is the right HMAC of `values`; else why not (a sentence)."""
    if not values.get("key_id") or not signature:
        return _("tidak bertanda tangan")
    expected = keys.keyring().sign(payload(values), values["key_id"])
    if expected is None:
        return _("ditandatangani dengan kunci %(key)s yang tidak ada di BARUGA_AUDIT_KEYS") % {"key": values["key_id"]}
    if not hmac.compare_digest(expected, signature):
        return _("tanda tangan tidak sah (bukan dari kunci audit)")
    return None


def anchor_line(checkpoint):
    return json.dumps({**checkpoint_values(checkpoint), "mac": checkpoint.signature}, sort_keys=True,
                      separators=(",", ":"))


# --- publishing --------------------------------------------------------------------------------


def publish(checkpoint):
    """Copy a committed, signed checkpoint to every configured anchor. Raises AnchorError."""
    anchors = settings.AUDIT_ANCHORS
    if "file" in anchors and settings.AUDIT_ANCHOR_FILE:
        append_to_file(settings.AUDIT_ANCHOR_FILE, anchor_line(checkpoint))
    if "email" in anchors:  # through the outbox of `baruga.notifications`, a layer above the audit trail
        import_string(settings.AUDIT_EMAIL_ANCHOR)(checkpoint)


def append_to_file(path, line):
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise AnchorError(f"AUDIT_ANCHOR_FILE ({path}) tidak dapat ditulis: {exc}.") from None
    logger.info("audit anchor written to %s: %s", path, line)


# --- reading back ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """One line of an anchor file: a checkpoint, or why the line cannot be trusted (`problem`)."""

    label: str
    seq: int | None
    entry_hash: str
    time: dt.datetime | None
    legacy_through: int | None
    problem: str | None = None


def read_file(path):
    """The anchors in `path`, in file order; a missing file yields nothing (see `file_missing`)."""
    try:
        handle = open(path, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return
    except OSError as exc:
        yield Anchor(str(path), None, "", None, None, problem=_("tidak dapat dibaca: %(error)s") % {
            "error": exc.strerror or exc})
        return
    with handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            label = _("jangkar berkas baris %(line)s") % {"line": number}
            yield _parse(label, text)


def _parse(label, text):
    try:
        values = json.loads(text)
        fields = {name: values[name] for name in PAYLOAD_FIELDS}
        seq = int(fields["seq"])
        moment = dt.datetime.fromisoformat(fields["time"])
        legacy = fields["legacy_through"]
        legacy = None if legacy is None else int(legacy)
        mac = str(values["mac"])
    except (ValueError, KeyError, TypeError):
        return Anchor(label, None, "", None, None, problem=_("bukan baris jangkar yang sah"))
    return Anchor(label, seq, str(fields["hash"]), moment, legacy, problem=signature_problem(fields, mac))
