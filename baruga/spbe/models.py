"""SPBE self-assessments: one per jurisdiction and year, one answer per indicator of its instrument.

The instrument itself (domains, aspects, indicators, weights, criteria) is data in
`baruga/spbe/instruments/*.json` (see `instrument.py`); rows here keep the instrument's code and the
indicator codes, so an assessment keeps the meaning it was opened with.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baruga.spbe import instrument as instruments


class State(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan untuk reviu")
    RETURNED = "returned", _("Dikembalikan untuk perbaikan")
    FINAL = "final", _("Final")


class Review(models.TextChoices):
    PENDING = "pending", _("Belum direviu")
    ACCEPTED = "accepted", _("Diterima")
    CHANGE = "change", _("Perlu perbaikan")


class Assessment(models.Model):
    jurisdiction = models.ForeignKey("directory.Jurisdiction", on_delete=models.PROTECT, related_name="spbe_assessments",
                                     verbose_name=_("wilayah"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    instrument_code = models.CharField(_("instrumen"), max_length=40)
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.DRAFT)
    index = models.DecimalField(_("indeks"), max_digits=4, decimal_places=2, null=True, blank=True)
    predikat = models.CharField(_("predikat"), max_length=40, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "jurisdiction__code"]
        verbose_name = _("evaluasi mandiri SPBE")
        verbose_name_plural = _("evaluasi mandiri SPBE")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year"], name="spbe_assessment_one_per_year"),
            models.CheckConstraint(name="spbe_assessment_state_valid", condition=Q(state__in=State.values)),
            models.CheckConstraint(name="spbe_assessment_final_has_index",
                                   condition=~Q(state="final") | Q(index__isnull=False)),
        ]

    def __str__(self):
        return f"SPBE {self.jurisdiction} {self.year}"

    @property
    def instrument(self):
        return instruments.get(self.instrument_code)

    @property
    def is_final(self):
        return self.state == State.FINAL


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator_code = models.CharField(_("indikator"), max_length=16)
    level = models.PositiveSmallIntegerField(_("tingkat"), null=True, blank=True)
    justification = models.TextField(_("penjelasan"), blank=True)
    review = models.CharField(_("reviu"), max_length=10, choices=Review.choices, default=Review.PENDING)
    review_note = models.TextField(_("catatan evaluator"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "id"]
        verbose_name = _("jawaban indikator SPBE")
        verbose_name_plural = _("jawaban indikator SPBE")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator_code"], name="spbe_answer_one_per_indicator"),
            models.CheckConstraint(name="spbe_answer_level_range",
                                   condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=5)),
            models.CheckConstraint(name="spbe_answer_review_valid", condition=Q(review__in=Review.values)),
        ]

    def __str__(self):
        return f"{self.assessment} · {self.indicator_code}"


def _evidence_path(instance, filename):
    # Never the uploaded name: it may lie about the type.
    return f"spbe/{instance.created_at:%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class Evidence(models.Model):
    """A supporting document (data dukung) of one answer: a cleaned PDF or image (`lib.uploads`)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=200)
    original_name = models.CharField(_("nama berkas"), max_length=120, blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("data dukung SPBE")
        verbose_name_plural = _("data dukung SPBE")

    @property
    def extension(self):
        return {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}.get(
            self.content_type, ".bin")


class Event(models.Model):
    """The assessment's history: every action, by whom, on which indicator, with its note."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=32)
    indicator_code = models.CharField(max_length=16, blank=True)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("riwayat evaluasi SPBE")
        verbose_name_plural = _("riwayat evaluasi SPBE")
