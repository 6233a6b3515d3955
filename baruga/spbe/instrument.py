"""SPBE evaluation instruments as versioned data.

Each instrument is one JSON file in `instruments/` (PermenPANRB 59/2020 ships; the Indeks Pemerintah
Digital would be another file): domains with their weight share, aspects, indicators with their
weight and the criteria of each capability level, the level names and the predikat bands. Nothing
about an instrument is code: a new version is a new file with a new `code`, and an assessment keeps
the code of the instrument it was opened with, so old assessments never change their meaning.

A file is checked when it is loaded (`InstrumentError` otherwise): indicator codes unique, five
levels with a criterion each, every weight positive, the indicators of each domain summing to the
domain's share and the domains to 100.
"""

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent / "instruments"
HUNDRED = Decimal("100")


class InstrumentError(ValueError):
    pass


@dataclass(frozen=True)
class Indicator:
    code: str
    number: int
    name: str
    weight: Decimal
    criteria: tuple  # (level, text) pairs, levels 1..5
    aspect_code: str
    domain_code: str

    def criterion(self, level):
        return dict(self.criteria).get(level, "")


@dataclass(frozen=True)
class Aspect:
    code: str
    name: str
    domain_code: str
    indicators: tuple

    @property
    def weight(self):
        return sum((i.weight for i in self.indicators), Decimal(0))


@dataclass(frozen=True)
class Domain:
    code: str
    name: str
    weight: Decimal
    aspects: tuple

    @property
    def indicators(self):
        return tuple(i for a in self.aspects for i in a.indicators)


@dataclass(frozen=True)
class Band:
    name: str
    minimum: Decimal


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    source: str
    valid_from: int
    notes: tuple
    levels: tuple  # (number, name)
    bands: tuple  # Band, highest minimum first
    domains: tuple

    @property
    def aspects(self):
        return tuple(a for d in self.domains for a in d.aspects)

    @property
    def indicators(self):
        return tuple(i for d in self.domains for i in d.indicators)

    @property
    def total_weight(self):
        return sum((i.weight for i in self.indicators), Decimal(0))

    @property
    def max_level(self):
        return max(n for n, _name in self.levels)

    @property
    def min_level(self):
        return min(n for n, _name in self.levels)

    def level_name(self, level):
        return dict(self.levels).get(level, "")

    def indicator(self, code):
        for i in self.indicators:
            if i.code == code:
                return i
        return None

    def aspect(self, code):
        return next((a for a in self.aspects if a.code == code), None)

    def domain(self, code):
        return next((d for d in self.domains if d.code == code), None)


def _decimal(value, where):
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise InstrumentError(f"{where}: not a number: {value!r}") from exc
    if not result.is_finite():
        raise InstrumentError(f"{where}: not a number: {value!r}")
    return result


def parse(data):
    """An `Instrument` from the decoded JSON of one file, checked."""
    try:
        code = data["code"]
        levels = tuple((int(lv["level"]), lv["name"]) for lv in data["levels"])
        level_numbers = [n for n, _ in levels]
        if level_numbers != list(range(1, len(levels) + 1)) or len(levels) < 2:
            raise InstrumentError(f"{code}: levels must be numbered 1..n")
        bands = tuple(sorted((Band(b["name"], _decimal(b["min"], f"{code} predikat")) for b in data["predikat"]),
                             key=lambda b: b.minimum, reverse=True))
        if not bands or bands[-1].minimum > 0:
            raise InstrumentError(f"{code}: the lowest predikat band must start at 0")
        seen, domains = set(), []
        for d in data["domains"]:
            aspects = []
            for a in d["aspects"]:
                indicators = []
                for i in a["indicators"]:
                    if i["code"] in seen:
                        raise InstrumentError(f"{code}: indicator {i['code']} appears twice")
                    seen.add(i["code"])
                    weight = _decimal(i["weight"], f"{code} {i['code']}")
                    if weight <= 0:
                        raise InstrumentError(f"{code} {i['code']}: weight must be positive")
                    criteria = tuple((int(c["level"]), c["text"]) for c in i["criteria"])
                    if [lv for lv, _t in criteria] != level_numbers or not all(t.strip() for _l, t in criteria):
                        raise InstrumentError(f"{code} {i['code']}: one criterion per level is needed")
                    indicators.append(Indicator(i["code"], int(i["number"]), i["name"], weight, criteria,
                                                a["code"], d["code"]))
                aspects.append(Aspect(a["code"], a["name"], d["code"], tuple(indicators)))
            domain = Domain(d["code"], d["name"], _decimal(d["weight"], f"{code} {d['code']}"), tuple(aspects))
            if sum((i.weight for i in domain.indicators), Decimal(0)) != domain.weight:
                raise InstrumentError(f"{code} {d['code']}: indicator weights do not sum to the domain's share")
            domains.append(domain)
        instrument = Instrument(code, data["name"], data["source"], int(data["valid_from"]),
                                tuple(data.get("notes", ())), levels, bands, tuple(domains))
    except (KeyError, TypeError) as exc:
        raise InstrumentError(f"instrument file malformed: {exc!r}") from exc
    if instrument.total_weight != HUNDRED:
        raise InstrumentError(f"{instrument.code}: weights sum to {instrument.total_weight}, not 100")
    return instrument


def load_directory(directory):
    result = {}
    for path in sorted(Path(directory).glob("*.json")):
        instrument = parse(json.loads(path.read_text(encoding="utf-8")))
        if instrument.code in result:
            raise InstrumentError(f"instrument code {instrument.code} used twice")
        result[instrument.code] = instrument
    return result


@lru_cache(maxsize=1)
def _registry():
    return load_directory(DIRECTORY)


def all_instruments():
    """Every shipped instrument, oldest first."""
    return sorted(_registry().values(), key=lambda i: (i.valid_from, i.code))


def get(code):
    return _registry().get(code)


def current_for(year):
    """The newest instrument valid in `year` (the oldest one for earlier years)."""
    instruments = all_instruments()
    valid = [i for i in instruments if i.valid_from <= year]
    return valid[-1] if valid else instruments[0]
