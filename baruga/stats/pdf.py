"""The monthly performance report (PDF, reportlab), from the same figures as the dashboard."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.lib import pdf
from baruga.stats.charts import _fmt


def _escape(value):
    return pdf.escape(value, blank=pdf.MISSING)


def pct(value):
    return "—" if value is None else f"{_fmt(float(value))}%"


def monthly_report(figures):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    scope, filters = figures["scope"], figures["filters"]
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    title = _("Laporan kinerja bulanan %(month)s") % {"month": filters.since.strftime("%m/%Y")}
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm,
                            bottomMargin=14 * mm, title=title, author="Baruga")

    def table(headers, rows, widths=None):
        return pdf.table(headers, rows, style=small, widths=widths, blank=pdf.MISSING)

    def heading(text):
        return [Spacer(1, 4 * mm), Paragraph(_escape(text), styles["Heading3"])]

    satisfaction = figures["satisfaction"]
    story = [
        Paragraph(_escape(title), styles["Title"]),
        Paragraph(_escape(scope.title), styles["Heading2"]),
        Paragraph(_escape(_("Dibuat %(when)s oleh Baruga. Angka menurut bulan laporan diterima.")
                          % {"when": timezone.localtime().strftime("%d-%m-%Y %H:%M")}), small),
        *heading(_("Ringkasan")),
        table([_("Ukuran"), _("Nilai")], [
            [_("Laporan diterima"), _fmt(figures["total"])],
            [_("Tindak lanjut OPD tepat waktu"), pct(figures["share_on_time"])],
            [_("Rata-rata kepuasan (1–5)"), _fmt(satisfaction["average"])],
            [_("Jumlah penilaian"), _fmt(satisfaction["count"])],
        ], [90 * mm, 60 * mm]),
        *heading(_("Status laporan")),
        table([_("Status"), _("Jumlah")], [[r["label"], _fmt(r["value"])] for r in figures["by_state"]],
              [110 * mm, 40 * mm]),
        *heading(_("Tahap dan ketepatan waktu")),
        table([_("Tahap"), _("Selesai"), _("Tepat waktu"), _("Terlambat"), _("Tepat waktu (%)"),
               _("Median hari kerja")],
              [[s["label"], _fmt(s["done"]), _fmt(s["on_time"]), _fmt(s["late"]), pct(s["share_on_time"]),
                _fmt(s["median_days"])] for s in figures["stages"]]),
        *heading(_("Kategori")),
        table([_("Kategori"), _("Jumlah")], [[r["label"], _fmt(r["value"])] for r in figures["by_category"]]
              or [[_("Tidak ada laporan"), "0"]], [110 * mm, 40 * mm]),
        *heading(_("Kanal")),
        table([_("Kanal"), _("Jumlah")], [[r["label"], _fmt(r["value"])] for r in figures["by_channel"]],
              [110 * mm, 40 * mm]),
        *heading(_("Kepuasan pelapor")),
        table([_("Nilai"), _("Jumlah")], [[str(r["key"]), _fmt(r["value"])] for r in satisfaction["distribution"]],
              [110 * mm, 40 * mm]),
    ]
    for key, label in (("agency_ranking", _("Peringkat OPD")), ("region_ranking", _("Peringkat kabupaten/kota"))):
        if figures.get(key):
            story += heading(label)
            story.append(table(
                ["#", _("Unit"), _("Laporan"), _("Tepat waktu (%)"), _("Kepuasan")],
                [[str(r["rank"]), r["label"], _fmt(r["volume"]), pct(r["share_on_time"]), _fmt(r["satisfaction"])]
                 for r in figures[key]], [10 * mm, 80 * mm, 25 * mm, 30 * mm, 25 * mm]))
    story += heading(_("Laporan terbuka paling lama"))
    oldest = figures.get("oldest") or []
    story.append(table(
        [_("Nomor"), _("Judul"), _("Status"), _("Diterima"), _("Umur (hari)")],
        [[r["tracking_id"], r["title"], r["state_label"], timezone.localtime(r["created_at"]).strftime("%d-%m-%Y"),
          str(r["age_days"])] for r in oldest] or [[_("Tidak ada laporan terbuka"), "", "", "", ""]],
        [30 * mm, 70 * mm, 40 * mm, 22 * mm, 20 * mm]))
    doc.build(story)
    return out.getvalue()
