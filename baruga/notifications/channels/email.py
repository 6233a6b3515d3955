"""E-mail through Django's mail framework: EMAIL_BACKEND decides (console in development, SMTP in production)."""

from django.core.mail import send_mail

from baruga.notifications.channels.base import Channel, DeliveryError


class EmailChannel(Channel):
    name = "email"

    def send(self, message):
        try:
            sent = send_mail(message.subject, message.body, None, [message.to_address], fail_silently=False)
        except Exception as exc:  # SMTP, socket and backend errors all mean "try again later"
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        if sent != 1:
            raise DeliveryError("the mail backend accepted no message")
