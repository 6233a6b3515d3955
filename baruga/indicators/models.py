"""Programs, their indicators, targets and values (issue 16).

A `Program` groups `Indicator`s. A computed indicator names a formula key that some app provides in
its `indicator_formulas.py` (see `formulas.py`); a reported one is entered by the jurisdiction's
admin with evidence and verified by the province. A `Target` and a `Value` belong to one
jurisdiction and one period: a year, or one semester of it (`semester` 0 = the whole year).
Every change to a value is kept as a `ValueEvent` (its history) and audited.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    PERCENT = "persen", _("persen")
    COUNT = "jumlah", _("jumlah")
    INDEX = "indeks", _("indeks")


class Direction(models.TextChoices):
    HIGHER = "higher", _("makin tinggi makin baik")
    LOWER = "lower", _("makin rendah makin baik")


class Kind(models.TextChoices):
    COMPUTED = "computed", _("dihitung sistem")
    REPORTED = "reported", _("dilaporkan")


class Semester(models.IntegerChoices):
    YEAR = 0, _("Setahun")
    FIRST = 1, _("Semester I")
    SECOND = 2, _("Semester II")


# The range a value may take for each unit; an indicator may narrow it (min_value / max_value).
UNIT_RANGES = {Unit.PERCENT: (0, 100), Unit.COUNT: (0, 10_000_000), Unit.INDEX: (0, 5)}


class Program(models.Model):
    code = models.SlugField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=160)
    description = models.TextField(_("uraian"), blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("program")
        verbose_name_plural = _("program")

    def __str__(self):
        return self.name


class Indicator(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="indicators",
                                verbose_name=_("program"))
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    definition = models.TextField(_("definisi"), blank=True)
    unit = models.CharField(_("satuan"), max_length=8, choices=Unit.choices)
    direction = models.CharField(_("arah"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    formula_key = models.CharField(_("kunci rumus"), max_length=64, blank=True,
                                   help_text=_("Untuk indikator yang dihitung sistem, mis. complaints.finished_share."))
    evidence_required = models.BooleanField(_("wajib bukti dukung"), default=True)
    min_value = models.DecimalField(_("nilai minimum"), max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("nilai maksimum"), max_digits=14, decimal_places=4, null=True, blank=True)
    is_published = models.BooleanField(_("ditampilkan ke publik"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["program__position", "position", "code"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        constraints = [
            models.CheckConstraint(name="indicator_unit_valid", condition=Q(unit__in=Unit.values)),
            models.CheckConstraint(name="indicator_direction_valid", condition=Q(direction__in=Direction.values)),
            models.CheckConstraint(name="indicator_kind_valid", condition=Q(kind__in=Kind.values)),
            models.CheckConstraint(
                name="indicator_formula_iff_computed",
                condition=Q(kind="computed") & ~Q(formula_key="") | Q(kind="reported", formula_key=""),
                violation_error_message=_("Indikator yang dihitung sistem wajib punya kunci rumus; "
                                          "indikator yang dilaporkan tidak."),
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"

    @property
    def is_computed(self):
        return self.kind == Kind.COMPUTED

    @property
    def higher_is_better(self):
        return self.direction == Direction.HIGHER

    def value_range(self):
        low, high = UNIT_RANGES[Unit(self.unit)]
        low = low if self.min_value is None else self.min_value
        high = high if self.max_value is None else self.max_value
        return low, high


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets",
                                  verbose_name=_("indikator"))
    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.CASCADE,
                                     related_name="indicator_targets", verbose_name=_("wilayah"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(_("periode"), choices=Semester.choices, default=Semester.YEAR)
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "jurisdiction", "year", "semester"]
        verbose_name = _("target")
        verbose_name_plural = _("target")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "jurisdiction", "year", "semester"],
                                    name="target_unique_period"),
            models.CheckConstraint(name="target_semester_valid", condition=Q(semester__in=[0, 1, 2])),
        ]

    def __str__(self):
        return f"{self.indicator.code} · {self.jurisdiction} · {self.year}/{self.semester}"

    def clean(self):
        """The admin's form checks a target like the staff page does (actions.check_number)."""
        if self.indicator_id and self.value is not None:
            low, high = self.indicator.value_range()
            if not low <= self.value <= high:
                raise ValidationError({"value": _("Target di luar rentang %(low)s–%(high)s %(unit)s.") % {
                    "low": low, "high": high, "unit": self.indicator.get_unit_display()}})


class ValueStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    VERIFIED = "verified", _("Terverifikasi")
    RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
    COMPUTED = "computed", _("Dihitung sistem")


def _evidence_path(instance, filename):
    # Never the uploaded name: it may lie about the type.
    ext = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}.get(
        instance.evidence_type, ".bin")
    return f"indicators/{instance.year}/{uuid.uuid4().hex}{ext}"


class Value(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("indikator"))
    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.CASCADE,
                                     related_name="indicator_values", verbose_name=_("wilayah"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(_("periode"), choices=Semester.choices, default=Semester.YEAR)
    value = models.DecimalField(_("nilai"), max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("pembilang"), max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("penyebut"), max_digits=14, decimal_places=4, null=True, blank=True)
    explanation = models.CharField(_("penjelasan"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ValueStatus.choices)
    source = models.CharField(_("sumber data"), max_length=200, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    evidence = models.FileField(upload_to=_evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("nama berkas bukti"), max_length=120, blank=True)
    evidence_type = models.CharField(max_length=40, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("diisi oleh"))
    entered_at = models.DateTimeField(_("diisi pada"))
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("diverifikasi oleh"))
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "jurisdiction", "year", "semester"]
        verbose_name = _("nilai indikator")
        verbose_name_plural = _("nilai indikator")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "jurisdiction", "year", "semester"],
                                    name="value_unique_period"),
            models.CheckConstraint(name="value_status_valid", condition=Q(status__in=ValueStatus.values)),
            models.CheckConstraint(name="value_semester_valid", condition=Q(semester__in=[0, 1, 2])),
            models.CheckConstraint(name="value_verified_has_verifier",
                                   condition=~Q(status="verified") | Q(verified_at__isnull=False)),
        ]
        indexes = [models.Index(fields=["jurisdiction", "year"], name="value_jur_year")]

    def __str__(self):
        return f"{self.indicator.code} · {self.jurisdiction} · {self.period_label}"

    @property
    def period_key(self):
        """Orders periods: semester I, semester II, then the whole year (which ends with semester II)."""
        return self.year * 10 + (self.semester or 3)

    @property
    def period_label(self):
        return period_label(self.year, self.semester)


def period_label(year, semester):
    return f"{year}" if not semester else f"{year} S{'I' * semester}"


class ValueEvent(models.Model):
    """One step in a value's history: entered, corrected, verified, returned, computed."""

    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    at = models.DateTimeField()
    old_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    new_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


class ReportingRound(models.Model):
    """A reporting deadline the province sets: regencies' admins are reminded before it (working days)."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(_("periode"), choices=Semester.choices, default=Semester.YEAR)
    due_on = models.DateField(_("batas pelaporan"))
    remind_working_days = models.PositiveSmallIntegerField(_("ingatkan (hari kerja sebelumnya)"), default=5)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("batas pelaporan")
        verbose_name_plural = _("batas pelaporan")
        constraints = [models.UniqueConstraint(fields=["year", "semester"], name="round_unique_period")]

    def __str__(self):
        return f"{period_label(self.year, self.semester)} · {self.due_on}"
