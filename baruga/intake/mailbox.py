"""Reading the intake mailbox over IMAP (standard library `imaplib`), for `manage.py poll_mailbox`.

Each pass selects ``EMAIL_IMAP_FOLDER``, takes every unseen message in (`mail.take_in`) and then
marks it: moved to ``EMAIL_IMAP_DONE_FOLDER`` when one is set (MOVE, or COPY + delete), else flagged
``\\Seen``. A message is marked only after its transaction committed, so a crash in between reads it
again on the next pass, where its Message-ID makes it a no-op. A message over
``EMAIL_INTAKE_MAX_BYTES`` is not downloaded: its headers are enough to log and answer the refusal.
"""

import imaplib
import ipaddress
import logging
import re
import socket
import ssl

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from baruga.intake import mail
from baruga.lib.loops import DISCONNECTED

logger = logging.getLogger("baruga.intake")

# What a lost or refused IMAP connection raises: the poll reconnects after these.
IMAP_ERRORS = (imaplib.IMAP4.error, OSError, ssl.SSLError, EOFError, socket.timeout)
SECURITY = ("ssl", "starttls", "plain")
TIMEOUT = 60
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


def configured():
    return bool(settings.EMAIL_IMAP_HOST and settings.EMAIL_IMAP_USER)


def _is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connect():
    """A logged-in connection with the folder selected. Plaintext only to a server on this machine."""
    host, port, security = settings.EMAIL_IMAP_HOST, settings.EMAIL_IMAP_PORT, settings.EMAIL_IMAP_SECURITY
    if security not in SECURITY:
        raise ImproperlyConfigured(f"EMAIL_IMAP_SECURITY harus salah satu dari {', '.join(SECURITY)}.")
    if security == "plain" and not _is_loopback(host):
        raise ImproperlyConfigured("EMAIL_IMAP_SECURITY=plain hanya untuk server IMAP di 127.0.0.1; gunakan ssl "
                                   "atau starttls.")
    context = ssl.create_default_context(cafile=settings.EMAIL_IMAP_CA_FILE or None)
    if security == "ssl":
        connection = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=TIMEOUT)
    else:
        connection = imaplib.IMAP4(host, port, timeout=TIMEOUT)
        if security == "starttls":
            connection.starttls(ssl_context=context)
    connection.login(settings.EMAIL_IMAP_USER, settings.EMAIL_IMAP_PASSWORD)
    _ok(connection.select(_quoted(settings.EMAIL_IMAP_FOLDER)), "SELECT")
    return connection


def poll_once(connection, *, skip=()):
    """Take in every unseen message; returns {outcome: count}. `skip`: uids that failed earlier in
    this process (left unseen for an operator, not retried in a tight loop)."""
    counts = {}
    typ, data = connection.uid("SEARCH", None, "UNSEEN")
    _ok((typ, data), "SEARCH")
    for uid in (data[0] or b"").split():
        if uid in skip:
            continue
        try:
            result = _take_one(connection, uid)
        except IMAP_ERRORS:
            raise
        except DISCONNECTED:
            raise  # the database is gone: the loop reconnects and reads this message again
        except Exception:
            logger.exception("E-mail uid %s in %s could not be taken in; left unseen", uid.decode(),
                             settings.EMAIL_IMAP_FOLDER)
            if isinstance(skip, set):
                skip.add(uid)
            counts["failed"] = counts.get("failed", 0) + 1
            continue
        _done(connection, uid)
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    if settings.EMAIL_IMAP_DONE_FOLDER and counts:
        connection.expunge()
    return counts


def _take_one(connection, uid):
    typ, data = connection.uid("FETCH", uid, "(RFC822.SIZE)")
    _ok((typ, data), "FETCH")
    match = _SIZE.search(b" ".join(d if isinstance(d, bytes) else d[0] for d in data if d))
    size = int(match.group(1)) if match else 0
    if size > settings.EMAIL_INTAKE_MAX_BYTES:
        raw = _fetch(connection, uid, "BODY.PEEK[HEADER]")
        return mail.take_in(raw, transport="imap", total_size=size)
    return mail.take_in(_fetch(connection, uid, "BODY.PEEK[]"), transport="imap")


def _fetch(connection, uid, what):
    typ, data = connection.uid("FETCH", uid, f"({what})")
    _ok((typ, data), "FETCH")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    raise imaplib.IMAP4.error(f"FETCH {uid!r} returned no message")


def _done(connection, uid):
    folder = settings.EMAIL_IMAP_DONE_FOLDER
    if not folder:
        _ok(connection.uid("STORE", uid, "+FLAGS", "(\\Seen)"), "STORE")
        return
    if b"MOVE" in _capabilities(connection):
        _ok(connection.uid("MOVE", uid, _quoted(folder)), "MOVE")
        return
    _ok(connection.uid("COPY", uid, _quoted(folder)), "COPY")
    _ok(connection.uid("STORE", uid, "+FLAGS", "(\\Seen \\Deleted)"), "STORE")


def ensure_done_folder(connection):
    folder = settings.EMAIL_IMAP_DONE_FOLDER
    if folder:
        connection.create(_quoted(folder))  # "already exists" is fine


def _capabilities(connection):
    return {c.upper().encode() if isinstance(c, str) else c.upper() for c in connection.capabilities}


def _quoted(name):
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ok(response, command):
    typ, data = response
    if typ != "OK":
        raise imaplib.IMAP4.error(f"{command} failed: {data!r}")
    return data


def close(connection):
    if connection is None:
        return
    try:
        connection.logout()
    except IMAP_ERRORS:
        pass
