"""One function per business action on an SPBE assessment.

Each takes the acting user, locks the assessment row, checks the transition table
(`workflow.WORKFLOW`) and the actor's capacity (`permissions.capacities`), validates its input,
applies the change, writes an `Event` and an audit entry, all in one transaction. A refusal raises
`ActionError` with a message in Bahasa Indonesia and changes nothing. Pages, the API, the demo and
management commands call these functions; nothing else writes an assessment.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.audit import services as audit
from baruga.lib.lifecycle import ActionError, require, text
from baruga.lib.uploads import clean_upload
from baruga.spbe import instrument as instruments
from baruga.spbe import permissions, scoring, workflow
from baruga.spbe.models import Answer, Assessment, Event, Evidence, Review, State

__all__ = ["ActionError"]

MAX_JUSTIFICATION = 4000
MIN_JUSTIFICATION = 10
MAX_NOTE = 2000
MAX_EVIDENCE = 5
FIRST_YEAR = 2018  # the first national SPBE evaluation (PermenPANRB 5/2018)


def _noun():
    return _("evaluasi SPBE")


def _lock(assessment):
    return Assessment.objects.select_for_update(of=("self",)).select_related("jurisdiction").get(pk=assessment.pk)


def _check(actor, assessment, name):
    return workflow.WORKFLOW.check(name, assessment.state, permissions.capacities(actor, assessment),
                                   state_label=assessment.get_state_display(), noun=_noun())


def _event(assessment, *, actor, action, from_state="", indicator_code="", note="", now=None, details=None):
    now = now or timezone.now()
    Event.objects.create(assessment=assessment, action=action, indicator_code=indicator_code, from_state=from_state,
                         to_state=assessment.state, actor=actor, note=note, created_at=now)
    audit.record(actor=actor, action=f"spbe.{action}", target=assessment, jurisdiction=assessment.jurisdiction,
                 reason=note, details={"year": assessment.year, "instrument": assessment.instrument_code,
                                       "indicator": indicator_code, "from_state": from_state,
                                       "to_state": assessment.state, **(details or {})})


def _year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ActionError(_("Tahun evaluasi tidak valid.")) from None
    latest = timezone.localdate().year + 1
    require(FIRST_YEAR <= year <= latest,
            _("Tahun evaluasi harus antara %(first)d dan %(last)d.") % {"first": FIRST_YEAR, "last": latest})
    return year


def open_assessment(actor, *, jurisdiction, year, instrument_code=None, now=None):
    """Open the assessment of `jurisdiction` for `year` (its team only), one blank answer per indicator."""
    year = _year(year)
    require(jurisdiction.pk in permissions.team_jurisdiction_ids(actor),
            _("Anda tidak berwenang membuka evaluasi SPBE untuk %(place)s.") % {"place": jurisdiction.name})
    instrument = instruments.get(instrument_code) if instrument_code else instruments.current_for(year)
    require(instrument is not None, _("Instrumen evaluasi tidak dikenal."))
    require(not Assessment.objects.filter(jurisdiction=jurisdiction, year=year).exists(),
            _("Evaluasi SPBE %(place)s tahun %(year)d sudah dibuka.") % {"place": jurisdiction.name, "year": year})
    now = now or timezone.now()
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(jurisdiction=jurisdiction, year=year, opened_by=actor,
                                                   instrument_code=instrument.code, created_at=now)
            Answer.objects.bulk_create([Answer(assessment=assessment, indicator_code=i.code)
                                        for i in instrument.indicators])
            _event(assessment, actor=actor, action="open", now=now)
    except IntegrityError:
        raise ActionError(_("Evaluasi SPBE %(place)s tahun %(year)d sudah dibuka.")
                          % {"place": jurisdiction.name, "year": year}) from None
    return assessment


def _level(instrument, value):
    try:
        level = int(str(value).strip())
    except (TypeError, ValueError):
        level = None
    require(level is not None and instrument.min_level <= level <= instrument.max_level,
            _("Tingkat kematangan harus bilangan %(min)d sampai %(max)d.")
            % {"min": instrument.min_level, "max": instrument.max_level})
    return level


def save_answer(actor, assessment, *, indicator_code, level, justification, files=(), now=None):
    """Record the team's level and justification of one indicator, with optional evidence files.

    In DRAFT any indicator; in RETURNED only the ones the evaluator asked to change."""
    with transaction.atomic():
        assessment = _lock(assessment)
        _check(actor, assessment, "save_answer")
        instrument = assessment.instrument
        indicator = instrument.indicator(indicator_code)
        require(indicator is not None, _("Indikator tidak dikenal."))
        answer = Answer.objects.select_for_update().get(assessment=assessment, indicator_code=indicator.code)
        if assessment.state == State.RETURNED:
            require(answer.review == Review.CHANGE,
                    _("Indikator ini tidak dikembalikan untuk perbaikan; jawabannya tidak dapat diubah."))
        level = _level(instrument, level)
        justification = text(justification, _("Penjelasan"), max_length=MAX_JUSTIFICATION,
                             min_length=MIN_JUSTIFICATION)
        files = [f for f in (files or []) if f]
        require(answer.evidence.count() + len(files) <= MAX_EVIDENCE,
                _("Data dukung paling banyak %(max)d berkas per indikator.") % {"max": MAX_EVIDENCE})
        try:
            cleaned = [clean_upload(f) for f in files]
        except ValidationError as exc:
            raise ActionError(exc.messages) from None
        now = now or timezone.now()
        answer.level, answer.justification = level, justification
        answer.updated_by, answer.updated_at = actor, now
        answer.save(update_fields=["level", "justification", "updated_by", "updated_at"])
        for clean in cleaned:
            evidence = Evidence(answer=answer, original_name=clean.original_name, content_type=clean.content_type,
                                size=len(clean.content), sha256=clean.sha256, uploaded_by=actor, created_at=now)
            evidence.file.save("upload", ContentFile(clean.content), save=False)
            evidence.save()
        _event(assessment, actor=actor, action="save_answer", indicator_code=indicator.code, now=now,
               details={"level": level, "evidence_added": len(cleaned)})
    return answer


def submit(actor, assessment, *, now=None):
    """Hand the assessment to the province's evaluator: every indicator needs a level and a justification."""
    with transaction.atomic():
        assessment = _lock(assessment)
        _check(actor, assessment, "submit")
        missing = [a.indicator_code for a in assessment.answers.all() if a.level is None or not a.justification]
        require(not missing, _("Belum semua indikator dijawab (%(count)d belum: %(codes)s).")
                % {"count": len(missing), "codes": ", ".join(missing[:10]) + ("…" if len(missing) > 10 else "")})
        from_state = assessment.state
        if from_state == State.RETURNED:
            # The corrected answers go back to the evaluator; accepted ones stay accepted.
            assessment.answers.filter(review=Review.CHANGE).update(review=Review.PENDING)
        now = now or timezone.now()
        assessment.state, assessment.submitted_by, assessment.submitted_at = State.SUBMITTED, actor, now
        assessment.save(update_fields=["state", "submitted_by", "submitted_at"])
        _event(assessment, actor=actor, action="submit", from_state=from_state, now=now)
    return assessment


def review(actor, assessment, *, indicator_code, decision, note="", now=None):
    """The evaluator accepts one indicator's answer, or asks for a change (a note is then required)."""
    with transaction.atomic():
        assessment = _lock(assessment)
        _check(actor, assessment, "review")
        require(decision in (Review.ACCEPTED, Review.CHANGE), _("Pilih hasil reviu: diterima atau perlu perbaikan."))
        answer = Answer.objects.select_for_update().filter(assessment=assessment, indicator_code=indicator_code).first()
        require(answer is not None, _("Indikator tidak dikenal."))
        note = text(note, _("Catatan evaluator"), max_length=MAX_NOTE, required=decision == Review.CHANGE,
                    min_length=5 if decision == Review.CHANGE else 0)
        now = now or timezone.now()
        answer.review, answer.review_note, answer.reviewed_by, answer.reviewed_at = decision, note, actor, now
        answer.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
        _event(assessment, actor=actor, action="review_accept" if decision == Review.ACCEPTED else "review_change",
               indicator_code=indicator_code, note=note, now=now)
    return answer


def return_for_changes(actor, assessment, *, now=None):
    """Send the assessment back to the team: at least one indicator must be marked for change."""
    with transaction.atomic():
        assessment = _lock(assessment)
        _check(actor, assessment, "return_for_changes")
        require(assessment.answers.filter(review=Review.CHANGE).exists(),
                _("Tandai dulu indikator yang perlu diperbaiki, dengan catatannya."))
        from_state = assessment.state
        assessment.state = State.RETURNED
        assessment.save(update_fields=["state"])
        _event(assessment, actor=actor, action="return_for_changes", from_state=from_state, now=now)
    return assessment


def finalise(actor, assessment, *, now=None):
    """Fix the final index and predikat: every indicator must have been accepted."""
    with transaction.atomic():
        assessment = _lock(assessment)
        _check(actor, assessment, "finalise")
        open_items = assessment.answers.exclude(review=Review.ACCEPTED).count()
        require(not open_items, _("Masih ada %(count)d indikator yang belum diterima; terima semuanya atau "
                                  "kembalikan untuk perbaikan.") % {"count": open_items})
        instrument = assessment.instrument
        levels = dict(assessment.answers.values_list("indicator_code", "level"))
        value = scoring.index(instrument.indicators, levels)
        now = now or timezone.now()
        from_state = assessment.state
        assessment.state, assessment.index = State.FINAL, value
        assessment.predikat = scoring.predikat(instrument, value)
        assessment.finalised_by, assessment.finalised_at = actor, now
        assessment.save(update_fields=["state", "index", "predikat", "finalised_by", "finalised_at"])
        _event(assessment, actor=actor, action="finalise", from_state=from_state, now=now,
               details={"index": str(value), "predikat": assessment.predikat})
    return assessment
