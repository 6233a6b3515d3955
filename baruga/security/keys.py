"""Backup keys: where they come from and how a backup names the key it needs.

A key is 32 random bytes, written in base64. `BACKUP_KEY` (environment) or the file named by
`BACKUP_KEY_FILE` holds one or more keys: the first encrypts new backups, all of them decrypt,
so a rotated-out key stays usable for restoring older backups until it is removed.
"""

import base64
import binascii
import hashlib
import os
import re
import stat
from pathlib import Path

from django.conf import settings

KEY_BYTES = 32


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator (Bahasa Indonesia)."""


def generate_key():
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def key_id(key):
    """A short public fingerprint of a key, written in each archive's header.

    It lets a restore say "this backup needs another key" instead of failing to decrypt.
    """
    return hashlib.sha256(b"baruga-backup-key-id\x00" + key).digest()[:8]


def parse_keys(text, *, source):
    keys = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for token in re.split(r"[\s,]+", line.strip()):
            if token:
                keys.append(_decode(token, source))
    return keys


def _decode(token, source):
    try:
        standard = token.replace("-", "+").replace("_", "/")  # accept the URL-safe alphabet too
        key = base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise BackupError(f"{source} berisi kunci yang bukan base64 dari {KEY_BYTES} byte. "
                          "Buat kunci dengan `manage.py backup --generate-key`.")
    return key


def configured_keys():
    """The configured keys, the encrypting one first. Raises BackupError when none is set."""
    text = getattr(settings, "BACKUP_KEY", "") or ""
    if text.strip():
        keys = parse_keys(text, source="BACKUP_KEY")
    else:
        path = getattr(settings, "BACKUP_KEY_FILE", "") or ""
        if not path:
            raise BackupError("Kunci cadangan belum diatur: set BACKUP_KEY (base64 32 byte) atau BACKUP_KEY_FILE.")
        try:
            keys = parse_keys(Path(path).read_text(encoding="ascii"), source=f"BACKUP_KEY_FILE ({path})")
        except OSError as exc:
            raise BackupError(f"Berkas kunci cadangan {path} tidak dapat dibaca: {exc.strerror}.") from None
    if not keys:
        raise BackupError("Kunci cadangan kosong: BACKUP_KEY / BACKUP_KEY_FILE tidak berisi kunci.")
    return keys


def key_file_warning():
    """A warning when the key file can be read by other users of the machine, else ''."""
    path = getattr(settings, "BACKUP_KEY_FILE", "") or ""
    if not path or (getattr(settings, "BACKUP_KEY", "") or "").strip():
        return ""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return ""
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        return f"Peringatan: berkas kunci {path} dapat dibaca pengguna lain; jalankan `chmod 600 {path}`."
    return ""
