"""The per-partner placement report for payment verification: XLSX (`lib.exports`) and PDF (`lib.pdf`).

Both render `selectors.report_rows`, so the spreadsheet and the PDF never disagree. The PDF adds the
contract(s) of the period, the quota used and a signature block for the verifying officer.
"""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.dissemination import selectors
from baruga.dissemination.models import Contract
from baruga.lib import exports as lib_exports
from baruga.lib import pdf as lib_pdf


def _columns():
    labels = {"placed_on": _("Tanggal tayang"), "title": _("Judul publikasi"), "kind": _("Jenis"), "agency": _("OPD"),
              "url": _("Tautan"), "contract": _("Kontrak"), "views": _("Dilihat"), "impressions": _("Impresi"),
              "engagement": _("Interaksi"), "proof": _("Bukti tayang")}
    return [(key, labels[key]) for key, _label in selectors.REPORT_COLUMNS]


def _base(partner, start, end):
    return f"penayangan-{partner.name}-{start:%Y%m%d}-{end:%Y%m%d}"


def xlsx_response(partner, start, end):
    rows = list(selectors.report_rows(partner, start, end))
    for row in rows:
        row["proof"] = _("ada") if row["proof"] == "ada" else _("tidak ada")
    return lib_exports.export_response(_base(partner, start, end), _columns(), rows, "xlsx")


def _contracts(partner, start, end):
    return list(Contract.objects.filter(partner=partner, starts_on__lte=end, ends_on__gte=start).order_by("starts_on"))


def pdf_bytes(partner, start, end):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7.5, leading=9)
    out = io.BytesIO()
    title = _("Laporan penayangan %(partner)s") % {"partner": partner.name}
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=title, author="Baruga")
    esc = lib_pdf.escape
    story = [Paragraph(esc(title), styles["Title"]), Paragraph(esc(_(
        "%(entity)s · %(kind)s · %(jurisdiction)s · periode %(start)s s.d. %(end)s · dibuat %(now)s") % {
        "entity": partner.legal_entity, "kind": partner.get_kind_display(), "jurisdiction": partner.jurisdiction.name,
        "start": f"{start:%d-%m-%Y}", "end": f"{end:%d-%m-%Y}",
        "now": f"{timezone.localtime():%d-%m-%Y %H:%M}"}), styles["BodyText"]), Spacer(1, 3 * mm)]
    contract_rows = [[c.number, c.year, f"{c.starts_on:%d-%m-%Y} – {c.ends_on:%d-%m-%Y}",
                      f"Rp {c.value:,.0f}".replace(",", "."), c.quota, c.placements.count()]
                     for c in _contracts(partner, start, end)]
    if contract_rows:
        story.append(lib_pdf.table([_("Nomor kontrak"), _("Tahun"), _("Masa kontrak"), _("Nilai"), _("Kuota"),
                                    _("Terpakai")], contract_rows, style=small,
                                   widths=[60 * mm, 15 * mm, 45 * mm, 40 * mm, 20 * mm, 20 * mm]))
        story.append(Spacer(1, 4 * mm))
    keys = [key for key, _label in selectors.REPORT_COLUMNS]
    rows = [[f"{r['placed_on']:%d-%m-%Y}" if key == "placed_on" else (
        (_("ada") if r[key] == "ada" else _("tidak ada")) if key == "proof" else r[key]) for key in keys]
        for r in selectors.report_rows(partner, start, end)]
    story.append(lib_pdf.table([label for _key, label in _columns()], rows, style=small, widths=[
        20 * mm, 55 * mm, 20 * mm, 35 * mm, 60 * mm, 30 * mm, 16 * mm, 16 * mm, 16 * mm, 14 * mm]))
    story += [Spacer(1, 4 * mm), Paragraph(esc(_("Jumlah penayangan: %(n)d.") % {"n": len(rows)}), small),
              Spacer(1, 12 * mm), Paragraph(esc(_("Diverifikasi oleh: ____________________   Tanggal: __________")),
                                            styles["BodyText"])]
    doc.build(story)
    return out.getvalue()


def pdf_response(partner, start, end):
    response = HttpResponse(pdf_bytes(partner, start, end), content_type="application/pdf")
    name = lib_exports.export_filename(_base(partner, start, end), "pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
