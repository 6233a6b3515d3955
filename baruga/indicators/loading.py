"""Loads the shipped programs and indicators (data/programs.py) into the database."""

from django.db import transaction

from baruga.indicators.data.programs import INDICATORS, PROGRAMS
from baruga.indicators.models import Indicator, Program

PROGRAM_FIELDS = ("name", "description", "position")
INDICATOR_FIELDS = ("name", "definition", "unit", "direction", "kind", "formula_key", "evidence_required",
                    "min_value", "max_value", "is_published")


def load_programs(*, update=False):
    """Create the missing programs and indicators; with `update`, rewrite the shipped fields too.
    Returns (created, updated)."""
    created = updated = 0
    with transaction.atomic():
        programs = {}
        for position, spec in enumerate(PROGRAMS, start=1):
            fields = {k: spec.get(k, "") for k in PROGRAM_FIELDS} | {"position": spec.get("position", position)}
            program, made = Program.objects.get_or_create(code=spec["code"], defaults=fields)
            if not made and update:
                Program.objects.filter(pk=program.pk).update(**fields)
                updated += 1
            created += made
            programs[spec["code"]] = program
        for position, spec in enumerate(INDICATORS, start=1):
            fields = {"program": programs[spec["program"]], "position": position,
                      "definition": spec.get("definition", ""), "formula_key": spec.get("formula_key", ""),
                      "evidence_required": spec.get("evidence_required", True),
                      "min_value": spec.get("min_value"), "max_value": spec.get("max_value"),
                      "is_published": spec.get("is_published", False),
                      **{k: spec[k] for k in ("name", "unit", "direction", "kind")}}
            indicator, made = Indicator.objects.get_or_create(code=spec["code"], defaults=fields)
            if not made and update:
                Indicator.objects.filter(pk=indicator.pk).update(**fields)
                updated += 1
            created += made
    return created, updated
