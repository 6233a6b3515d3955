"""Reports by WhatsApp and SMS: the dialogue with one number, and the messages already taken in.

A dialogue's state lives here (not in memory), so a restart in the middle of one loses nothing.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baruga.lib.crypto import BlindIndexField, EncryptedTextField


class Step(models.TextChoices):
    DESCRIBE = "describe", _("Menunggu uraian masalah")
    REGENCY = "regency", _("Menunggu pilihan kabupaten/kota")
    LOCATION = "location", _("Menunggu lokasi")
    CONFIRM = "confirm", _("Menunggu konfirmasi")
    FILED = "filed", _("Laporan terkirim")
    CANCELLED = "cancelled", _("Dibatalkan")
    EXPIRED = "expired", _("Kedaluwarsa")


OPEN_STEPS = [Step.DESCRIBE, Step.REGENCY, Step.LOCATION, Step.CONFIRM]


class Conversation(models.Model):
    """One guided dialogue with one phone number on one channel (WhatsApp or SMS)."""

    channel = models.CharField(_("kanal"), max_length=12)  # complaints.Channel: whatsapp or sms
    phone = EncryptedTextField(_("nomor telepon"), max_length=20)
    phone_index = BlindIndexField(source="phone", kind="phone")
    step = models.CharField(_("tahap"), max_length=12, choices=Step.choices, default=Step.DESCRIBE)
    description = models.TextField(_("uraian"), blank=True)
    # The regencies/cities offered as a numbered list, in that order (a later change of the directory
    # does not shift the numbers the citizen is answering).
    offered = models.JSONField(default=list, blank=True)
    location = models.ForeignKey("directory.Jurisdiction", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(max_length=255, blank=True)
    # Photos sent along: their provider metadata only (id, type, checksum); the files are not fetched.
    media = models.JSONField(default=list, blank=True)
    report = models.ForeignKey("complaints.Report", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    started_at = models.DateTimeField()
    last_message_at = models.DateTimeField()

    class Meta:
        verbose_name = _("percakapan WhatsApp/SMS")
        verbose_name_plural = _("percakapan WhatsApp/SMS")
        constraints = [
            models.CheckConstraint(name="intake_conversation_step_valid", condition=Q(step__in=Step.values)),
            models.UniqueConstraint(fields=["channel", "phone_index"], condition=Q(step__in=OPEN_STEPS),
                                    name="intake_one_open_conversation"),
        ]
        indexes = [models.Index(fields=["step", "last_message_at"], name="intake_conversation_stale")]


class InboundMessage(models.Model):
    """A provider's message taken in once: a provider retrying the same id changes nothing."""

    channel = models.CharField(max_length=12)
    provider_message_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=12)  # text, location, image, other
    conversation = models.ForeignKey(Conversation, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="messages")
    received_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "provider_message_id"], name="intake_message_once"),
        ]


class EmailOutcome(models.TextChoices):
    FILED = "filed", _("Laporan baru")
    REPLY = "reply", _("Balasan pada laporan")
    REFUSED = "refused", _("Ditolak")
    DROPPED = "dropped", _("Diabaikan (balasan otomatis/pantulan)")


class InboundEmail(models.Model):
    """One e-mail taken in (by IMAP or the MTA pipe), once per Message-ID, with what became of it.

    A mail without a Message-ID is known by the SHA-256 of its bytes. The log of every refusal: the
    reason says why (auto_reply, bounce, list, forged_token, too_large, rate_limited, …), `detail` the
    message the sender was given, if any. The sender's address is encrypted; look-ups use its index.
    """

    message_id = models.CharField(max_length=255, unique=True)
    transport = models.CharField(max_length=8)  # imap, pipe
    sender = EncryptedTextField(_("pengirim"), max_length=254, blank=True)
    sender_index = BlindIndexField(source="sender", kind="email")
    size = models.PositiveIntegerField(default=0)
    outcome = models.CharField(_("hasil"), max_length=8, choices=EmailOutcome.choices)
    reason = models.CharField(_("alasan"), max_length=24, blank=True)
    detail = models.TextField(_("keterangan"), blank=True)
    report = models.ForeignKey("complaints.Report", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("e-mail masuk")
        verbose_name_plural = _("e-mail masuk")
        indexes = [models.Index(fields=["sender_index", "received_at"], name="intake_email_sender_recent")]

    def __str__(self):
        return f"{self.message_id} {self.outcome}"
