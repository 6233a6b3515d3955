"""Reads with business rules: lists, an assessment's summary, year-on-year comparison, public finals."""

from baruga.directory.models import Jurisdiction
from baruga.spbe import permissions, scoring
from baruga.spbe.models import Assessment, Review, State


def staff_list(user, *, year=None):
    qs = permissions.visible_assessments(user).select_related("jurisdiction")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "jurisdiction__code")


def get_visible(user, pk):
    return staff_list(user).filter(pk=pk).first()


def levels_of(assessment):
    return dict(assessment.answers.values_list("indicator_code", "level"))


def rows(assessment):
    """One row per indicator in the instrument's order, with its answer, evidence and review."""
    instrument = assessment.instrument
    answers = {a.indicator_code: a for a in assessment.answers.prefetch_related("evidence")}
    result = []
    for domain in instrument.domains:
        for aspect in domain.aspects:
            for indicator in aspect.indicators:
                answer = answers.get(indicator.code)
                result.append({
                    "domain": domain, "aspect": aspect, "indicator": indicator, "answer": answer,
                    "level_name": instrument.level_name(answer.level) if answer and answer.level else "",
                    "criterion": indicator.criterion(answer.level) if answer and answer.level else "",
                })
    return result


def summary(assessment):
    instrument = assessment.instrument
    levels = levels_of(assessment)
    result = scoring.breakdown(instrument, levels)
    result["levels"] = levels
    result["counts"] = {
        "answered": sum(1 for v in levels.values() if v is not None),
        "total": len(instrument.indicators),
        "accepted": assessment.answers.filter(review=Review.ACCEPTED).count(),
        "change": assessment.answers.filter(review=Review.CHANGE).count(),
    }
    return result


def history(assessment):
    """Final and current assessments of the same jurisdiction, oldest first: (year, index, predikat, state)."""
    out = []
    for other in Assessment.objects.filter(jurisdiction_id=assessment.jurisdiction_id).order_by("year"):
        value = other.index if other.is_final else scoring.index(other.instrument.indicators, levels_of(other))
        out.append({"assessment": other, "year": other.year, "index": value,
                    "predikat": other.predikat if other.is_final else scoring.predikat(other.instrument, value),
                    "final": other.is_final, "current": other.pk == assessment.pk})
    return out


def comparison(assessment):
    """Per domain: this assessment's index beside the previous final one (if any) and the change."""
    previous = (Assessment.objects.filter(jurisdiction_id=assessment.jurisdiction_id, state=State.FINAL,
                                          year__lt=assessment.year).order_by("-year").first())
    if previous is None:
        return None
    now = scoring.breakdown(assessment.instrument, levels_of(assessment))
    then = scoring.breakdown(previous.instrument, levels_of(previous))
    then_domains = {row.name: row for row, _aspects in then["domains"]}
    lines = []
    for row, _aspects in now["domains"]:
        old = then_domains.get(row.name)
        old_value = old.index if old else None
        lines.append({"name": row.name, "now": row.index, "then": old_value,
                      "change": (row.index - old_value) if row.index is not None and old_value is not None else None})
    overall_change = (now["overall"].index - then["overall"].index
                      if now["overall"].index is not None and then["overall"].index is not None else None)
    return {"previous": previous, "lines": lines, "overall_now": now["overall"].index,
            "overall_then": then["overall"].index, "overall_change": overall_change}


def public_finals(year=None):
    qs = Assessment.objects.filter(state=State.FINAL).select_related("jurisdiction")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-index", "jurisdiction__code")


def final_for(jurisdiction, year):
    return Assessment.objects.filter(jurisdiction=jurisdiction, year=year, state=State.FINAL).first()


def jurisdiction_by_code(code):
    return Jurisdiction.objects.filter(code=code).first()
