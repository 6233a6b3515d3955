"""An assessment as a spreadsheet (`lib.exports`) and a PDF (reportlab, `lib.pdf`): the same rows."""

import io

from django.utils.translation import gettext as _

from baruga.lib import pdf as lib_pdf
from baruga.lib.exports import export_response
from baruga.spbe import selectors


def fmt_index(value):
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def _columns():
    return [("number", _("No.")), ("domain", _("Domain")), ("aspect", _("Aspek")), ("indicator", _("Indikator")),
            ("weight", _("Bobot (%)")), ("level", _("Tingkat")), ("level_name", _("Nama tingkat")),
            ("weighted", _("Bobot × tingkat")), ("justification", _("Penjelasan")), ("evidence", _("Data dukung")),
            ("review", _("Reviu")), ("review_note", _("Catatan evaluator"))]


def indicator_rows(assessment):
    out = []
    for row in selectors.rows(assessment):
        indicator, answer = row["indicator"], row["answer"]
        out.append({
            "number": indicator.number, "domain": row["domain"].name, "aspect": row["aspect"].name,
            "indicator": indicator.name, "weight": indicator.weight, "level": answer.level,
            "level_name": row["level_name"],
            "weighted": indicator.weight * answer.level if answer.level else None,
            "justification": answer.justification,
            "evidence": ", ".join(e.original_name for e in answer.evidence.all()),
            "review": str(answer.get_review_display()), "review_note": answer.review_note,
        })
    return out


def filename_base(assessment):
    return f"evaluasi-spbe-{assessment.jurisdiction.code}-{assessment.year}"


def xlsx_response(assessment):
    return export_response(filename_base(assessment), _columns(), indicator_rows(assessment), "xlsx")


def title(assessment):
    return _("Evaluasi Mandiri SPBE %(place)s Tahun %(year)d") % {"place": assessment.jurisdiction.name,
                                                                 "year": assessment.year}


def pdf(assessment):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title(assessment), author="Baruga")
    summary = selectors.summary(assessment)
    overall = summary["overall"]
    instrument = assessment.instrument
    status = assessment.get_state_display()
    heading = _("Indeks %(index)s · predikat %(predikat)s · status %(state)s") % {
        "index": fmt_index(overall.index), "predikat": overall.predikat or "—", "state": status}
    if not assessment.is_final:
        heading += " · " + _("sementara (belum final)")
    story = [Paragraph(lib_pdf.escape(title(assessment)), styles["Title"]),
             Paragraph(lib_pdf.escape(heading), styles["Heading3"]),
             Paragraph(lib_pdf.escape(_("Instrumen: %(source)s") % {"source": instrument.source}), small),
             Spacer(1, 4 * mm)]
    domain_rows = []
    for row, aspects in summary["domains"]:
        domain_rows.append([row.name, f"{row.weight}", fmt_index(row.index), row.predikat or "—"])
        domain_rows += [["    " + a.name, f"{a.weight}", fmt_index(a.index), a.predikat or "—"] for a in aspects]
    domain_rows.append([_("Indeks SPBE"), "100", fmt_index(overall.index), overall.predikat or "—"])
    story.append(lib_pdf.table([_("Domain / aspek"), _("Bobot (%)"), _("Indeks"), _("Predikat")], domain_rows,
                               style=small, widths=[150 * mm, 25 * mm, 25 * mm, 40 * mm]))
    story += [Spacer(1, 5 * mm), Paragraph(lib_pdf.escape(_("Rincian indikator")), styles["Heading3"])]
    rows = [[r["number"], r["indicator"], r["weight"], r["level"], r["level_name"], r["justification"],
             r["evidence"], r["review"], r["review_note"]] for r in indicator_rows(assessment)]
    story.append(lib_pdf.table(
        [_("No."), _("Indikator"), _("Bobot (%)"), _("Tingkat"), _("Nama tingkat"), _("Penjelasan"),
         _("Data dukung"), _("Reviu"), _("Catatan evaluator")], rows, style=small,
        widths=[9 * mm, 55 * mm, 13 * mm, 12 * mm, 22 * mm, 75 * mm, 35 * mm, 18 * mm, 38 * mm]))
    doc.build(story)
    return out.getvalue()
