"""The annual public report as table rows, a spreadsheet (openpyxl) and a PDF (reportlab).

All three render the same rows (`summary_rows`, `ground_rows`, `objection_rows`), so the page, the
spreadsheet and the PDF can never disagree.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.lib import pdf as lib_pdf
from baruga.ppid.models import DisputeOutcome, ExemptionGround, ObjectionGround, Outcome

t = gettext_lazy
SUMMARY_HEADERS = [
    t("PPID"), t("Jenis"), t("Diterima"), t("Diputuskan"), t("Belum diputuskan"), t("Diperpanjang"),
    t("Tepat waktu"), t("Rata-rata waktu (hari kerja)"), t("Waktu terlama (hari kerja)"),
    t("Dikabulkan"), t("Dikabulkan sebagian"), t("Ditolak"), t("Tidak dikuasai"), t("Belum didokumentasikan"),
    t("Keberatan"), t("Sengketa"), t("Indikator (dilayani ÷ diterima)"),
]
INDICATOR_COLUMN = len(SUMMARY_HEADERS) - 1


def _row(figures, kind):
    o = figures.outcomes
    return [figures.label, kind, figures.received, figures.decided, figures.pending, figures.extended,
            figures.on_time, figures.average_days, figures.max_days, o[Outcome.GRANTED], o[Outcome.PARTLY_GRANTED],
            o[Outcome.REFUSED], o[Outcome.NOT_HELD], o[Outcome.NOT_DOCUMENTED], figures.objections, figures.disputes,
            figures.indicator]


def summary_rows(report):
    rows = []
    for _jurisdiction, figures, agencies in report.jurisdictions:
        rows.append(_row(figures, str(_("PPID"))))
        rows += [_row(agency_figures, str(_("PPID pembantu"))) for _agency, agency_figures in agencies]
    if report.is_province_wide:
        rows.append(_row(report.total, str(_("Seluruh wilayah"))))
    return rows


def ground_rows(report):
    """Refusals and partial grants per Pasal 17 ground, per jurisdiction."""
    return [[figures.label, str(ExemptionGround(ground).label), figures.refusal_grounds[ground]]
            for _j, figures, _a in report.jurisdictions for ground in ExemptionGround
            if figures.refusal_grounds[ground]]


def objection_rows(report):
    rows = []
    for _j, figures, _a in report.jurisdictions:
        for ground in ObjectionGround:
            if figures.objection_grounds[ground]:
                rows.append([figures.label, str(_("Keberatan")), str(ObjectionGround(ground).label),
                             figures.objection_grounds[ground]])
        for label, count in ((_("Keberatan diterima"), figures.objections_upheld),
                             (_("Keberatan ditolak"), figures.objections_rejected),
                             (_("Keberatan belum ditanggapi"), figures.objections_pending)):
            if count:
                rows.append([figures.label, str(_("Tanggapan atasan PPID")), str(label), count])
        for outcome in DisputeOutcome:
            if figures.dispute_outcomes[outcome]:
                rows.append([figures.label, str(_("Sengketa di Komisi Informasi")), str(DisputeOutcome(outcome).label),
                             figures.dispute_outcomes[outcome]])
    return rows


def percent(value):
    return "—" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def display_row(row):
    cells = ["—" if cell is None else cell for cell in row]
    cells[INDICATOR_COLUMN] = percent(row[INDICATOR_COLUMN])
    return [str(cell).replace(".", ",") if isinstance(cell, float) else str(cell) for cell in cells]


def _title(report):
    return _("Laporan Layanan Informasi Publik Tahun %(year)s") % {"year": report.year}


def _subtitle(report):
    return _("Disusun %(date)s; wajib diumumkan paling lambat %(due)s (UU 14/2008, PerKI 1/2021).") % {
        "date": timezone.localdate().strftime("%d-%m-%Y"), "due": report.due_on.strftime("%d-%m-%Y")}


# --- spreadsheet -----------------------------------------------------------------------------------

def xlsx(report):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Ringkasan"))
    sheet.append([_title(report)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_subtitle(report)])
    sheet.append([])
    sheet.append([str(h) for h in SUMMARY_HEADERS])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in summary_rows(report):
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=INDICATOR_COLUMN + 1).number_format = "0.0%"
    sheet.column_dimensions["A"].width = 42
    for index in range(2, len(SUMMARY_HEADERS) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    _sheet(book, _("Alasan penolakan"), [_("PPID"), _("Alasan pengecualian (Pasal 17)"), _("Jumlah")],
           ground_rows(report))
    _sheet(book, _("Keberatan dan sengketa"), [_("PPID"), _("Bagian"), _("Uraian"), _("Jumlah")],
           objection_rows(report))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book, title, headers, rows):
    from openpyxl.styles import Font

    sheet = book.create_sheet(str(title)[:31])
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 48
    sheet.column_dimensions["C"].width = 48


# --- PDF -------------------------------------------------------------------------------------------

def pdf(report):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=_title(report), author="Baruga")

    def table(headers, rows, widths=None):
        return lib_pdf.table(headers, rows, style=small, widths=widths)

    story = [Paragraph(_escape(_title(report)), styles["Title"]), Paragraph(_escape(_subtitle(report)),
                                                                               styles["BodyText"]), Spacer(1, 4 * mm)]
    widths = [60 * mm, 20 * mm] + [13 * mm] * (len(SUMMARY_HEADERS) - 3) + [19 * mm]
    story.append(table(SUMMARY_HEADERS, [display_row(row) for row in summary_rows(report)], widths))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(_escape(_("Indikator program: permohonan yang dilayani (mendapat keputusan tertulis "
                                     "PPID) dibagi permohonan yang diterima pada tahun tersebut.")), small))
    grounds = ground_rows(report)
    if grounds:
        story += [Spacer(1, 5 * mm), Paragraph(_escape(_("Alasan penolakan (Pasal 17)")), styles["Heading3"]),
                  table([_("PPID"), _("Alasan pengecualian"), _("Jumlah")], grounds, [90 * mm, 120 * mm, 20 * mm])]
    objections = objection_rows(report)
    if objections:
        story += [Spacer(1, 5 * mm), Paragraph(_escape(_("Keberatan dan sengketa")), styles["Heading3"]),
                  table([_("PPID"), _("Bagian"), _("Uraian"), _("Jumlah")], objections,
                        [70 * mm, 50 * mm, 110 * mm, 20 * mm])]
    doc.build(story)
    return out.getvalue()


def _escape(value):
    return lib_pdf.escape(value)
