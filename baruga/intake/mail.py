"""Reports and replies by e-mail: one raw RFC 822 message in; a report filed, a reply landed, or a refusal logged.

`take_in(raw, transport=...)` is what both transports call (the IMAP poll, `baruga.intake.mailbox`,
and the MTA pipe, `views.email_pipe`). In one transaction it:

1. records the message once by its Message-ID (`InboundEmail`; a mail without one is known by the
   hash of its bytes): the same mail read twice changes nothing;
2. drops automatic mail without an answer: auto-replies (``Auto-Submitted``, ``Precedence:
   bulk/junk/list``, ``X-Autoreply``), bounces (``multipart/report``, an empty sender,
   MAILER-DAEMON) and mailing lists;
3. refuses a message over ``EMAIL_INTAKE_MAX_BYTES``, a sender over ``EMAIL_INTAKE_PER_SENDER_HOUR``,
   a forged reply token (a security event) or one whose headers name another report;
4. a reply to ``lapor+<tracking>-<token>@…`` (baruga.notifications.mailheaders) lands on that report as
   the reporter's: it completes a "needs info" request (`actions.complete`), otherwise it is the
   reporter's reply (`actions.reporter_reply`);
5. any other mail files a new report as a guest (`actions.submit_report(channel="email")`) at the
   regency/city its text names (or ``EMAIL_INTAKE_LOCATION``), answered with the tracking number and
   the private link.

The quoted part of a reply is cut ("> …" lines, "On … wrote:", "Pada … menulis:", Outlook's
"-----Original Message-----" and "Dari:/From:" blocks, signatures after "-- "). Photos and PDFs go
through the upload rules (`baruga.lib.uploads`); other attachments are left out. Every refusal is
kept in `InboundEmail` with its reason and logged; a person (not a machine) whose mail was refused
for its content is told why.
"""

import datetime as dt
import hashlib
import html
import logging
import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from baruga.complaints import actions, notices, permissions
from baruga.complaints.models import Channel, Kind, Report, ReportEvent, State
from baruga.directory.models import Jurisdiction, Level
from baruga.intake.models import EmailOutcome, InboundEmail
from baruga.notifications import mailheaders, outbox, texts
from baruga.notifications.models import ChannelName, OutboxMessage
from baruga.security import detection

logger = logging.getLogger("baruga.intake")

MIN_DESCRIPTION = 20  # as on the filing page
TITLE_LENGTH = 80
KEPT_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")
KEPT_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".pdf")
SECURITY_REASONS = ("forged_token", "token_mismatch")
RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
SUBJECT_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|tr|bls|balas|trs|tl)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


@dataclass
class Result:
    outcome: str  # filed, reply, refused, dropped, duplicate
    reason: str = ""
    report: Report | None = None
    record: InboundEmail | None = None


class Refused(Exception):
    """The message is not taken; `answer` (if any) is what its sender is told."""

    def __init__(self, reason, answer="", *, outcome=EmailOutcome.REFUSED):
        super().__init__(reason)
        self.reason, self.answer, self.outcome = reason, answer, outcome


# Entry point

def take_in(raw, *, transport, request=None, total_size=None, now=None):
    """Take one raw message in (bytes). `total_size`: the message's size when `raw` holds only its
    headers (the poll does not download a message over the limit)."""
    now = now or timezone.now()
    size = total_size if total_size is not None else len(raw)
    message = BytesParser(policy=policy.default).parsebytes(raw)
    message_id = _message_id(message, raw)
    sender_name, sender = _sender(message)
    with translation.override("id"), transaction.atomic():
        try:
            with transaction.atomic():
                record = InboundEmail.objects.create(
                    message_id=message_id, transport=transport, sender=sender, size=min(size, 2**31 - 1),
                    outcome=EmailOutcome.REFUSED, received_at=now)
        except IntegrityError:
            logger.info("E-mail %s taken in before: ignored", message_id)
            return Result("duplicate", "duplicate")
        try:
            report, outcome = _handle(message, record, sender, sender_name, size, now)
        except Refused as refused:
            record.outcome, record.reason, record.detail = refused.outcome, refused.reason, refused.answer
            record.save(update_fields=["outcome", "reason", "detail"])
            logger.warning("E-mail %s (%s) %s: %s", message_id, transport,
                           "dropped" if refused.outcome == EmailOutcome.DROPPED else "refused", refused.reason)
            if refused.reason in SECURITY_REASONS:
                detection.intake_refused(request, channel="email", reason=refused.reason)
            if refused.answer and sender:
                _answer(record, message, sender, _("Pesan Anda tidak dapat kami proses"),
                        _refusal_body(refused.answer))
            return Result(refused.outcome, refused.reason, record=record)
        record.outcome, record.report = outcome, report
        record.save(update_fields=["outcome", "report"])
        logger.info("E-mail %s (%s): %s %s", message_id, transport, outcome, report.tracking_id)
        return Result(outcome, report=report, record=record)


def _handle(message, record, sender, sender_name, size, now):
    automatic = automatic_reason(message, sender)
    if automatic:
        raise Refused(automatic, outcome=EmailOutcome.DROPPED)
    if size > settings.EMAIL_INTAKE_MAX_BYTES:
        raise Refused("too_large", _("E-mail Anda terlalu besar (%(size)s; maksimal %(max)s). Kirim ulang dengan "
                                     "lampiran yang lebih kecil.") % {"size": _megabytes(size),
                                                                      "max": _megabytes(settings.EMAIL_INTAKE_MAX_BYTES)})
    recent = InboundEmail.objects.filter(sender=sender, received_at__gte=now - dt.timedelta(hours=1)).count()
    if recent > settings.EMAIL_INTAKE_PER_SENDER_HOUR:
        raise Refused("rate_limited")
    token = _reply_token(message)
    text = strip_quoted(body_text(message))
    files = _attachments(message)
    if token is not None:
        return _reply(token, text, files), EmailOutcome.REPLY
    return _file(message, record, sender, sender_name, text, files), EmailOutcome.FILED


# A reply to a report

def _reply_token(message):
    """The tracking number of a valid reply address among the recipients, None when there is none;
    Refused for a forged token, or one at odds with the report the headers name."""
    found = []
    for name in RECIPIENT_HEADERS:
        for _display, address in getaddresses([_header(message, name, all_values=True)]):
            parsed = mailheaders.parse_reply_address(address)
            if parsed is not None:
                found.append(parsed)
    if not found:
        return None
    if not all(valid for _tracking, valid in found):
        raise Refused("forged_token")
    tracking_ids = {tracking for tracking, _valid in found}
    named = set(mailheaders.tracking_ids_referenced([_header(message, "In-Reply-To"),
                                                     _header(message, "References")]))
    named |= {m.upper() for m in mailheaders.SUBJECT_TAG.findall(_header(message, "Subject"))}
    if len(tracking_ids) > 1 or (named and not named <= tracking_ids):
        raise Refused("token_mismatch")
    return tracking_ids.pop()


def _reply(tracking_id, text, files):
    report = Report.objects.filter(tracking_id=tracking_id).select_related("reporter").first()
    if report is None:
        raise Refused("unknown_report")
    actor = report.filer if report.filer_id else permissions.GuestAccess(report.pk)
    if not text and not files:
        raise Refused("empty", _("Balasan Anda kosong. Tulis keterangan Anda di atas teks kutipan, lalu kirim lagi."))
    try:
        with transaction.atomic():
            if report.state == State.NEEDS_INFO:
                actions.complete(actor=actor, report=report, text=text or _("(lihat lampiran)"), attachments=files)
            else:
                actions.reporter_reply(actor=actor, report=report, text=text or _("(lihat lampiran)"),
                                       attachments=files)
    except actions.ActionError as exc:
        raise Refused("action", " ".join(exc.messages)) from None
    report.refresh_from_db()
    return report


# A new report

def _file(message, record, sender, sender_name, text, files):
    if not sender:
        raise Refused("no_sender")
    location = _location(f"{_header(message, 'Subject')}\n{text}")
    if location is None:
        raise Refused("no_location", _("Sebutkan kabupaten/kota tempat kejadian (misalnya “Kota Makassar”) di "
                                       "subjek atau isi e-mail Anda, lalu kirim lagi."))
    subject = SUBJECT_PREFIX.sub("", _header(message, "Subject")).strip()
    title = _title(subject or text)
    try:
        with transaction.atomic():
            report, secret = actions.submit_report(
                reporter=None, kind=Kind.COMPLAINT, title=title or _("Laporan lewat e-mail"), body=text,
                location=location, contact_name=sender_name[:120], contact_email=sender, attachments=files,
                channel=Channel.EMAIL)
    except actions.ActionError as exc:
        raise Refused("action", " ".join(exc.messages)) from None
    _answer_filed(record, message, sender, report, secret)
    return report


def _location(text):
    """The regency/city the text names (one only), else EMAIL_INTAKE_LOCATION, else the only one served."""
    served = Jurisdiction.objects.filter(level__in=[Level.REGENCY, Level.CITY], is_active=True, is_external=False)
    lowered = " ".join(text.lower().split())
    full, bare = set(), set()
    for jurisdiction in served.only("pk", "name"):
        name = jurisdiction.name.lower()
        if re.search(rf"\b{re.escape(name)}\b", lowered):
            full.add(jurisdiction.pk)
        short = re.sub(r"^(kota|kabupaten|kab\.)\s+", "", name)
        if short != name and re.search(rf"\b{re.escape(short)}\b", lowered):
            bare.add(jurisdiction.pk)
    named = full or bare
    if len(named) == 1:
        return served.get(pk=named.pop())
    if settings.EMAIL_INTAKE_LOCATION:
        default = served.filter(code=settings.EMAIL_INTAKE_LOCATION).first()
        if default is not None:
            return default
    only = list(served[:2])
    return only[0] if len(only) == 1 else None


def _title(text):
    words = " ".join(text.split())
    return words if len(words) <= TITLE_LENGTH else words[: TITLE_LENGTH - 1].rstrip() + "…"


# Answers

def _answer(record, message, to, subject, body, *, report=None):
    outbox.queue_message(channel=ChannelName.EMAIL, to_address=to, subject=subject, body=body,
                                language="id", dedupe_key=f"email-intake:{record.pk}", report=report,
                                in_reply_to=_reference(message))


def _refusal_body(reason):
    return "\n\n".join([_("Yth. Pengirim,"), reason, _("Pesan Anda belum kami catat sebagai laporan atau tanggapan."),
                        _("E-mail ini dikirim otomatis oleh Baruga.")])


def _answer_filed(record, message, sender, report, secret):
    """The answer with the tracking number and the private link. It takes the place of the receipt
    the filing queued (one e-mail, not two), or is queued when there was none."""
    link = texts.absolute(reverse("complaints:track", args=[report.tracking_id])) + f"?k={secret}"
    values = {"id": report.tracking_id, "title": report.title, "jurisdiction": report.jurisdiction.name,
              "due": texts.local(report.due_at), "link": link}
    subject = _("Laporan %(id)s sudah diterima") % values
    body = "\n\n".join([
        _("Yth. Pelapor,"),
        _("Terima kasih. E-mail Anda kami terima sebagai laporan “%(title)s” dengan nomor pelacakan %(id)s.") % values,
        _("Laporan diverifikasi oleh admin %(jurisdiction)s paling lambat %(due)s.") % values,
        _("Tautan pribadi untuk membaca tindak lanjut, melengkapi dan menilai laporan (jangan dibagikan):"),
        link,
        texts.reply_note(),
    ])
    event = ReportEvent.objects.filter(report=report, action="submit").first()
    receipt = OutboxMessage.objects.filter(
        dedupe_key=notices.citizen_message_key(event.pk)).first() if event else None
    if receipt is None:
        _answer(record, message, sender, subject, body, report=report)
        return
    receipt.subject, receipt.body = subject, body
    receipt.in_reply_to = _reference(message)
    receipt.save(update_fields=["subject", "body", "in_reply_to"])


# Reading a message

def _header(message, name, *, all_values=False):
    """A header as text ("" when absent or unreadable); several of the same name joined with commas."""
    try:
        values = message.get_all(name) or []
        values = [str(v) for v in values] if all_values else [str(values[0])] if values else []
    except Exception:  # a malformed header must not stop the message from being logged
        return ""
    return ", ".join(v.strip() for v in values)


def _reference(message):
    """The message's own Message-ID as sent (for In-Reply-To), "" when it has none."""
    match = re.search(r"<[^<>\s]{1,250}>", _header(message, "Message-ID"))
    return match.group(0) if match else ""


def _message_id(message, raw):
    value = _header(message, "Message-ID")
    match = re.search(r"<[^<>\s]{1,250}>", value)
    if match:
        return match.group(0).lower()
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _sender(message):
    name, address = parseaddr(_header(message, "From"))
    address = address.strip()
    if "@" not in address or len(address) > 254:
        return "", ""
    return name.strip(), address


def automatic_reason(message, sender):
    """Why this mail is a machine's (auto_reply, bounce, list, loop), or "" for a person's."""
    return_path = _header(message, "Return-Path")
    local = sender.rpartition("@")[0].lower()
    if (not sender or return_path.strip() == "<>" or message.get_content_type() == "multipart/report"
            or local in ("mailer-daemon", "postmaster")):
        return "bounce"
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return "auto_reply"
    if _header(message, "X-Autoreply") or _header(message, "X-Autorespond"):
        return "auto_reply"
    precedence = _header(message, "Precedence").lower()
    if precedence in ("bulk", "junk", "auto_reply"):
        return "auto_reply"
    if precedence == "list" or _header(message, "List-Id") or _header(message, "List-Unsubscribe"):
        return "list"
    if mailheaders.is_intake_address(sender) or mailheaders.parse_reply_address(sender) is not None or (
            sender.lower() == parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()):
        return "loop"
    return ""


def body_text(message):
    """The text of the message: its plain part, else its HTML part without tags and quotes."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        part = None
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset: read what can be read
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        content = re.sub(r"(?is)<(script|style|blockquote)\b.*?</\1\s*>", "", content)
        content = re.sub(r"(?is)<div[^>]*class=\"?[^\">]*(gmail_quote|moz-cite-prefix)[^>]*>.*", "", content)
        content = re.sub(r"(?i)<br\s*/?>|</p\s*>|</div\s*>", "\n", content)
        content = html.unescape(strip_tags(content))
    return content


_WROTE = re.compile(r"^\s*(on\b.+\bwrote|pada\b.+\bmenulis|am\b.+\bschrieb|le\b.+\ba écrit)\s*:\s*$",
                    re.IGNORECASE)
_ORIGINAL = re.compile(r"^\s*-{2,}\s*(original message|pesan asli|forwarded message|pesan yang diteruskan)\s*-{2,}",
                       re.IGNORECASE)
_OUTLOOK_FROM = re.compile(r"^\s*\**(from|dari)\s*:\**\s+\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(r"^\s*\**(sent|dikirim|date|tanggal|to|kepada|subject|perihal|cc)\s*:", re.IGNORECASE)


def strip_quoted(text):
    """The new part of a reply: up to the first quote header, without "> " lines or the signature."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = []
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if line.rstrip() == "--" and line.startswith("-- ") or line.strip() == "_" * 32:
            break  # a signature, or Outlook's separator line
        if _WROTE.match(line) or _WROTE.match(f"{line} {following}") or _ORIGINAL.match(line):
            break
        if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_NEXT.match(n) for n in lines[number + 1:number + 5]):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    result = "\n".join(kept).strip()
    result = re.sub(r"\n{3,}", "\n\n", result)
    return result[: actions.MAX_BODY]


def _attachments(message):
    """The photos and PDFs of the message as uploads (checked by the upload rules when stored)."""
    body = None
    try:
        body = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        pass
    files = []
    for part in message.walk():
        if part.is_multipart() or part is body:
            continue
        name = part.get_filename() or ""
        kind = part.get_content_type()
        if part.get_content_disposition() not in ("attachment", "inline") and not name:
            continue
        if kind not in KEPT_TYPES and not name.lower().endswith(KEPT_EXTENSIONS):
            continue
        content = part.get_payload(decode=True) or b""
        files.append(SimpleUploadedFile(name or f"lampiran-{len(files) + 1}", content, content_type=kind))
    if len(files) > settings.UPLOAD_MAX_FILES:
        raise Refused("too_many_files", _("E-mail Anda membawa %(n)d lampiran; maksimal %(max)d. Kirim ulang dengan "
                                          "lampiran yang lebih sedikit.") % {"n": len(files),
                                                                             "max": settings.UPLOAD_MAX_FILES})
    return files


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"

