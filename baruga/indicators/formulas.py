"""The computed indicators' formulas, found in the installed apps (docs/indicators.md, /FORMULAS contract).

An app that can feed an indicator has `baruga/<app>/indicator_formulas.py` with a module-level dict
`FORMULAS = {"<app>.<name>": compute}` where `compute(jurisdiction, start, end)` (dates, inclusive)
returns {"value", "numerator", "denominator", "explanation"}; optionally `LABELS` and `UNITS`.
They are discovered through the app registry, like `accounts.privacy` finds `personal_data.py`,
so the feeding apps never import this one. A key no installed app provides is "belum tersedia":
the pages say so and never show a number for it.
"""

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from baruga.lib.appmodules import app_modules

logger = logging.getLogger(__name__)

MODULE = "indicator_formulas"


@dataclass(frozen=True)
class Result:
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    explanation: str
    available: bool = True


def registry():
    """{formula key: compute function} of every installed app, in INSTALLED_APPS order."""
    found = {}
    for module in app_modules(MODULE):
        formulas = getattr(module, "FORMULAS", None)
        if not isinstance(formulas, dict):
            raise ImproperlyConfigured(f"{module.__name__} lacks a FORMULAS dict (see baruga.indicators.formulas)")
        for key, function in formulas.items():
            if not callable(function):
                raise ImproperlyConfigured(f"{module.__name__}.FORMULAS[{key!r}] is not callable")
            if key in found:
                raise ImproperlyConfigured(f"formula key {key!r} is defined twice")
            found[key] = function
    return found


def is_available(key):
    return key in registry()


def _number(value):
    if value is None:
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.0001"))
    except (InvalidOperation, ValueError):
        return None


def not_available(key):
    return Result(None, None, None, _("Belum tersedia: rumus “%(key)s” belum terpasang di instalasi ini.")
                  % {"key": key}, available=False)


def compute(key, jurisdiction, start, end):
    """The formula's result for the jurisdiction over [start, end] (dates, inclusive)."""
    function = registry().get(key)
    if function is None:
        return not_available(key)
    raw = function(jurisdiction, start, end) or {}
    return Result(_number(raw.get("value")), _number(raw.get("numerator")), _number(raw.get("denominator")),
                  str(raw.get("explanation") or "")[:300])


def period_dates(year, semester):
    """The first and last day of a period (semester 0: the whole year)."""
    if semester == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if semester == 2:
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
