"""Notifications: the in-app centre for staff, per-user preferences and the outbox of other channels.

Nothing is sent from a request or a transaction. Services write `OutboxMessage` rows in the same
transaction as their cause; after commit a task delivers each row (`baruga.notifications.delivery`),
claiming it with a conditional UPDATE so that two workers never send the same message.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baruga.lib.crypto import BlindIndexField, EncryptedCharField, EncryptedTextField


class Notification(models.Model):
    """One message in a user's notification centre."""

    class Kind(models.TextChoices):
        NEW_REPORT = "new_report", _("Laporan baru")
        DISPATCHED = "dispatched", _("Disposisi baru")
        HANDED_BACK = "handed_back", _("Laporan dikembalikan OPD")
        APPROVAL = "approval", _("Menunggu persetujuan")
        REOPENED = "reopened", _("Pelapor belum puas")
        EXTENSION = "extension", _("Perpanjangan waktu")
        REMINDER = "reminder", _("Pengingat batas waktu")
        OVERDUE = "overdue", _("Terlambat")
        ESCALATION = "escalation", _("Eskalasi")
        REPORTER_REPLY = "reporter_reply", _("Tanggapan pelapor")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    report = models.ForeignKey("complaints.Report", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="notifications")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # Identifies the cause (e.g. "escalation:<clock>:<level>"), so one cause notifies a user once.
    dedupe_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_once_per_cause"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_unread")]

    def __str__(self):
        return self.title

    @property
    def is_unread(self):
        return self.read_at is None


class Language(models.TextChoices):
    ID = "id", "Bahasa Indonesia"
    EN = "en", "English"


class Preference(models.Model):
    """How one person wants to be told. A user without a row gets the defaults (`Preference()`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    email_enabled = models.BooleanField(_("kirim e-mail"), default=True)
    # Staff e-mails only: batched into one e-mail a day instead of one per notification.
    digest_daily = models.BooleanField(_("ringkasan harian"), default=False)
    gateway_enabled = models.BooleanField(_("kirim SMS/WhatsApp"), default=False)
    # Encrypted at rest like the account's own phone (docs/architecture.md, "Personal data").
    gateway_phone = EncryptedCharField(_("nomor SMS/WhatsApp"), max_length=20, blank=True)
    language = models.CharField(_("bahasa"), max_length=2, choices=Language.choices, default=Language.ID)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengaturan notifikasi")
        verbose_name_plural = _("pengaturan notifikasi")
        constraints = [
            models.CheckConstraint(name="preference_language_valid", condition=Q(language__in=Language.values)),
            models.CheckConstraint(name="preference_gateway_has_phone",
                                   condition=Q(gateway_enabled=False) | ~Q(gateway_phone="")),
        ]

    def __str__(self):
        return f"{self.user}"


class ChannelName(models.TextChoices):
    EMAIL = "email", _("E-mail")
    GATEWAY = "gateway", _("SMS/WhatsApp (gateway)")


class Status(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal, akan dicoba lagi")
    DEAD = "dead", _("Gagal permanen")


class OutboxMessage(models.Model):
    """One message to one address over one channel, waiting for (or past) delivery."""

    Channel = ChannelName
    Status = Status

    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    # The address and the text name the person (a reporter's e-mail, "Yth. <nama>"): encrypted at rest
    # (baruga.lib.crypto); `to_address=` lookups go through the blind index.
    to_address = EncryptedTextField(_("tujuan"), max_length=254)
    to_address_index = BlindIndexField(source="to_address", kind="exact")
    subject = models.CharField(_("subjek"), max_length=255, blank=True)
    body = EncryptedTextField(_("isi"))
    language = models.CharField(_("bahasa"), max_length=8, default="id")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    # When a worker claimed the row; a row "sending" for too long belonged to a worker that died.
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The `next_attempt_at` of the attempt a delivery task was queued for: each attempt is queued once.
    queued_for = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    # Identifies the cause (e.g. "n<notification>:email", "citizen:<event>:email"): queued once.
    dedupe_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    notification = models.ForeignKey(Notification, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="outbox_messages")
    # An e-mail to a report's reporter: its reply address carries the report's signed token, and it is
    # threaded with the report's other mail (baruga.notifications.mailheaders). Never set on staff mail.
    report = models.ForeignKey("complaints.Report", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    # The Message-ID this e-mail answers (the citizen's own mail, for the answer to a new report by e-mail).
    in_reply_to = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")
        constraints = [
            models.CheckConstraint(name="outbox_status_valid", condition=Q(status__in=Status.values)),
            models.CheckConstraint(name="outbox_channel_valid", condition=Q(channel__in=ChannelName.values)),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.channel} → {self.to_address}: {self.subject or self.body[:40]}"


class DigestLog(models.Model):
    """One user's daily digest; the unique (user, date) pair is what makes it go out once a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests")
    date = models.DateField()
    # Notifications created up to this moment are covered; the next digest starts after it.
    covered_until = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
    message = models.ForeignKey(OutboxMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="digest_once_per_day")]

    def __str__(self):
        return f"{self.user} {self.date}"
