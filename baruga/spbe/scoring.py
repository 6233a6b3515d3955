"""The SPBE arithmetic, on plain values (no database): index, predikat, and what would raise the index.

- index of a group (aspect, domain, whole instrument) = Σ(weight × level) ÷ Σ weight over the group's
  indicators that have a level; a group without any level has no index (None).
- The index is rounded to 2 places (ROUND_HALF_UP) and the predikat is read from the ROUNDED index,
  so the number shown and the predikat always agree: 4.195 shows as 4.20 and is "Memuaskan";
  4.194 shows as 4.19 and is "Sangat Baik". Bands are inclusive at their minimum (3.50 is
  "Sangat Baik", 3.49 "Baik").
- Raising one indicator from level l to l' raises the overall index by weight × (l' − l) ÷ Σ weight:
  `raise_options` ranks indicators by weight × gap (to the top level, or to the next level).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def rounded(value):
    return None if value is None else Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def index(indicators, levels):
    """The rounded index of `indicators` given `levels` ({code: level or None}); None if none answered."""
    total_weight, total = Decimal(0), Decimal(0)
    for indicator in indicators:
        level = levels.get(indicator.code)
        if level is None:
            continue
        total_weight += indicator.weight
        total += indicator.weight * Decimal(level)
    if not total_weight:
        return None
    return rounded(total / total_weight)


def predikat(instrument, value):
    """The predikat of a (rounded) index, or "" for no index."""
    if value is None:
        return ""
    value = rounded(value)
    for band in instrument.bands:
        if value >= band.minimum:
            return band.name
    return instrument.bands[-1].name


@dataclass
class Row:
    code: str
    name: str
    weight: Decimal
    index: Decimal | None
    predikat: str
    answered: int
    total: int


def breakdown(instrument, levels):
    """{"overall": Row, "domains": [(Row, [aspect Row])]} for `levels`."""
    def row(code, name, indicators):
        indicators = tuple(indicators)
        value = index(indicators, levels)
        return Row(code, name, sum((i.weight for i in indicators), Decimal(0)), value, predikat(instrument, value),
                   sum(1 for i in indicators if levels.get(i.code) is not None), len(indicators))

    domains = [(row(d.code, d.name, d.indicators), [row(a.code, a.name, a.indicators) for a in d.aspects])
               for d in instrument.domains]
    return {"overall": row("", instrument.name, instrument.indicators), "domains": domains}


@dataclass
class RaiseOption:
    indicator: object
    level: int | None
    target: int
    gain: Decimal  # weight × gap: the numerator of the index's rise
    index_gain: Decimal  # what the overall index rises by, unrounded (gain ÷ Σ weight)


def raise_options(instrument, levels, *, mode="top", limit=None):
    """Indicators ranked by weight × gap, largest first (ties: the instrument's order).

    mode "top": gap to the highest level; mode "next": one level up. An unanswered indicator counts
    from level 0 (answering it at all is a gain). Indicators already at the top are left out."""
    top = instrument.max_level
    total_weight = instrument.total_weight
    options = []
    for position, indicator in enumerate(instrument.indicators):
        level = levels.get(indicator.code)
        current = level or 0
        if current >= top:
            continue
        target = top if mode == "top" else max(current + 1, instrument.min_level)
        gain = indicator.weight * (target - current)
        options.append((-gain, position, RaiseOption(indicator, level, target, gain, gain / total_weight)))
    options.sort(key=lambda t: (t[0], t[1]))
    ranked = [o for _g, _p, o in options]
    return ranked[:limit] if limit else ranked
