"""SPBE's feed to the program indicators (contract: /work/i18n/FORMULAS.md, key `spbe.index`).

Plain functions and dicts: this module imports nothing of `baruga.indicators`."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.spbe.models import Assessment, State


def spbe_index(jurisdiction, start, end):
    """The final SPBE index (1–5) of the jurisdiction's assessment for the year of `end`."""
    assessment = Assessment.objects.filter(jurisdiction=jurisdiction, year=end.year, state=State.FINAL).first()
    if assessment is None:
        return {"value": None, "numerator": None, "denominator": None,
                "explanation": _("Belum ada evaluasi SPBE final untuk tahun %(year)d.") % {"year": end.year}}
    return {"value": assessment.index, "numerator": None, "denominator": None,
            "explanation": _("Indeks SPBE final tahun %(year)d: %(index)s (%(predikat)s).")
            % {"year": end.year, "index": f"{assessment.index:.2f}".replace(".", ","),
               "predikat": assessment.predikat}}


FORMULAS = {"spbe.index": spbe_index}
LABELS = {"spbe.index": gettext_lazy("Indeks SPBE (evaluasi final)")}
UNITS = {"spbe.index": "indeks"}
