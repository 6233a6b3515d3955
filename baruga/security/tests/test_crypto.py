"""The streamed AES-256-GCM format: round trips at every size, and every kind of tampering refused."""

import io
import os
import struct

import pytest

from baruga.security import crypto
from baruga.security.keys import BackupError, generate_key, key_id, parse_keys

KEY = os.urandom(32)
CHUNK = 64


def seal(plain, key=KEY, chunk_size=CHUNK, pieces=7):
    out = io.BytesIO()
    writer = crypto.EncryptingWriter(out, key, chunk_size=chunk_size)
    for i in range(0, len(plain), pieces):  # odd write sizes cross the chunk boundaries
        writer.write(plain[i: i + pieces])
    writer.close()
    return out.getvalue()


def open_sealed(data, keys=(KEY,)):
    reader = crypto.DecryptingReader(io.BytesIO(data), list(keys))
    plain = b""
    while block := reader.read(13):
        plain += block
    assert reader.finished
    return plain


def chunks(data):
    """Split an encrypted file into its header and its framed chunks."""
    header_size = struct.calcsize(">8sB8s32sI")
    header, rest, frames = data[:header_size], data[header_size:], []
    while rest:
        _flag, length = struct.unpack(">BI", rest[:5])
        frames.append(rest[: 5 + length])
        rest = rest[5 + length:]
    return header, frames


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 17])
def test_what_is_sealed_opens_unchanged_at_every_size(size):
    plain = os.urandom(size)
    assert open_sealed(seal(plain)) == plain


def test_the_same_content_never_encrypts_the_same_way_twice():
    assert seal(b"laporan" * 50) != seal(b"laporan" * 50)


def test_reordered_chunks_are_refused():
    header, frames = chunks(seal(os.urandom(4 * CHUNK + 5)))
    frames[0], frames[1] = frames[1], frames[0]
    with pytest.raises(BackupError, match="autentikasi AES-GCM gagal"):
        open_sealed(header + b"".join(frames))


def test_a_file_cut_at_a_chunk_boundary_is_refused():
    header, frames = chunks(seal(os.urandom(4 * CHUNK + 5)))
    with pytest.raises(BackupError, match="terpotong"):
        open_sealed(header + b"".join(frames[:-1]))


def test_a_chunk_falsely_flagged_as_final_is_refused():
    header, frames = chunks(seal(os.urandom(4 * CHUNK + 5)))
    forged = bytes([1]) + frames[1][1:]
    with pytest.raises(BackupError, match="autentikasi AES-GCM gagal"):
        open_sealed(header + frames[0] + forged)


def test_bytes_after_the_final_chunk_are_refused():
    with pytest.raises(BackupError, match="autentikasi AES-GCM gagal"):
        open_sealed(seal(b"isi arsip") + b"\0")


def test_an_altered_header_is_refused():
    data = bytearray(seal(os.urandom(3 * CHUNK)))
    data[30] ^= 0x80  # inside the salt
    with pytest.raises(BackupError, match="autentikasi AES-GCM gagal"):
        open_sealed(bytes(data))


def test_the_wrong_key_is_named_by_its_id():
    other = os.urandom(32)
    with pytest.raises(BackupError, match=f"kunci ber-ID {key_id(KEY).hex()}"):
        open_sealed(seal(b"isi"), keys=[other])
    assert open_sealed(seal(b"isi"), keys=[other, KEY]) == b"isi"  # a retired key still opens old archives


def test_a_file_that_is_no_backup_is_refused():
    with pytest.raises(BackupError, match="bukan arsip cadangan Baruga"):
        open_sealed(b"PK\x03\x04 a zip file")


def test_keys_are_read_in_standard_or_url_safe_base64_with_comments():
    first, second = generate_key(), generate_key()
    url_safe = second.replace("+", "-").replace("/", "_").rstrip("=")
    keys = parse_keys(f"# kunci cadangan\n{first}\n{url_safe}  # lama\n", source="uji")
    assert [len(k) for k in keys] == [32, 32] and keys[0] != keys[1]
    with pytest.raises(BackupError, match="bukan base64 dari 32 byte"):
        parse_keys("c2hvcnQ=", source="uji")


def test_manage_py_check_reports_a_malformed_backup_key(settings):
    from baruga.security.checks import backup_key_format

    settings.BACKUP_KEY = "bukan-kunci"
    assert [e.id for e in backup_key_format(None)] == ["security.E001"]
    settings.BACKUP_KEY = generate_key()
    assert backup_key_format(None) == []


class _CountingReads(io.BytesIO):
    """An archive that remembers the largest read asked of it."""

    largest = 0

    def read(self, size=-1):
        self.largest = max(self.largest, size if size >= 0 else len(self.getvalue()))
        return super().read(size)


def test_a_doctored_chunk_size_is_refused_before_a_huge_frame_is_read():
    header, _frames = chunks(seal(os.urandom(3 * CHUNK)))
    magic, version, wanted, salt, _size = struct.unpack(">8sB8s32sI", header)
    doctored = struct.pack(">8sB8s32sI", magic, version, wanted, salt, 0xFFFFFFFF)
    raw = _CountingReads(doctored + struct.pack(">BI", 0, 0xFFFFFFFF) + b"\0" * 1000)
    with pytest.raises(BackupError, match="autentikasi AES-GCM gagal"):
        reader = crypto.DecryptingReader(raw, [KEY])
        reader.drain()
    assert raw.largest <= crypto.MAX_CHUNK_SIZE + crypto.TAG_BYTES
