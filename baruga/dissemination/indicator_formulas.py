"""Program indicators fed to the `indicators` app (contract: /work/i18n/FORMULAS.md, issue 16).

Program 3 (information and public communication): the number of media partners and the pieces of
information disseminated. Plain functions over `selectors`; nothing here imports `indicators`.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.dissemination import selectors


def _period(start, end):
    return f"{start:%d-%m-%Y}–{end:%d-%m-%Y}"


def _count(value, explanation):
    return {"value": value, "numerator": value, "denominator": None, "explanation": explanation}


def active_verified_partners(jurisdiction, start, end):
    n = selectors.active_verified_partners(jurisdiction, start, end)
    return _count(n, _("%(n)d mitra media aktif terverifikasi Dewan Pers dengan kontrak pada %(period)s")
                  % {"n": n, "period": _period(start, end)})


def publications(jurisdiction, start, end):
    n = selectors._published_in(jurisdiction, start, end).count()
    return _count(n, _("%(n)d publikasi terbit pada %(period)s") % {"n": n, "period": _period(start, end)})


def placements(jurisdiction, start, end):
    n = selectors._placements_in(jurisdiction, start, end).count()
    return _count(n, _("%(n)d penayangan di mitra media dan kanal sendiri pada %(period)s")
                  % {"n": n, "period": _period(start, end)})


def total_reach(jurisdiction, start, end):
    figures = selectors.indicators(jurisdiction, start, end)
    if not figures.placements:
        return {"value": None, "numerator": None, "denominator": None,
                "explanation": _("Belum ada penayangan tercatat pada %(period)s") % {"period": _period(start, end)}}
    return {"value": figures.total_reach, "numerator": figures.total_reach, "denominator": None,
            "explanation": _("Jangkauan %(reach)s dari %(n)d penayangan pada %(period)s (dilihat, atau impresi bila "
                             "jumlah dilihat tidak tercatat)") % {
                "reach": f"{figures.total_reach:,}".replace(",", "."), "n": figures.placements,
                "period": _period(start, end)}}


FORMULAS = {
    "dissemination.active_verified_partners": active_verified_partners,
    "dissemination.publications": publications,
    "dissemination.placements": placements,
    "dissemination.total_reach": total_reach,
}

LABELS = {
    "dissemination.active_verified_partners": gettext_lazy("Mitra media aktif terverifikasi"),
    "dissemination.publications": gettext_lazy("Informasi yang didiseminasikan (publikasi terbit)"),
    "dissemination.placements": gettext_lazy("Penayangan publikasi"),
    "dissemination.total_reach": gettext_lazy("Total jangkauan penayangan"),
}

UNITS = {key: "jumlah" for key in FORMULAS}
