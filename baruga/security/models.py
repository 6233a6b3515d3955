"""Security events raised by the detection rules, and incidents handled per Perpres 47/2023.

(Other parts of baruga.security may add their models below; keep each block self-contained.)
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# UU 27/2022 (PDP): a personal-data breach is notified to the subjects and the authority within 3×24 hours.
BREACH_NOTICE_HOURS = 72
CLOCK_SKEW = dt.timedelta(minutes=5)  # a time typed "now" on a slightly fast clock is not "in the future"


class Severity(models.TextChoices):
    LOW = "low", _("Rendah")
    MEDIUM = "medium", _("Sedang")
    HIGH = "high", _("Tinggi")
    CRITICAL = "critical", _("Kritis")


SEVERITY_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2, Severity.CRITICAL: 3}


class SecurityEvent(models.Model):
    """One thing a detection rule saw; the security officer acknowledges it (or opens an incident)."""

    class Kind(models.TextChoices):
        CREDENTIAL_STUFFING = "credential_stuffing", _("Credential stuffing (banyak akun dari satu alamat)")
        ACCOUNT_LOCKED = "account_locked", _("Akun/alamat dikunci setelah gagal masuk")
        SECOND_FACTOR_FAILURES = "second_factor_failures", _("Kode verifikasi dua langkah berulang kali salah")
        TRACKING_ENUMERATION = "tracking_enumeration", _("Penebakan nomor pelacakan")
        MASS_DOWNLOAD = "mass_download", _("Unduhan/ekspor massal")
        PRIVILEGE_CHANGE = "privilege_change", _("Perubahan hak akses")
        FEDERATION_REFUSED = "federation_refused", _("Pesan federasi ditolak (pengirim, kunci atau tanda tangan)")
        INTAKE_REFUSED = "intake_refused", _("Pesan masuk ditolak (WhatsApp/SMS/e-mail: tanda tangan atau token)")

    kind = models.CharField(_("jenis"), max_length=32, choices=Kind.choices)
    severity = models.CharField(_("tingkat"), max_length=8, choices=Severity.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("pelaku"))
    ip = models.CharField(_("jaringan asal"), max_length=64, blank=True,
                          help_text=_("Alamat dipotong ke jaringan /24 (IPv6: /48)."))
    details = models.JSONField(_("rincian"), default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("ditangani oleh"))
    acknowledged_at = models.DateTimeField(_("ditangani pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("peristiwa keamanan")
        verbose_name_plural = _("peristiwa keamanan")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="securityevent_kind_valid",
                                   condition=Q(kind__in=["credential_stuffing", "account_locked",
                                                         "second_factor_failures", "tracking_enumeration",
                                                         "mass_download", "privilege_change",
                                                         "federation_refused", "intake_refused"])),
            models.CheckConstraint(name="securityevent_severity_valid",
                                   condition=Q(severity__in=["low", "medium", "high", "critical"])),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_severity_display()})"

    @property
    def is_acknowledged(self):
        return self.acknowledged_at is not None


class Incident(models.Model):
    """A security incident, through the phases of Perpres 47/2023, with the UU PDP notification clock."""

    class Status(models.TextChoices):
        OPEN = "open", _("Terdeteksi")
        CONTAINED = "contained", _("Terisolasi")
        ERADICATED = "eradicated", _("Ancaman dibersihkan")
        RECOVERED = "recovered", _("Dipulihkan")
        CLOSED = "closed", _("Ditutup")

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    severity = models.CharField(_("tingkat"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField(_("tahap"), max_length=12, choices=Status.choices, default=Status.OPEN)
    detected_at = models.DateTimeField(_("terdeteksi pada"), default=timezone.now)
    personal_data_breach = models.BooleanField(
        _("kegagalan pelindungan data pribadi"), default=False,
        help_text=_("UU 27/2022: subjek data dan lembaga wajib diberi tahu paling lambat 3×24 jam."))
    notify_deadline = models.DateTimeField(_("batas pemberitahuan"), null=True, blank=True, editable=False)
    subjects_notified_at = models.DateTimeField(_("subjek data diberi tahu pada"), null=True, blank=True)
    authority_notified_at = models.DateTimeField(_("lembaga diberi tahu pada"), null=True, blank=True)
    events = models.ManyToManyField(SecurityEvent, blank=True, related_name="incidents",
                                    verbose_name=_("peristiwa terkait"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("dicatat oleh"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("insiden keamanan")
        verbose_name_plural = _("insiden keamanan")
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.CheckConstraint(name="incident_status_valid",
                                   condition=Q(status__in=["open", "contained", "eradicated", "recovered", "closed"])),
            models.CheckConstraint(name="incident_severity_valid",
                                   condition=Q(severity__in=["low", "medium", "high", "critical"])),
            models.CheckConstraint(name="incident_deadline_iff_breach",
                                   condition=Q(personal_data_breach=True, notify_deadline__isnull=False)
                                   | Q(personal_data_breach=False, notify_deadline__isnull=True)),
            models.CheckConstraint(name="incident_subjects_notified_after_detection",
                                   condition=Q(subjects_notified_at__isnull=True)
                                   | Q(subjects_notified_at__gte=F("detected_at"))),
            models.CheckConstraint(name="incident_authority_notified_after_detection",
                                   condition=Q(authority_notified_at__isnull=True)
                                   | Q(authority_notified_at__gte=F("detected_at"))),
        ]

    def __str__(self):
        return self.title

    def _set_deadline(self):
        self.notify_deadline = (self.detected_at + dt.timedelta(hours=BREACH_NOTICE_HOURS)
                                if self.personal_data_breach and self.detected_at else None)

    def clean(self):
        """Rules with messages a person can act on (the admin and the security pages both call this)."""
        self._set_deadline()
        errors = {}
        soon = timezone.now() + CLOCK_SKEW
        if self.detected_at and self.detected_at > soon:
            errors["detected_at"] = _("Waktu terdeteksi tidak boleh di masa depan.")
        for field, who in (("subjects_notified_at", _("subjek data")), ("authority_notified_at", _("lembaga"))):
            value = getattr(self, field)
            if value and self.detected_at and value < self.detected_at:
                errors[field] = _("Waktu pemberitahuan kepada %(who)s tidak boleh sebelum insiden terdeteksi "
                                  "(%(detected)s).") % {"who": who, "detected": timezone.localtime(
                                      self.detected_at).strftime("%d-%m-%Y %H:%M")}
            elif value and value > soon:
                errors[field] = _("Waktu pemberitahuan kepada %(who)s tidak boleh di masa depan.") % {"who": who}
        if (self.status == self.Status.CLOSED and self.personal_data_breach and not self.notification_done
                and "status" not in errors):
            errors["status"] = _("Insiden kebocoran data pribadi baru dapat ditutup setelah subjek data dan lembaga "
                                 "diberi tahu (UU 27/2022: paling lambat 3×24 jam).")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self._set_deadline()
        super().save(*args, **kwargs)

    # The 3×24-hour clock

    @property
    def notification_done(self):
        return bool(self.subjects_notified_at and self.authority_notified_at)

    def remaining(self, now=None):
        """Time left on the clock (negative once overdue); None when no notice is due or all is sent."""
        if not self.personal_data_breach or self.notification_done:
            return None
        return self.notify_deadline - (now or timezone.now())

    def is_overdue(self, now=None):
        remaining = self.remaining(now)
        return remaining is not None and remaining.total_seconds() < 0

    @property
    def notified_late(self):
        """Sent, but after the deadline: kept visible for the after-action review."""
        if not self.personal_data_breach:
            return False
        sent = [t for t in (self.subjects_notified_at, self.authority_notified_at) if t]
        return any(t > self.notify_deadline for t in sent)


class IncidentEntry(models.Model):
    """The incident's timeline: what was seen and done, by whom and when (evidence for the review)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="entries")
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("penulis"))
    text = models.TextField(_("catatan"))

    class Meta:
        verbose_name = _("catatan insiden")
        verbose_name_plural = _("catatan insiden")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.incident_id} · {self.at:%Y-%m-%d %H:%M}"


class BackupCheck(models.Model):
    """One run of `manage.py backup --verify` (the recovery drill of docs/recovery.md): the archive decrypted
    and every hash checked, nothing restored. Counted by the program indicator `security.backup_drills`."""

    checked_at = models.DateTimeField(auto_now_add=True, db_index=True)
    archive = models.CharField(_("arsip"), max_length=255)  # the file name only, never the path
    backup_created_at = models.CharField(_("cadangan dibuat"), max_length=40, blank=True)
    ok = models.BooleanField(_("berhasil"))
    message = models.TextField(_("keterangan"), blank=True)

    class Meta:
        verbose_name = _("uji cadangan")
        verbose_name_plural = _("uji cadangan")
        ordering = ["-checked_at"]
