"""A person's own notifications (the notification centre): reading them, and how they want to be told."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.lib.phones import normalise_phone
from baruga.notifications import channels
from baruga.notifications.models import Language, Notification, Preference


def preference_of(user):
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def mark_read(*, user, notification):
    """Mark one of the user's own notifications read (callers look it up scoped to the user)."""
    if notification.recipient_id != user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


class GatewayUnavailable(ValidationError):
    """The instance has no SMS/WhatsApp gateway to turn on (its configuration, not the caller's input)."""


def save_preferences(*, user, email_enabled, digest_daily, gateway_enabled, gateway_phone, language):
    """Store the user's choices; raises ValidationError (messages for the user) and changes nothing."""
    if language not in Language.values:
        raise ValidationError(_("Pilihan bahasa tidak sah."))
    phone = (gateway_phone or "").strip()
    if phone:
        phone = normalise_phone(phone)
    existing = Preference.objects.filter(user=user).first()
    turning_on = gateway_enabled and not (existing and existing.gateway_enabled)
    if turning_on and not channels.get("gateway").is_configured():
        raise GatewayUnavailable(_("SMS/WhatsApp belum tersedia di instansi ini."))
    if gateway_enabled and not phone:
        raise ValidationError(_("Isi nomor SMS/WhatsApp untuk menerima notifikasi lewat SMS/WhatsApp."))
    preference, _created = Preference.objects.update_or_create(user=user, defaults={
        "email_enabled": bool(email_enabled), "digest_daily": bool(digest_daily),
        "gateway_enabled": bool(gateway_enabled), "gateway_phone": phone, "language": language,
    })
    return preference


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
