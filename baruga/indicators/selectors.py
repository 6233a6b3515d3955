"""Reads with business rules: the province's matrix, traffic lights, trends, averages, public pages.

Queries do not grow with the number of jurisdictions or indicators: one for the indicators, one for
the values of the year and the year before, one for the targets, one for the jurisdictions.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from baruga.directory.models import Jurisdiction
from baruga.indicators import formulas
from baruga.indicators.models import Direction, Indicator, Program, ReportingRound, Target, Value, ValueStatus

AMBER_BAND = Decimal("0.10")  # within 10% of the target (on the wrong side) is amber, beyond it red
COUNTED = (ValueStatus.VERIFIED, ValueStatus.COMPUTED, ValueStatus.SUBMITTED)
PUBLIC = (ValueStatus.VERIFIED, ValueStatus.COMPUTED)
SORTS = ("lagging", "name")


def light(value, target, direction):
    """green / amber / red against the target; "" when either is missing."""
    if value is None or target is None:
        return ""
    band = abs(target) * AMBER_BAND
    if direction == Direction.LOWER:
        if value <= target:
            return "green"
        return "amber" if value <= target + band else "red"
    if value >= target:
        return "green"
    return "amber" if value >= target - band else "red"


def light_label(name):
    return {"green": _("sesuai target"), "amber": _("mendekati target"), "red": _("tertinggal")}.get(
        name, _("belum ada target atau nilai"))


@dataclass
class Cell:
    indicator: Indicator
    available: bool = True
    value: Value | None = None
    previous: Value | None = None
    target: Decimal | None = None
    light: str = ""

    @property
    def trend(self):
        """"up" / "down" / "flat" against the previous period's value, or ""."""
        if self.value is None or self.previous is None or self.value.value is None or self.previous.value is None:
            return ""
        if self.value.value == self.previous.value:
            return "flat"
        return "up" if self.value.value > self.previous.value else "down"

    @property
    def improving(self):
        trend = self.trend
        if trend in ("", "flat"):
            return None
        return (trend == "up") == (self.indicator.direction == Direction.HIGHER)

    @property
    def number(self):
        return None if self.value is None else self.value.value

    @property
    def light_label(self):
        return light_label(self.light)


@dataclass
class Row:
    jurisdiction: Jurisdiction
    cells: list = field(default_factory=list)

    @property
    def reds(self):
        return sum(1 for c in self.cells if c.light == "red")

    @property
    def ambers(self):
        return sum(1 for c in self.cells if c.light == "amber")

    @property
    def lagging_score(self):
        return (self.reds, self.ambers)


@dataclass
class Matrix:
    province: Jurisdiction
    year: int
    indicators: list
    rows: list
    averages: list  # per indicator: the regencies'/cities' mean of the latest values, or None
    sort: str
    order: str
    sees_all: bool


def active_indicators(program=None):
    qs = Indicator.objects.filter(is_active=True).select_related("program")
    if program is not None:
        qs = qs.filter(program=program)
    return list(qs)


def _latest(values, year):
    """The latest value of `year` and the one before it (any earlier period), from values sorted by period."""
    upto = [v for v in values if v.year <= year]
    if not upto or upto[-1].year != year:
        return None, None
    return upto[-1], (upto[-2] if len(upto) > 1 else None)


def _cells(indicators, jurisdiction_ids, year, statuses):
    values = {}
    for value in (Value.objects.filter(jurisdiction_id__in=jurisdiction_ids, indicator__in=indicators,
                                       year__in=[year - 1, year], status__in=statuses)
                  .select_related("entered_by", "verified_by")):
        values.setdefault((value.indicator_id, value.jurisdiction_id), []).append(value)
    targets = {(t.indicator_id, t.jurisdiction_id, t.semester): t.value
               for t in Target.objects.filter(jurisdiction_id__in=jurisdiction_ids, indicator__in=indicators, year=year)}
    available = {i.pk: (not i.is_computed) or formulas.is_available(i.formula_key) for i in indicators}

    def cell(indicator, jurisdiction_id):
        rows = sorted(values.get((indicator.pk, jurisdiction_id), []), key=lambda v: v.period_key)
        latest, previous = _latest(rows, year)
        semester = latest.semester if latest else 0
        target = targets.get((indicator.pk, jurisdiction_id, semester), targets.get((indicator.pk, jurisdiction_id, 0)))
        result = Cell(indicator, available=available[indicator.pk], value=latest, previous=previous, target=target)
        if not result.available:
            result.value = result.previous = None
        result.light = light(result.number, target, indicator.direction)
        return result

    return cell


def matrix(province, row_ids, year, *, indicators=None, sort="lagging", order="desc", sees_all=True,
           statuses=COUNTED):
    """The rows `row_ids` (the province and its regencies/cities, or a regency's own) × the indicators."""
    indicators = active_indicators() if indicators is None else indicators
    children = list(Jurisdiction.objects.filter(parent=province, is_active=True).order_by("code"))
    all_ids = [province.pk, *[j.pk for j in children]]
    cell = _cells(indicators, all_ids, year, statuses)
    rows = [Row(j, [cell(i, j.pk) for i in indicators]) for j in [province, *children] if j.pk in row_ids]
    averages = []
    for i in indicators:
        numbers = [c.number for c in (cell(i, j.pk) for j in children) if c.number is not None]
        averages.append((sum(numbers) / len(numbers)).quantize(Decimal("0.01")) if numbers else None)
    rows = sort_rows(rows, indicators, sort, order)
    return Matrix(province, year, indicators, rows, averages, sort, order, sees_all)


def sort_rows(rows, indicators, sort, order):
    """Lagging first (most red, then most amber), by name, or by one indicator's value (missing last)."""
    reverse = order != "asc"
    if sort == "name":
        return sorted(rows, key=lambda r: r.jurisdiction.name, reverse=order == "desc")
    codes = [i.code for i in indicators]
    if sort in codes:
        n = codes.index(sort)
        present = [r for r in rows if r.cells[n].number is not None]
        missing = [r for r in rows if r.cells[n].number is None]
        return sorted(present, key=lambda r: r.cells[n].number, reverse=reverse) + missing
    ranked = sorted(rows, key=lambda r: r.jurisdiction.name)
    return sorted(ranked, key=lambda r: r.lagging_score, reverse=reverse)


def value_history(indicator, jurisdiction):
    """Every period's value (latest first) with its history, for the indicator's page."""
    return list(Value.objects.filter(indicator=indicator, jurisdiction=jurisdiction)
                .select_related("entered_by", "verified_by").prefetch_related("events__actor")
                .order_by("-year", "-semester"))


def pending_verification(province):
    return list(Value.objects.filter(Q(jurisdiction=province) | Q(jurisdiction__parent=province),
                                     status=ValueStatus.SUBMITTED)
                .select_related("indicator", "jurisdiction", "entered_by").order_by("entered_at"))


def published_programs():
    return list(Program.objects.filter(indicators__is_published=True, indicators__is_active=True).distinct())


def public_program(program, province, year):
    """The program's published indicators: the province and every regency/city, verified or computed values."""
    indicators = list(program.indicators.filter(is_published=True, is_active=True))
    children_ids = set(Jurisdiction.objects.filter(parent=province, is_active=True).values_list("pk", flat=True))
    return matrix(province, {province.pk, *children_ids}, year, indicators=indicators, sort="name", order="asc",
                  statuses=PUBLIC)


def home_province():
    """The province this installation serves (the first active one)."""
    return Jurisdiction.objects.filter(level="province", is_active=True).order_by("code").first()


def next_round(today=None):
    today = today or dt.date.today()
    return ReportingRound.objects.filter(due_on__gte=today).order_by("due_on").first()
