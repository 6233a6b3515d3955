"""The program indicators API, mounted at /api/v1/indikator (see `baruga.api` for the error shape).

- the public: the programs with published indicators, and one program's published values for a
  year (the province and each regency/city: verified or computed values only, with the target and
  the traffic light; an indicator whose formula is not installed says `available: false`);
- staff (session or API key with staff:read): the matrix of their scope, as the page shows it.
"""

from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from baruga.api_auth import session_auth
from baruga.api_errors import not_found, responses
from baruga.indicators import formulas, permissions, selectors
from baruga.indicators.models import Program

router = Router(tags=["indikator"])


class YearFilter(Schema):
    tahun: int | None = Field(None, ge=2000, le=2100, description="Tahun; bawaan: tahun berjalan")


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    unit: str
    direction: str
    kind: str
    formula_key: str
    available: bool


class ProgramOut(Schema):
    code: str
    name: str
    description: str
    indicators: list[IndicatorOut]


class CellOut(Schema):
    indicator: str
    available: bool
    value: Decimal | None
    period: str | None
    status: str | None
    target: Decimal | None
    light: str
    trend: str
    numerator: Decimal | None
    denominator: Decimal | None
    explanation: str


class RowOut(Schema):
    jurisdiction_code: str
    jurisdiction_name: str
    cells: list[CellOut]


class MatrixOut(Schema):
    province: str
    year: int
    indicators: list[IndicatorOut]
    rows: list[RowOut]
    averages: list[Decimal | None] = Field(description="Rata-rata kabupaten/kota per indikator")


def _indicator(i, available):
    return {"code": i.code, "name": i.name, "definition": i.definition, "unit": i.unit, "direction": i.direction,
            "kind": i.kind, "formula_key": i.formula_key, "available": available}


def _matrix_out(m):
    avail = {}
    for row in m.rows:
        for cell in row.cells:
            avail[cell.indicator.pk] = cell.available
    return {
        "province": m.province.code, "year": m.year,
        "indicators": [_indicator(i, avail.get(i.pk, True)) for i in m.indicators],
        "averages": m.averages,
        "rows": [{"jurisdiction_code": row.jurisdiction.code, "jurisdiction_name": row.jurisdiction.name,
                  "cells": [{"indicator": c.indicator.code, "available": c.available, "value": c.number,
                             "period": c.value.period_label if c.value else None,
                             "status": c.value.status if c.value else None, "target": c.target, "light": c.light,
                             "trend": c.trend, "numerator": c.value.numerator if c.value else None,
                             "denominator": c.value.denominator if c.value else None,
                             "explanation": c.value.explanation if c.value else ""} for c in row.cells]}
                 for row in m.rows],
    }


@router.get("/program", response=list[ProgramOut], auth=None)
def programs(request):
    """The programs with at least one published indicator, and those indicators."""
    return [{"code": p.code, "name": p.name, "description": p.description,
             "indicators": [_indicator(i, (not i.is_computed) or formulas.is_available(i.formula_key))
                            for i in p.indicators.filter(is_published=True, is_active=True)]}
            for p in selectors.published_programs()]


@router.get("/program/{code}", response=responses(MatrixOut, 404, 422), auth=None)
def program(request, code: str, filters: Query[YearFilter]):
    """One program's published indicators for a year: the province and every regency/city."""
    program = Program.objects.filter(code=code).first()
    province = selectors.home_province()
    if program is None or province is None or not program.indicators.filter(is_published=True, is_active=True).exists():
        raise not_found()
    return _matrix_out(selectors.public_program(program, province, filters.tahun or timezone.localdate().year))


@router.get("/staff/matriks", response=responses(MatrixOut, 401, 403, 404, 422), auth=session_auth)
def staff_matrix(request, filters: Query[YearFilter]):
    """The caller's matrix: a province's admin or leader every row, a regency its own (averages included)."""
    scope = permissions.matrix_scope(request.auth)
    if scope is None:
        raise not_found()
    province, ids, sees_all = scope
    return _matrix_out(selectors.matrix(province, ids, filters.tahun or timezone.localdate().year, sees_all=sees_all))
