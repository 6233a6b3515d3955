"""Program indicators computed from the on-time performance of the staff stages (the contract:
baruga/indicators/formulas.py). The keys keep their `complaints.` names: they measure the complaint
service, and the indicator definitions (indicators/data/programs.py) name them so; the figures come from
`stats.performance`, which is why they live here. Periods are local dates, inclusive.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.clocks.models import ClockKind
from baruga.stats import performance


def _share(numerator, denominator):
    return round(100 * numerator / denominator, 2) if denominator else None


def _on_time(jurisdiction, start, end, kind, what):
    figures = performance.performance(jurisdiction_ids={jurisdiction.pk}, since=start, until=end)
    rows = figures["jurisdictions"]
    stage = rows[0]["stages"][kind] if rows else {"done": 0, "on_time": 0}
    done, on_time = stage["done"], stage["on_time"]
    return {"value": _share(on_time, done), "numerator": on_time, "denominator": done,
            "explanation": _("%(n)d dari %(d)d tahap %(what)s selesai tepat waktu")
            % {"n": on_time, "d": done, "what": what}}


def verified_on_time(jurisdiction, start, end):
    """Verification and dispatch within 3 working days (clocks stopped in the period)."""
    return _on_time(jurisdiction, start, end, ClockKind.VERIFICATION, _("verifikasi"))


def followed_up_on_time(jurisdiction, start, end):
    """The OPD's follow-up within 5 working days (clocks stopped in the period)."""
    return _on_time(jurisdiction, start, end, ClockKind.FOLLOW_UP, _("tindak lanjut"))


FORMULAS = {
    "complaints.verified_on_time": verified_on_time,
    "complaints.followed_up_on_time": followed_up_on_time,
}
LABELS = {
    "complaints.verified_on_time": gettext_lazy("Laporan diverifikasi tepat waktu (3 hari kerja)"),
    "complaints.followed_up_on_time": gettext_lazy("Laporan ditindaklanjuti OPD tepat waktu (5 hari kerja)"),
}
UNITS = {key: "persen" for key in FORMULAS}
