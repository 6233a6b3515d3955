"""Streamed AES-256-GCM for backup archives: constant memory whatever the archive's size.

Layout of an encrypted file (integers big-endian):

    header = MAGIC (8 bytes) | format version (1) | key id (8) | salt (32) | chunk size (4)
    chunk  = final flag (1) | ciphertext length (4) | ciphertext, ending in the 16-byte GCM tag

Every file is encrypted under its own key, HKDF-SHA256(backup key, salt), so the chunk
counter can serve as the nonce without ever repeating one under a key. Each chunk
authenticates the whole header and its final flag (as associated data) and its position
(the nonce): a file that was altered, re-ordered, cut short or extended does not decrypt.
"""

import hashlib
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from baruga.security.keys import BackupError, key_id

MAGIC = b"BARUGABK"
VERSION = 1
CHUNK_SIZE = 1024 * 1024
# The header's chunk size is only authenticated with the first chunk: bounded first, so a doctored
# header cannot make a restore read (and hold) gigabytes before the tag check refuses them.
MAX_CHUNK_SIZE = 16 * 1024 * 1024
TAG_BYTES = 16
SALT_BYTES = 32
_HEADER = struct.Struct(">8sB8s32sI")
_FRAME = struct.Struct(">BI")

TAMPERED = "Arsip cadangan rusak atau telah diubah (autentikasi AES-GCM gagal); tidak ada yang diubah."


def _file_key(key, salt):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"baruga-backup v1").derive(key)


def _nonce(counter):
    return counter.to_bytes(12, "big")


class EncryptingWriter:
    """A write-only file object: what is written to it lands encrypted in `raw`."""

    def __init__(self, raw, key, *, chunk_size=CHUNK_SIZE):
        salt = os.urandom(SALT_BYTES)
        self.header = _HEADER.pack(MAGIC, VERSION, key_id(key), salt, chunk_size)
        self._aead = AESGCM(_file_key(key, salt))
        self._raw = raw
        self._chunk_size = chunk_size
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        raw.write(self.header)

    def write(self, data):
        self._buffer += data
        # Keep at least one byte back, so the last chunk (flagged final) is written by close().
        while len(self._buffer) > self._chunk_size:
            self._emit(bytes(self._buffer[: self._chunk_size]), final=False)
            del self._buffer[: self._chunk_size]
        return len(data)

    def _emit(self, plain, *, final):
        flag = 1 if final else 0
        sealed = self._aead.encrypt(_nonce(self._counter), plain, self.header + bytes([flag]))
        self._raw.write(_FRAME.pack(flag, len(sealed)))
        self._raw.write(sealed)
        self._counter += 1

    def close(self):
        if not self._closed:
            self._emit(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._closed = True


class DecryptingReader:
    """A read-only file object over an encrypted file; every byte it returns is authenticated."""

    def __init__(self, raw, keys):
        self._raw = raw
        header = raw.read(_HEADER.size)
        if len(header) < _HEADER.size or not header.startswith(MAGIC):
            raise BackupError("Berkas ini bukan arsip cadangan Baruga (tanda pengenal tidak cocok).")
        magic, version, wanted_id, salt, chunk_size = _HEADER.unpack(header)
        if version != VERSION:
            raise BackupError(f"Versi format arsip {version} tidak dikenal oleh Baruga ini.")
        if not 0 < chunk_size <= MAX_CHUNK_SIZE:
            raise BackupError(TAMPERED)
        key = next((k for k in keys if key_id(k) == wanted_id), None)
        if key is None:
            raise BackupError(
                f"Kunci cadangan salah: arsip ini dienkripsi dengan kunci ber-ID {wanted_id.hex()}, "
                f"sedangkan kunci yang diatur ber-ID {', '.join(key_id(k).hex() for k in keys)}. Tidak ada yang diubah."
            )
        self.key_id = wanted_id.hex()
        self.header = header
        self._aead = AESGCM(_file_key(key, salt))
        self._max_sealed = chunk_size + TAG_BYTES
        self._counter = 0
        self._buffer = b""
        self._offset = 0
        self.finished = False

    def _next_chunk(self):
        frame = self._raw.read(_FRAME.size)
        if len(frame) < _FRAME.size:
            raise BackupError("Arsip cadangan terpotong (bagian akhir hilang); tidak ada yang diubah.")
        flag, length = _FRAME.unpack(frame)
        if flag > 1 or length > self._max_sealed:
            raise BackupError(TAMPERED)
        sealed = self._raw.read(length)
        if len(sealed) < length:
            raise BackupError("Arsip cadangan terpotong (bagian akhir hilang); tidak ada yang diubah.")
        try:
            plain = self._aead.decrypt(_nonce(self._counter), sealed, self.header + bytes([flag]))
        except InvalidTag:
            raise BackupError(TAMPERED) from None
        self._counter += 1
        if flag:
            if self._raw.read(1):
                raise BackupError(TAMPERED)
            self.finished = True
        return plain

    def read(self, size=-1):
        out = bytearray()
        while size < 0 or len(out) < size:
            if self._offset >= len(self._buffer):
                if self.finished:
                    break
                self._buffer, self._offset = self._next_chunk(), 0
                continue
            left = len(self._buffer) - self._offset
            take = left if size < 0 else min(size - len(out), left)
            out += self._buffer[self._offset: self._offset + take]
            self._offset += take
        return bytes(out)

    def drain(self):
        """Read to the end, so the final chunk (and nothing after it) is authenticated too."""
        while self.read(CHUNK_SIZE):
            pass


class HashingWriter:
    """Pass writes through to `raw`, counting bytes and computing their SHA-256."""

    def __init__(self, raw):
        self._raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data):
        self._raw.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)


def sha256_of(path, chunk_size=CHUNK_SIZE):
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while block := f.read(chunk_size):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size
