"""The personal data of the notifications app, for the data-subject rights (`baruga.accounts.privacy`).

The in-app notifications, the preferences (with the gateway phone number) and the daily digests
of an account; the outbox messages to the person: linked to their account, caused by their records
(the dedupe keys the other apps give, `privacy.message_keys`), or sent to one of their addresses
(an administrator's look-up only: `subject.addresses`).
"""

from django.db.models import Q

from baruga.accounts import privacy
from baruga.accounts.privacy import iso
from baruga.notifications.models import DigestLog, Notification, OutboxMessage, Preference


def find(subject):
    """Nothing of its own to list; the gateway phone counts as one of the person's addresses."""
    if subject.user is not None and subject.match_addresses:
        preference = Preference.objects.filter(user=subject.user).first()
        if preference is not None:
            subject.add_addresses(preference.gateway_phone)
    return {}


def _outbox(subject):
    condition = Q(dedupe_key__in=privacy.message_keys(subject))
    if subject.addresses:
        condition |= Q(to_address__in=subject.addresses)
    if subject.user is not None:
        condition |= Q(notification__recipient=subject.user) | Q(dedupe_key__startswith=f"digest:{subject.user.pk}:")
    return OutboxMessage.objects.filter(condition)


def export(subject):
    user = subject.user
    notes = Notification.objects.filter(recipient=user) if user is not None else Notification.objects.none()
    preference = Preference.objects.filter(user=user).first() if user is not None else None
    return {
        "notifications": [
            {"kind": n.kind, "title": n.title, "body": n.body, "created_at": iso(n.created_at),
             "read_at": iso(n.read_at)} for n in notes.order_by("created_at", "id")
        ],
        "messages": [
            {"channel": m.channel, "to": m.to_address, "subject": m.subject, "body": m.body, "status": m.status,
             "created_at": iso(m.created_at), "sent_at": iso(m.sent_at)}
            for m in _outbox(subject).order_by("created_at", "id")
        ],
        "notification_preference": None if preference is None else {
            "email_enabled": preference.email_enabled, "digest_daily": preference.digest_daily,
            "gateway_enabled": preference.gateway_enabled, "gateway_phone": preference.gateway_phone,
            "language": preference.language,
        },
    }


def open_matters(subject, *, now, period):
    """Messages and preferences never hold erasure back."""
    return []


def erase(subject, *, actor):
    """Delete the messages to the person, and the account's notifications, preferences and digests."""
    _outbox(subject).delete()
    if subject.user is not None:
        Notification.objects.filter(recipient=subject.user).delete()
        Preference.objects.filter(user=subject.user).delete()
        DigestLog.objects.filter(user=subject.user).delete()
    return {}
