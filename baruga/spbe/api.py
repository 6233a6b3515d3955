"""The SPBE API, mounted at /api/v1/spbe (errors in the shape of `baruga.api_errors`).

- the public: ``GET /spbe/instrumen`` (the instruments shipped), ``GET /spbe/instrumen/{code}`` (domains,
  aspects, indicators with weights and the criteria of each level), ``GET /spbe/hasil`` (final indexes,
  optionally ``?tahun=``), ``GET /spbe/hasil/{kode_wilayah}/{tahun}`` (one final result with the index of
  each domain and aspect). Only FINAL assessments are public.
- staff (session): ``GET /spbe/staff/evaluasi/{id}`` — an assessment the caller may see (its team,
  the province's evaluator, leaders), whatever its state, with every answer.
"""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Path, Query, Router, Schema

from baruga.api_auth import session_auth
from baruga.api_errors import not_found, responses
from baruga.lib.api_fields import KemendagriCode
from baruga.spbe import instrument as instruments
from baruga.spbe import permissions, scoring, selectors
from baruga.spbe.models import Assessment

router = Router(tags=["spbe"])


class Criterion(Schema):
    level: int
    name: str
    text: str


class IndicatorOut(Schema):
    code: str
    number: int
    name: str
    weight: Decimal
    criteria: list[Criterion]


class AspectOut(Schema):
    code: str
    name: str
    weight: Decimal
    indicators: list[IndicatorOut]


class DomainOut(Schema):
    code: str
    name: str
    weight: Decimal
    aspects: list[AspectOut]


class Band(Schema):
    name: str
    minimum: Decimal


class InstrumentSummary(Schema):
    code: str
    name: str
    source: str
    valid_from: int
    indicators: int


class InstrumentOut(InstrumentSummary):
    notes: list[str]
    predikat: list[Band]
    domains: list[DomainOut]


class GroupIndex(Schema):
    code: str
    name: str
    weight: Decimal
    index: Decimal | None
    predikat: str


class ResultSummary(Schema):
    jurisdiction_code: str
    jurisdiction: str
    year: int
    instrument: str
    index: Decimal
    predikat: str
    finalised_at: datetime | None


class ResultOut(ResultSummary):
    domains: list[GroupIndex]
    aspects: list[GroupIndex]


class AnswerOut(Schema):
    indicator_code: str
    level: int | None
    justification: str
    review: str
    review_note: str
    evidence: int


class AssessmentOut(Schema):
    id: int
    jurisdiction_code: str
    jurisdiction: str
    year: int
    instrument: str
    state: str
    index: Decimal | None
    predikat: str
    domains: list[GroupIndex]
    answers: list[AnswerOut]


def _summary(i):
    return InstrumentSummary(code=i.code, name=i.name, source=i.source, valid_from=i.valid_from,
                             indicators=len(i.indicators))


def _instrument(i):
    return InstrumentOut(
        **_summary(i).dict(), notes=list(i.notes),
        predikat=[Band(name=b.name, minimum=b.minimum) for b in i.bands],
        domains=[DomainOut(code=d.code, name=d.name, weight=d.weight, aspects=[
            AspectOut(code=a.code, name=a.name, weight=a.weight, indicators=[
                IndicatorOut(code=x.code, number=x.number, name=x.name, weight=x.weight,
                             criteria=[Criterion(level=n, name=i.level_name(n), text=t) for n, t in x.criteria])
                for x in a.indicators]) for a in d.aspects]) for d in i.domains])


def _groups(rows):
    return [GroupIndex(code=r.code, name=r.name, weight=r.weight, index=r.index, predikat=r.predikat) for r in rows]


def _result_summary(a):
    return ResultSummary(jurisdiction_code=a.jurisdiction.code, jurisdiction=a.jurisdiction.name, year=a.year,
                         instrument=a.instrument_code, index=a.index, predikat=a.predikat,
                         finalised_at=a.finalised_at)


@router.get("/instrumen", response=list[InstrumentSummary])
def list_instruments(request):
    """The evaluation instruments Baruga ships (versioned data), oldest first."""
    return [_summary(i) for i in instruments.all_instruments()]


@router.get("/instrumen/{code}", response=responses(InstrumentOut, 404))
def get_instrument(request, code: str = Path(..., min_length=1, max_length=40, pattern=r"^[a-z0-9-]+$")):
    """One instrument: its domains, aspects and indicators with weights (%) and level criteria."""
    i = instruments.get(code)
    if i is None:
        raise not_found()
    return _instrument(i)


FIRST_YEAR, LAST_YEAR = 2018, 2100
MAX_ID = 2**31 - 1


class ResultFilter(Schema):
    tahun: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="the assessment year")


@router.get("/hasil", response=list[ResultSummary])
def list_results(request, filters: Query[ResultFilter]):
    """Final indexes of every jurisdiction (newest year first, highest index first)."""
    return [_result_summary(a) for a in selectors.public_finals(filters.tahun)]


@router.get("/hasil/{jurisdiction_code}/{year}", response=responses(ResultOut, 404))
def get_result(request, jurisdiction_code: KemendagriCode,
               year: int = Path(..., ge=FIRST_YEAR, le=LAST_YEAR)):
    """One final result with the index and predikat of each domain and aspect."""
    a = (selectors.public_finals(year).filter(jurisdiction__code=jurisdiction_code).first())
    if a is None:
        raise not_found()
    result = scoring.breakdown(a.instrument, selectors.levels_of(a))
    return ResultOut(**_result_summary(a).dict(), domains=_groups(r for r, _x in result["domains"]),
                     aspects=_groups(x for _r, xs in result["domains"] for x in xs))


@router.get("/staff/evaluasi/{assessment_id}", response=responses(AssessmentOut, 401, 404), auth=session_auth)
def get_assessment(request, assessment_id: int = Path(..., ge=1, le=MAX_ID)):
    """An assessment the caller may see, in any state, with every answer (404 for anyone else)."""
    a = permissions.visible_assessments(request.auth).select_related("jurisdiction").filter(pk=assessment_id).first()
    if a is None:
        raise not_found()
    result = scoring.breakdown(a.instrument, selectors.levels_of(a))
    return AssessmentOut(
        id=a.pk, jurisdiction_code=a.jurisdiction.code, jurisdiction=a.jurisdiction.name, year=a.year,
        instrument=a.instrument_code, state=a.state,
        index=a.index if a.is_final else result["overall"].index, predikat=a.predikat,
        domains=_groups(r for r, _x in result["domains"]),
        answers=[AnswerOut(indicator_code=x.indicator_code, level=x.level, justification=x.justification,
                           review=x.review, review_note=x.review_note, evidence=x.evidence.count())
                 for x in a.answers.prefetch_related("evidence")])
