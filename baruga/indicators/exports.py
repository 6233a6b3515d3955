"""The matrix as XLSX (through `lib.exports`: formula injection neutralised) and as a PDF (`lib.pdf`)."""

import io

from django.utils.translation import gettext as _

from baruga.lib import exports as lib_exports
from baruga.lib import pdf as lib_pdf


def _number(value):
    return None if value is None else float(value)


def cell_text(cell):
    if not cell.available:
        return _("belum tersedia")
    if cell.number is None:
        return "—"
    text = f"{cell.number.normalize():f}"
    if cell.target is not None:
        text += f" / {cell.target.normalize():f}"
    return text


def xlsx_response(matrix):
    columns = [("jurisdiction", _("Wilayah"))]
    for i in matrix.indicators:
        columns += [(f"{i.code}:value", f"{i.name} ({i.get_unit_display()})"), (f"{i.code}:target", _("Target")),
                    (f"{i.code}:light", _("Status"))]
    rows = []
    for row in matrix.rows:
        data = {"jurisdiction": row.jurisdiction.name}
        for cell in row.cells:
            code = cell.indicator.code
            data[f"{code}:value"] = _number(cell.number) if cell.available else _("belum tersedia")
            data[f"{code}:target"] = _number(cell.target)
            data[f"{code}:light"] = cell.light_label if cell.available else ""
        rows.append(data)
    average = {"jurisdiction": _("Rata-rata kabupaten/kota")}
    for i, value in zip(matrix.indicators, matrix.averages):
        average[f"{i.code}:value"] = _number(value)
    rows.append(average)
    return lib_exports.export_response(f"kinerja-{matrix.year}", columns, rows, "xlsx")


def pdf_bytes(matrix):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=6.5, leading=8)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=8 * mm, rightMargin=8 * mm,
                            topMargin=10 * mm, bottomMargin=10 * mm,
                            title=_("Matriks kinerja program %(year)d") % {"year": matrix.year})
    story = [Paragraph(lib_pdf.escape(_("Matriks kinerja program %(year)d · %(province)s")
                                      % {"year": matrix.year, "province": matrix.province.name}), styles["Title"]),
             Paragraph(lib_pdf.escape(_("Setiap sel: nilai terakhir / target. Status: sesuai target, mendekati "
                                        "target (dalam 10%), tertinggal.")), small), Spacer(1, 4 * mm)]
    per_page = 8  # indicator columns that fit one landscape page
    for first in range(0, len(matrix.indicators), per_page):
        indicators = matrix.indicators[first:first + per_page]
        headers = [_("Wilayah"), *[f"{i.name} ({i.get_unit_display()})" for i in indicators]]
        rows = [[row.jurisdiction.name, *[f"{cell_text(c)} {c.light_label if c.light else ''}".strip()
                                          for c in row.cells[first:first + per_page]]] for row in matrix.rows]
        rows.append([_("Rata-rata kabupaten/kota"),
                     *[("—" if v is None else f"{v.normalize():f}") for v in matrix.averages[first:first + per_page]]])
        width = (doc.width - 40 * mm) / len(indicators)
        story += [lib_pdf.table(headers, rows, style=small, widths=[40 * mm] + [width] * len(indicators)),
                  Spacer(1, 5 * mm)]
    doc.build(story)
    return out.getvalue()
