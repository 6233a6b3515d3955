"""The daily digest: one e-mail a day for staff who chose it, listing what was not e-mailed on its own."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from baruga.notifications import texts
from baruga.notifications.models import ChannelName, DigestLog, Notification, Preference
from baruga.notifications.outbox import queue_message

DEFAULT_DIGEST_HOUR = 7  # local time; staff read the digest at the start of the working day


def send_daily_digests(now=None):
    """Queue one digest e-mail per digest reader with notifications since their last digest.

    Runs from the first call after NOTIFY_DIGEST_HOUR (local time) each day; idempotent: the unique
    (user, date) `DigestLog` lets one digest a day through, however often and wherever it runs.
    Returns the number of digests queued.
    """
    now = now or timezone.now()
    moment = timezone.localtime(now)
    if moment.hour < getattr(settings, "NOTIFY_DIGEST_HOUR", DEFAULT_DIGEST_HOUR):
        return 0
    readers = (Preference.objects.filter(digest_daily=True, email_enabled=True, user__is_active=True)
               .exclude(user__email="").exclude(user__notification_digests__date=moment.date())
               .select_related("user"))
    return sum(_send_digest(preference, moment.date(), now) for preference in readers)


def _send_digest(preference, date, now):
    user = preference.user
    last = DigestLog.objects.filter(user=user).order_by("-covered_until").first()
    since = last.covered_until if last else now - dt.timedelta(days=7)
    # Only what was not e-mailed on its own (it arrived while the digest was on, or e-mail was off).
    pending = (Notification.objects.filter(recipient=user, created_at__gt=since, created_at__lte=now)
               .exclude(outbox_messages__channel=ChannelName.EMAIL).select_related("report")
               .order_by("created_at", "id"))
    items = list(pending[: texts.DIGEST_MAX_ITEMS + 1])
    total = pending.count() if len(items) > texts.DIGEST_MAX_ITEMS else len(items)
    items = items[: texts.DIGEST_MAX_ITEMS]
    try:
        with transaction.atomic():
            log = DigestLog.objects.create(user=user, date=date, covered_until=now, count=total)
            if items:
                with translation.override(preference.language):
                    subject, body = texts.digest_email(items, total, date)
                log.message = queue_message(channel=ChannelName.EMAIL, to_address=user.email, subject=subject,
                                            body=body, language=preference.language,
                                            dedupe_key=f"digest:{user.pk}:{date.isoformat()}")
                log.save(update_fields=["message"])
    except IntegrityError:
        return 0  # another run sent today's digest
    return 1 if items else 0
