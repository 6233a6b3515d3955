"""E-mail through Django's mail framework: EMAIL_BACKEND decides (console in development, SMTP in production).

A message to a report's reporter carries the report's reply address, its own Message-ID, the
report's thread and a subject tag (`baruga.notifications.mailheaders`), so the reporter can answer it.
"""

from django.core.mail import EmailMessage

from baruga.notifications import mailheaders
from baruga.notifications.channels.base import Channel, DeliveryError


def build(message):
    """The `EmailMessage` of one outbox row."""
    headers = mailheaders.headers_for(message)
    subject = message.subject
    if message.report_id:
        subject = mailheaders.tagged_subject(subject, message.report.tracking_id)
    reply_to = [headers.pop("Reply-To")] if "Reply-To" in headers else None
    return EmailMessage(subject, message.body, None, [message.to_address], headers=headers, reply_to=reply_to)


class EmailChannel(Channel):
    name = "email"

    def send(self, message):
        try:
            sent = build(message).send(fail_silently=False)
        except Exception as exc:  # SMTP, socket and backend errors all mean "try again later"
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        if sent != 1:
            raise DeliveryError("the mail backend accepted no message")
