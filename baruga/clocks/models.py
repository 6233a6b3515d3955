"""Clocks: the legal deadlines that run while a report sits in a state.

A `Clock` row is one stage's deadline for one report (verification, OPD follow-up, the reporter's
completion, the reporter's reply). It can pause (`ClockPause`), be extended (`Extension`) and stops
with an outcome (on time or late). `Report.due_at` mirrors the due moment of the clock that is
currently running, so inboxes can sort and filter on an index.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ClockKind(models.TextChoices):
    VERIFICATION = "verification", _("Verifikasi dan disposisi")
    FOLLOW_UP = "follow_up", _("Tindak lanjut OPD")
    COMPLETION = "completion", _("Kelengkapan dari pelapor")
    REPORTER_REPLY = "reporter_reply", _("Tanggapan pelapor atas tindak lanjut")


class CalendarDay(models.Model):
    """An administrator's entry in the business calendar.

    The national holidays (and cuti bersama as far as it is known) come from the `holidays`
    package. Here an administrator adds cuti bersama decreed later, regional holidays (for one
    jurisdiction) and corrections: a day the package calls a holiday that is a working day.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Hari libur / cuti bersama")
        COLLECTIVE_LEAVE = "leave", _("Cuti bersama")
        WORKDAY = "workday", _("Hari kerja (koreksi)")

    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices, default=Kind.HOLIDAY)
    name = models.CharField(_("keterangan"), max_length=120)
    # Set on the entries loaded from a year's SKB (`services.load_holiday_decree`): the SKB of that
    # year is then in, and those entries are replaced as a whole when a corrected list is loaded.
    decree = models.CharField(_("dasar penetapan (SKB)"), max_length=120, blank=True, editable=False)
    jurisdiction = models.ForeignKey(
        "directory.Jurisdiction", on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_days",
        verbose_name=_("wilayah"), help_text=_("Kosongkan jika berlaku untuk seluruh instansi."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari kalender kerja")
        verbose_name_plural = _("kalender kerja")
        constraints = [
            models.UniqueConstraint(fields=["date"], condition=Q(jurisdiction__isnull=True),
                                    name="calendar_day_unique_instance",
                                    violation_error_message=_("Tanggal ini sudah ada di kalender instansi.")),
            models.UniqueConstraint(fields=["date", "jurisdiction"], name="calendar_day_unique_jurisdiction",
                                    violation_error_message=_("Tanggal ini sudah ada di kalender wilayah tersebut.")),
            models.CheckConstraint(name="calendar_day_kind_valid",
                                   condition=Q(kind__in=["holiday", "leave", "workday"])),
        ]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.name}"

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        # A NULL jurisdiction does not collide in SQL uniqueness on every backend; say it plainly.
        clash = CalendarDay.objects.filter(date=self.date, jurisdiction=self.jurisdiction).exclude(pk=self.pk)
        if self.date and clash.exists():
            raise ValidationError({"date": _("Tanggal ini sudah tercatat: %(name)s.") % {"name": clash.first().name}})


class ClockPolicy(models.Model):
    """A duration overriding the regulatory default, for a jurisdiction and/or a category."""

    clock = models.CharField(_("tahap"), max_length=16, choices=ClockKind.choices)
    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="clock_policies", verbose_name=_("wilayah"))
    category = models.ForeignKey("directory.Category", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="clock_policies", verbose_name=_("kategori"))
    working_days = models.PositiveSmallIntegerField(_("hari kerja"))

    class Meta:
        verbose_name = _("aturan batas waktu")
        verbose_name_plural = _("aturan batas waktu")
        constraints = [
            models.CheckConstraint(name="clock_policy_days_range",
                                   condition=Q(working_days__gte=1, working_days__lte=60),
                                   violation_error_message=_("Durasi harus antara 1 dan 60 hari kerja.")),
            models.UniqueConstraint(fields=["clock", "jurisdiction", "category"], name="clock_policy_unique",
                                    violation_error_message=_("Aturan untuk tahap, wilayah dan kategori ini sudah ada.")),
        ]

    def __str__(self):
        return f"{self.get_clock_display()}: {self.working_days}"

    def clean(self):
        if self.working_days is not None and not 1 <= self.working_days <= 60:
            raise ValidationError({"working_days": _("Durasi harus antara 1 dan 60 hari kerja.")})
        clash = ClockPolicy.objects.filter(clock=self.clock, jurisdiction=self.jurisdiction,
                                           category=self.category).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(_("Aturan untuk tahap, wilayah dan kategori ini sudah ada."))


class Clock(models.Model):
    class Outcome(models.TextChoices):
        ON_TIME = "on_time", _("Tepat waktu")
        LATE = "late", _("Terlambat")
        CANCELLED = "cancelled", _("Dihentikan")

    report = models.ForeignKey("complaints.Report", on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField(max_length=16, choices=ClockKind.choices)
    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("directory.Agency", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    started_at = models.DateTimeField()
    working_days = models.PositiveSmallIntegerField()
    extension_days = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(null=True, blank=True)  # null while paused
    paused_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    # Set once by the sweep; the conditional update on it is what makes overdue handling happen once.
    overdue_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind"], condition=Q(stopped_at__isnull=True),
                                    name="clock_one_open_per_kind"),
        ]
        indexes = [
            models.Index(fields=["stopped_at", "due_at"], name="clock_open_due"),
            models.Index(fields=["jurisdiction", "kind", "stopped_at"], name="clock_perf_jurisdiction"),
            models.Index(fields=["agency", "kind", "stopped_at"], name="clock_perf_agency"),
            # Running clocks past their due moment per unit and stage, from the index alone (performance page).
            models.Index(fields=["due_at"], include=["jurisdiction", "agency", "kind"], name="clock_running_due",
                         condition=Q(stopped_at__isnull=True, paused_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.report_id} {self.kind} → {self.due_at}"

    @property
    def is_running(self):
        return self.stopped_at is None and self.paused_at is None


class ClockPause(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=40)

    class Meta:
        ordering = ["started_at", "id"]


class Extension(models.Model):
    """An OPD's request for more time on its follow-up; the head or the admin decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu keputusan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="extensions")
    working_days = models.PositiveSmallIntegerField(_("tambahan hari kerja"))
    reason = models.TextField(_("alasan"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["clock"], condition=Q(status="pending"), name="extension_one_pending"),
            models.CheckConstraint(name="extension_days_positive", condition=Q(working_days__gte=1)),
        ]


# --- Escalation: who hears about an overdue clock, and the record that they did ---------------------

ESCALATING_KINDS = (ClockKind.VERIFICATION, ClockKind.FOLLOW_UP)  # staff clocks; reporters are not escalated
MAX_ESCALATION_LEVEL = 5
MAX_ESCALATION_DAYS = 60


class EscalationTarget(models.TextChoices):
    AGENCY_HEAD = "agency_head", _("Kepala OPD")
    AGENCY_STAFF = "agency_staff", _("Staf OPD (sub-admin dan kepala)")
    ADMIN_LEAD = "admin_lead", _("Admin koordinator (semua admin jika belum ada koordinator)")
    ADMINS = "admins", _("Semua admin instansi")
    LEADERS = "leaders", _("Pimpinan daerah")


# Targets that need the OPD of the report, which a verification clock does not have yet.
AGENCY_TARGETS = (EscalationTarget.AGENCY_HEAD, EscalationTarget.AGENCY_STAFF)


class EscalationStep(models.Model):
    """One step of an escalation chain: when an overdue clock goes up, and to whom.

    Steps without a jurisdiction form the default chain of a clock kind; a jurisdiction that has
    steps of its own for a kind uses only those (its chain replaces the default one). A kind with no
    default rows uses the chain in code, `baruga.clocks.escalation.DEFAULT_CHAIN`.
    """

    clock = models.CharField(_("tahap"), max_length=16, choices=[(k.value, k.label) for k in ESCALATING_KINDS])
    level = models.PositiveSmallIntegerField(_("tingkat"), help_text=_("1 sampai 5; tingkat 1 lebih dulu."))
    after_working_days = models.PositiveSmallIntegerField(
        _("setelah (hari kerja)"), default=0,
        help_text=_("Dihitung dari batas waktu; 0 berarti tepat saat batas waktu terlewati."),
    )
    target = models.CharField(_("penerima"), max_length=16, choices=EscalationTarget.choices)
    jurisdiction = models.ForeignKey(
        "directory.Jurisdiction", on_delete=models.CASCADE, null=True, blank=True, related_name="escalation_steps",
        verbose_name=_("wilayah"), help_text=_("Kosongkan untuk rantai bawaan semua wilayah."),
    )

    class Meta:
        ordering = ["clock", "jurisdiction_id", "level"]
        verbose_name = _("langkah eskalasi")
        verbose_name_plural = _("rantai eskalasi")
        constraints = [
            models.CheckConstraint(
                name="escalation_step_clock_valid", condition=Q(clock__in=ESCALATING_KINDS),
                violation_error_message=_("Hanya verifikasi dan tindak lanjut OPD yang dieskalasi.")),
            models.CheckConstraint(name="escalation_step_target_valid",
                                   condition=Q(target__in=EscalationTarget.values)),
            models.CheckConstraint(name="escalation_step_level_range",
                                   condition=Q(level__gte=1, level__lte=MAX_ESCALATION_LEVEL),
                                   violation_error_message=_("Tingkat eskalasi harus antara 1 dan 5.")),
            models.CheckConstraint(name="escalation_step_days_range",
                                   condition=Q(after_working_days__gte=0, after_working_days__lte=MAX_ESCALATION_DAYS),
                                   violation_error_message=_("Jeda eskalasi harus antara 0 dan 60 hari kerja.")),
            models.UniqueConstraint(fields=["clock", "level"], condition=Q(jurisdiction__isnull=True),
                                    name="escalation_step_unique_default",
                                    violation_error_message=_("Tingkat ini sudah ada di rantai bawaan.")),
            models.UniqueConstraint(fields=["clock", "level", "jurisdiction"], name="escalation_step_unique",
                                    violation_error_message=_("Tingkat ini sudah ada di rantai wilayah tersebut.")),
        ]

    def __str__(self):
        return _("%(clock)s tingkat %(level)d → %(target)s") % {
            "clock": self.get_clock_display(), "level": self.level or 0, "target": self.get_target_display()}

    def clean(self):
        errors = {}
        if self.level is not None and not 1 <= self.level <= MAX_ESCALATION_LEVEL:
            errors["level"] = _("Tingkat eskalasi harus antara 1 dan 5.")
        if self.after_working_days is not None and self.after_working_days > MAX_ESCALATION_DAYS:
            errors["after_working_days"] = _("Jeda eskalasi paling lama 60 hari kerja (batas Perpres 76/2013).")
        if self.clock == ClockKind.VERIFICATION and self.target in AGENCY_TARGETS:
            errors["target"] = _("Saat verifikasi laporan belum punya OPD; pilih admin atau pimpinan daerah.")
        if errors:
            raise ValidationError(errors)


class Escalation(models.Model):
    """An escalation that happened: one row per (clock, level), ever.

    The unique constraint is the guarantee that each escalation is sent once: the sweep inserts
    this row in the same transaction as the notifications, and a second worker's insert fails.
    """

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField()
    target = models.CharField(max_length=16, choices=EscalationTarget.choices)
    created_at = models.DateTimeField()
    recipients_count = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["clock", "level"]
        verbose_name = _("eskalasi")
        verbose_name_plural = _("eskalasi")
        constraints = [
            models.UniqueConstraint(fields=["clock", "level"], name="escalation_once_per_level"),
        ]

    def __str__(self):
        return f"{self.clock_id} L{self.level} → {self.recipients_count}"
