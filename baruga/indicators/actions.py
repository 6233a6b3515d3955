"""One function per business action on indicators: locked, checked, one transaction, audited.

A refused action raises `ActionError` (baruga.lib.lifecycle) with a message in Bahasa Indonesia and
changes nothing. Pages, the API, the management commands and the sweep call these functions.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.audit import services as audit
from baruga.directory.models import Jurisdiction
from baruga.indicators import formulas, permissions
from baruga.indicators.models import (
    Indicator, Kind, ReportingRound, Target, Unit, Value, ValueEvent, ValueStatus, period_label,
)
from baruga.lib.lifecycle import ActionError, require, text
from baruga.lib.uploads import clean_upload

MIN_YEAR, MAX_YEAR = 2000, 2100
SOURCE_MAX, NOTE_MAX, REASON_MAX = 200, 2000, 1000


# --- checks shared by the actions ------------------------------------------------------------------

def check_period(year, semester):
    require(isinstance(year, int) and MIN_YEAR <= year <= MAX_YEAR,
            _("Tahun harus antara %(min)d dan %(max)d.") % {"min": MIN_YEAR, "max": MAX_YEAR})
    require(semester in (0, 1, 2), _("Periode harus setahun (0), semester I (1) atau semester II (2)."))


def check_number(indicator, raw, field_label):
    """The number `raw` as a Decimal in the indicator's unit and range, or a refusal naming both."""
    try:
        number = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ActionError(_("%(field)s harus berupa angka (satuan: %(unit)s).")
                          % {"field": field_label, "unit": indicator.get_unit_display()}) from None
    require(number.is_finite(), _("%(field)s harus berupa angka.") % {"field": field_label})
    if indicator.unit == Unit.COUNT:
        require(number == number.to_integral_value(),
                _("%(field)s untuk satuan jumlah harus bilangan bulat.") % {"field": field_label})
    low, high = indicator.value_range()
    require(Decimal(low) <= number <= Decimal(high),
            _("%(field)s di luar rentang %(low)s–%(high)s %(unit)s.")
            % {"field": field_label, "low": _plain(low), "high": _plain(high), "unit": indicator.get_unit_display()})
    require(number == number.quantize(Decimal("0.0001")),
            _("%(field)s paling banyak 4 angka di belakang koma.") % {"field": field_label})
    return number


def _plain(number):
    return f"{Decimal(number).normalize():f}"


def _lock_value(indicator, jurisdiction, year, semester):
    return (Value.objects.select_for_update()
            .filter(indicator=indicator, jurisdiction=jurisdiction, year=year, semester=semester).first())


def _event(value, action, actor, old, note=""):
    ValueEvent.objects.create(value=value, action=action, actor=actor if getattr(actor, "pk", None) else None,
                              at=timezone.now(), old_value=old, new_value=value.value, note=note)


def _audit(actor, action, target, jurisdiction, details, reason="", request=None):
    audit.record(actor=actor, action=action, target=target, jurisdiction=jurisdiction, details=details,
                 reason=reason, request=request)


# --- reported values -------------------------------------------------------------------------------

def enter_value(*, actor, indicator, jurisdiction, year, semester, value, source="", note="", evidence=None,
                request=None):
    """A reporting unit enters (or corrects, until verified) a reported indicator's value for a period."""
    check_period(year, semester)
    require(indicator.kind == Kind.REPORTED,
            _("Indikator “%(name)s” dihitung sistem; nilainya tidak diisi manual.") % {"name": indicator.name})
    require(indicator.is_active, _("Indikator “%(name)s” tidak aktif.") % {"name": indicator.name})
    require(permissions.can_enter(actor, jurisdiction),
            _("Anda hanya dapat mengisi nilai indikator untuk wilayah Anda sendiri."))
    number = check_number(indicator, value, _("Nilai"))
    source = text(source, _("Sumber data"), max_length=SOURCE_MAX)
    note = text(note, _("Catatan"), max_length=NOTE_MAX, required=False)
    cleaned = None
    if evidence is not None:
        try:
            cleaned = clean_upload(evidence)
        except ValidationError as exc:
            raise ActionError(_("Bukti dukung ditolak: %(reason)s") % {"reason": " ".join(exc.messages)}) from None
    with transaction.atomic():
        existing = _lock_value(indicator, jurisdiction, year, semester)
        if existing is not None:
            require(existing.status != ValueStatus.VERIFIED,
                    _("Nilai %(period)s sudah diverifikasi provinsi dan tidak dapat diubah lagi.")
                    % {"period": existing.period_label})
        require(cleaned is not None or not indicator.evidence_required or (existing and existing.evidence),
                _("Indikator ini wajib disertai bukti dukung (PDF atau gambar)."))
        old = existing.value if existing else None
        row = existing or Value(indicator=indicator, jurisdiction=jurisdiction, year=year, semester=semester)
        row.value, row.source, row.note = number, source, note
        row.numerator = row.denominator = None
        row.explanation = ""
        row.status = ValueStatus.SUBMITTED
        row.entered_by, row.entered_at = actor, timezone.now()
        row.verified_by, row.verified_at = None, None
        if cleaned is not None:
            row.evidence_name, row.evidence_type, row.evidence_sha256 = (
                cleaned.original_name, cleaned.content_type, cleaned.sha256)
            row.evidence.save("bukti", ContentFile(cleaned.content), save=False)
        row.save()
        _event(row, "correct" if existing else "enter", actor, old, note)
        _audit(actor, "indicator.enter_value", row, jurisdiction, request=request, details={
            "indicator": indicator.code, "period": row.period_label, "value": str(number),
            "evidence_sha256": row.evidence_sha256})
    return row


def _lock(value):
    return Value.objects.select_for_update().select_related("indicator", "jurisdiction").get(pk=value.pk)


def _require_verifier(actor, value):
    require(value.entered_by_id is None or value.entered_by_id != getattr(actor, "pk", None),
            _("Nilai yang Anda isi sendiri harus diverifikasi admin provinsi lain."))
    require(permissions.can_verify(actor, value), _("Hanya admin provinsi yang dapat memverifikasi nilai indikator."))


def verify_value(*, actor, value, request=None):
    """The province accepts a submitted value."""
    with transaction.atomic():
        value = _lock(value)
        _require_verifier(actor, value)
        require(value.status == ValueStatus.SUBMITTED,
                _("Hanya nilai yang menunggu verifikasi yang dapat diverifikasi (status: %(s)s).")
                % {"s": value.get_status_display()})
        value.status, value.verified_by, value.verified_at = ValueStatus.VERIFIED, actor, timezone.now()
        value.save(update_fields=["status", "verified_by", "verified_at"])
        _event(value, "verify", actor, value.value)
        _audit(actor, "indicator.verify_value", value, value.jurisdiction, request=request,
               details={"indicator": value.indicator.code, "period": value.period_label})
    return value


def return_value(*, actor, value, reason, request=None):
    """The province sends a submitted value back to the reporting unit with a reason."""
    reason = text(reason, _("Alasan"), max_length=REASON_MAX, min_length=5)
    with transaction.atomic():
        value = _lock(value)
        _require_verifier(actor, value)
        require(value.status == ValueStatus.SUBMITTED,
                _("Hanya nilai yang menunggu verifikasi yang dapat dikembalikan (status: %(s)s).")
                % {"s": value.get_status_display()})
        value.status = ValueStatus.RETURNED
        value.save(update_fields=["status"])
        _event(value, "return", actor, value.value, reason)
        _audit(actor, "indicator.return_value", value, value.jurisdiction, reason=reason, request=request,
               details={"indicator": value.indicator.code, "period": value.period_label})
    return value


# --- computed values -------------------------------------------------------------------------------

def recompute(*, actor, indicator, jurisdiction, year, semester, audited=True, request=None):
    """Compute a computed indicator for one jurisdiction and period and keep the result (with its
    numerator, denominator and explanation). A formula not installed stores nothing: "belum tersedia"."""
    check_period(year, semester)
    require(indicator.kind == Kind.COMPUTED,
            _("Indikator “%(name)s” dilaporkan, bukan dihitung sistem.") % {"name": indicator.name})
    if actor is not permissions.SYSTEM:
        require(permissions.is_evaluator(actor, permissions.province_of(jurisdiction)),
                _("Hanya admin provinsi yang dapat menghitung ulang indikator."))
    start, end = formulas.period_dates(year, semester)
    result = formulas.compute(indicator.formula_key, jurisdiction, start, end)
    if not result.available:
        return result
    with transaction.atomic():
        row = _lock_value(indicator, jurisdiction, year, semester)
        old = row.value if row else None
        row = row or Value(indicator=indicator, jurisdiction=jurisdiction, year=year, semester=semester)
        row.value, row.numerator, row.denominator, row.explanation = (
            result.value, result.numerator, result.denominator, result.explanation)
        row.status, row.source = ValueStatus.COMPUTED, indicator.formula_key
        row.entered_by, row.entered_at = None, timezone.now()
        row.save()
        if old != row.value or not row.events.exists():
            _event(row, "compute", actor, old)
        if audited:
            _audit(actor, "indicator.recompute", row, jurisdiction, request=request,
                   details={"indicator": indicator.code, "period": row.period_label, "value": str(row.value)})
    return result


def recompute_all(*, actor, province, year, semester, request=None):
    """Every active computed indicator for the province and its regencies/cities; one audit entry."""
    check_period(year, semester)
    if actor is not permissions.SYSTEM:
        require(permissions.is_evaluator(actor, province), _("Hanya admin provinsi yang dapat menghitung ulang indikator."))
    jurisdictions = [province, *Jurisdiction.objects.filter(parent=province, is_active=True)]
    done = 0
    for indicator in Indicator.objects.filter(kind=Kind.COMPUTED, is_active=True):
        if not formulas.is_available(indicator.formula_key):
            continue
        for jurisdiction in jurisdictions:
            recompute(actor=actor, indicator=indicator, jurisdiction=jurisdiction, year=year, semester=semester,
                      audited=False)
            done += 1
    if done or actor is not permissions.SYSTEM:  # a sweep with nothing to compute leaves no entry
        with transaction.atomic():
            _audit(actor, "indicator.recompute", None, province, request=request,
                   details={"period": period_label(year, semester), "values": done})
    return done


# --- the province's settings -----------------------------------------------------------------------

def set_target(*, actor, indicator, jurisdiction, year, semester, value, request=None):
    check_period(year, semester)
    province = permissions.province_of(jurisdiction)
    require(province is not None and permissions.is_evaluator(actor, province),
            _("Hanya admin provinsi yang dapat menetapkan target."))
    number = check_number(indicator, value, _("Target"))
    with transaction.atomic():
        target, created = Target.objects.select_for_update().get_or_create(
            indicator=indicator, jurisdiction=jurisdiction, year=year, semester=semester,
            defaults={"value": number, "set_by": actor})
        old = None if created else target.value
        if not created:
            target.value, target.set_by = number, actor
            target.save(update_fields=["value", "set_by", "updated_at"])
        _audit(actor, "indicator.set_target", target, jurisdiction, request=request, details={
            "indicator": indicator.code, "period": period_label(year, semester),
            "old": None if old is None else str(old), "new": str(number)})
    return target


def update_indicator(*, actor, indicator, name, definition, is_published, is_active, request=None):
    """The province edits an indicator's wording and whether it is published."""
    require(permissions.is_evaluator(actor), _("Hanya admin provinsi yang dapat mengubah indikator."))
    name = text(name, _("Nama"), max_length=200)
    definition = text(definition, _("Definisi"), max_length=2000, required=False)
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        indicator.name, indicator.definition = name, definition
        indicator.is_published, indicator.is_active = bool(is_published), bool(is_active)
        indicator.save(update_fields=["name", "definition", "is_published", "is_active"])
        _audit(actor, "indicator.edit", indicator, None, request=request, details={
            "indicator": indicator.code, "published": indicator.is_published, "active": indicator.is_active})
    return indicator


def set_round(*, actor, province, year, semester, due_on, remind_working_days=5, request=None):
    """The province sets a reporting deadline; regencies' admins are reminded before it."""
    check_period(year, semester)
    require(permissions.is_evaluator(actor, province), _("Hanya admin provinsi yang dapat menetapkan batas pelaporan."))
    require(isinstance(due_on, dt.date), _("Batas pelaporan wajib berupa tanggal."))
    require(0 < remind_working_days <= 30, _("Pengingat harus 1 sampai 30 hari kerja sebelumnya."))
    with transaction.atomic():
        row, _created = ReportingRound.objects.update_or_create(
            year=year, semester=semester, defaults={"due_on": due_on, "remind_working_days": remind_working_days})
        _audit(actor, "indicator.set_round", row, province, request=request,
               details={"period": period_label(year, semester), "due_on": due_on.isoformat()})
    return row
