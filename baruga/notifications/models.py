"""Notifications: the in-app centre for staff (and, later, the outbox of other channels)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
