"""The personal data of the intake app, for the data-subject rights (`baruga.accounts.privacy`).

A WhatsApp/SMS dialogue holds the citizen's phone number (encrypted, with a blind index) and what
they wrote before the report was filed. A person's dialogues are the ones from their phone number,
and the ones that filed one of their reports (`subject.reports`, found by the complaints app first).
The provider message records (`InboundMessage`) hold only provider ids and stay, so a replayed
message is still recognised after an erasure.
"""

from django.db.models import Q

from baruga.accounts.privacy import iso
from baruga.intake.models import Conversation
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
    return {"conversations": conversations}


def export(subject):
    return {
        "whatsapp_sms_conversations": [
            {"channel": c.channel, "phone": c.phone, "step": c.step, "description": c.description,
             "address": c.address, "started_at": iso(c.started_at), "last_message_at": iso(c.last_message_at),
             "report": c.report.tracking_id if c.report_id else None}
            for c in subject.conversations
        ],
    }


def open_matters(subject, *, now, period):
    """A dialogue never holds erasure back: an open one is simply ended."""
    return []


def erase(subject, *, actor):
    """Delete the dialogues (their number and words); the filed reports are erased by complaints."""
    Conversation.objects.filter(pk__in=[c.pk for c in subject.conversations]).delete()
    return {}
