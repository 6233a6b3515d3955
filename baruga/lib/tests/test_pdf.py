"""The PDF table helper: every value shown safely, the header on every page."""

import io

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import SimpleDocTemplate

from baruga.lib import pdf

STYLE = getSampleStyleSheet()["BodyText"]


def _texts(table):
    return [[cell.text for cell in row] for row in table._cellvalues]


def test_markup_in_a_value_is_shown_as_text_and_missing_values_as_a_dash():
    table = pdf.table(["Nama", "Nilai"], [["Jalan <rusak> & banjir", None], ["", 4]], style=STYLE)
    assert _texts(table) == [["Nama", "Nilai"], ["Jalan &lt;rusak&gt; &amp; banjir", "—"], ["", "4"]]
    dashed = pdf.table(["Kategori", "Jumlah"], [["", 0]], style=STYLE, blank=pdf.MISSING)
    assert _texts(dashed) == [["Kategori", "Jumlah"], ["—", "0"]]


def test_a_long_table_repeats_its_header_on_every_page():
    rows = [[f"BRG-{n:04d}", "Lubang di Jl. Perintis Kemerdekaan <km 10>"] for n in range(300)]
    table = pdf.table(["Nomor", "Judul"], rows, style=STYLE, widths=[40, 300])
    out = io.BytesIO()
    SimpleDocTemplate(out).build([table])

    assert table.repeatRows == 1
    assert out.getvalue().startswith(b"%PDF") and out.getvalue().count(b"/Type /Page\n") > 3
