"""The personal data of the intake app, for the data-subject rights (`baruga.accounts.privacy`).

A WhatsApp/SMS dialogue holds the citizen's phone number (encrypted, with a blind index) and what
they wrote before the report was filed. A person's dialogues are the ones from their phone number,
and the ones that filed one of their reports (`subject.reports`, found by the complaints app first).
The provider message records (`InboundMessage`) hold only provider ids and stay, so a replayed
message is still recognised after an erasure.

An e-mail taken in (`InboundEmail`) holds the sender's address (encrypted, with a blind index) beside
its Message-ID and outcome; it is the person's when sent from their address (an administrator's
look-up by e-mail, or the account's address) or when it filed or answered one of their reports.
Erasure blanks the address and keeps the Message-ID, so the same mail read again is still a no-op.
"""

from django.db.models import Q

from baruga.accounts.privacy import iso
from baruga.intake.models import Conversation, InboundEmail
from baruga.lib.crypto import blind_index_candidates


def find(subject):
    """`conversations`: the dialogues from the person's phone or behind their reports, oldest first."""
    condition = Q(pk__in=[])
    if subject.phone:
        condition |= Q(phone_index__in=blind_index_candidates("phone", subject.phone))
    reports = subject.found.get("reports") or []
    if reports:
        condition |= Q(report__in=[report.pk for report in reports])
    conversations = list(Conversation.objects.filter(condition).select_related("report").order_by("started_at", "pk"))
    mail = Q(pk__in=[])
    email = subject.email or (subject.user.email if subject.user is not None else "")
    if email:
        mail |= Q(sender_index__in=blind_index_candidates("email", email))
    if reports:
        mail |= Q(report__in=[report.pk for report in reports])
    emails = list(InboundEmail.objects.filter(mail).select_related("report").order_by("received_at", "pk"))
    return {"conversations": conversations, "inbound_emails": emails}


def export(subject):
    return {
        "whatsapp_sms_conversations": [
            {"channel": c.channel, "phone": c.phone, "step": c.step, "description": c.description,
             "address": c.address, "started_at": iso(c.started_at), "last_message_at": iso(c.last_message_at),
             "report": c.report.tracking_id if c.report_id else None}
            for c in subject.conversations
        ],
        "inbound_emails": [
            {"sender": m.sender, "message_id": m.message_id, "outcome": m.outcome, "reason": m.reason,
             "received_at": iso(m.received_at), "report": m.report.tracking_id if m.report_id else None}
            for m in subject.inbound_emails
        ],
    }


def open_matters(subject, *, now, period):
    """A dialogue never holds erasure back: an open one is simply ended."""
    return []


def erase(subject, *, actor):
    """Delete the dialogues (their number and words) and blank the addresses of their e-mails; the
    filed reports are erased by complaints."""
    Conversation.objects.filter(pk__in=[c.pk for c in subject.conversations]).delete()
    for message in subject.inbound_emails:
        message.sender, message.detail = "", ""
        message.save(update_fields=["sender", "sender_index", "detail"])
    return {}
