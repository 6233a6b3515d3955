"""The headers that let a reporter answer Baruga's e-mail: a signed reply address, Message-IDs, threading.

- Reply-To: ``lapor+<tracking>-<token>@<domain>`` built on ``EMAIL_INTAKE_ADDRESS``. The token is the
  first 16 hex digits (64 bits) of HMAC-SHA256 over the tracking number with ``EMAIL_REPLY_KEY`` (or a
  key derived from SECRET_KEY); it is checked in constant time by `parse_reply_address`. Whoever holds
  a reporter's e-mail holds the token, as with the private link: a reply lands on that report only.
- Message-ID: one per outbox row, ``<brg-7k4m-q2xp.<row>@<domain>>``; every message about a report
  refers to the report's thread root ``<brg-7k4m-q2xp@<domain>>`` (In-Reply-To, References), so mail
  programs keep a report's messages together, and a reply's headers name the report it answers.
- Subject tag ``[BRG-7K4M-Q2XP]``.

Without ``EMAIL_INTAKE_ADDRESS`` nothing comes back: no Reply-To is set (the From address answers).
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.utils.crypto import salted_hmac

TOKEN_LENGTH = 16
TRACKING = r"BRG-[2-9A-Z]{4}-[2-9A-Z]{4}"
SUBJECT_TAG = re.compile(rf"\[({TRACKING})\]", re.IGNORECASE)
THREAD_ID = re.compile(rf"<({TRACKING})(?:\.\d+)?@([^>]+)>", re.IGNORECASE)


def intake_address():
    return (settings.EMAIL_INTAKE_ADDRESS or "").strip()


def replies_enabled():
    return "@" in intake_address()


def _key():
    if settings.EMAIL_REPLY_KEY:
        return settings.EMAIL_REPLY_KEY.encode()
    return salted_hmac("baruga.email.reply-key", "reply", algorithm="sha256").digest()


def reply_token(tracking_id):
    digest = hmac.new(_key(), f"reply:{tracking_id.upper()}".encode(), hashlib.sha256).hexdigest()
    return digest[:TOKEN_LENGTH]


def _split(address):
    local, _, domain = address.rpartition("@")
    return local, domain


def reply_address(tracking_id):
    """The Reply-To of a message to the reporter of `tracking_id`, or "" when replies are off."""
    if not replies_enabled():
        return ""
    local, domain = _split(intake_address())
    return f"{local}+{tracking_id.lower()}-{reply_token(tracking_id)}@{domain}"


def parse_reply_address(address):
    """For an address on the intake mailbox: (tracking_id, valid). ("", False) for a plus address that is
    not a reply address at all, None when `address` is not a plus address of the intake mailbox."""
    if not replies_enabled():
        return None
    local, domain = _split(intake_address())
    their_local, their_domain = _split((address or "").strip())
    base, plus, tag = their_local.partition("+")
    if not plus or base.lower() != local.lower() or their_domain.lower() != domain.lower():
        return None
    match = re.fullmatch(rf"({TRACKING})-([0-9a-f]{{{TOKEN_LENGTH}}})", tag, re.IGNORECASE)
    if match is None:
        return "", False
    tracking_id, token = match.group(1).upper(), match.group(2).lower()
    return tracking_id, hmac.compare_digest(reply_token(tracking_id), token)


def is_intake_address(address):
    local, domain = _split(intake_address())
    return bool(local) and (address or "").strip().lower() == f"{local}@{domain}".lower()


def message_id_domain():
    if settings.EMAIL_MESSAGE_ID_DOMAIN:
        return settings.EMAIL_MESSAGE_ID_DOMAIN
    source = intake_address() or settings.DEFAULT_FROM_EMAIL
    domain = _split(source.strip().rstrip(">"))[1]
    return domain or "baruga.localhost"


def thread_root(tracking_id):
    return f"<{tracking_id.lower()}@{message_id_domain()}>"


def message_id(tracking_id, row_pk):
    return f"<{tracking_id.lower()}.{row_pk}@{message_id_domain()}>"


def tagged_subject(subject, tracking_id):
    tag = f"[{tracking_id}]"
    return subject if tag in subject else f"{tag} {subject}"


def headers_for(message):
    """The extra headers of one outbox e-mail (a dict), from its report and the message it answers."""
    headers = {"Auto-Submitted": "auto-generated"}  # RFC 3834: vacation responders do not answer it
    report = message.report
    if report is None:
        if message.in_reply_to:
            headers.update({"In-Reply-To": message.in_reply_to, "References": message.in_reply_to})
        return headers
    root = thread_root(report.tracking_id)
    references = [ref for ref in (message.in_reply_to, root) if ref]
    headers.update({
        "Message-ID": message_id(report.tracking_id, message.pk),
        "In-Reply-To": message.in_reply_to or root,
        "References": " ".join(references),
        "X-Baruga-Report": report.tracking_id,
    })
    address = reply_address(report.tracking_id)
    if address:
        headers["Reply-To"] = address
    return headers


def tracking_ids_referenced(values):
    """The tracking numbers named by our Message-IDs in In-Reply-To/References values."""
    found = set()
    domain = message_id_domain().lower()
    for value in values:
        for tracking_id, their_domain in THREAD_ID.findall(value or ""):
            if their_domain.lower() == domain:
                found.add(tracking_id.upper())
    return found
