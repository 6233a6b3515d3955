"""Tables for the PDFs Baruga builds with reportlab: the monthly performance report (`stats.pdf`) and
the PPID annual report (`ppid.exports`). One look for every table: a grey grid, a shaded header row
repeated on each page, cells as wrapping paragraphs aligned to the top.

reportlab is imported when a PDF is built, not when a page that can offer one is served.
"""

HEADER_BACKGROUND = "#e8eef4"
MISSING = "—"


def escape(value, *, blank=""):
    """`value` as the text of a reportlab Paragraph: its markup characters escaped; None shown as "—",
    an empty value as `blank`."""
    text = MISSING if value is None else (str(value) or blank)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table(headers, rows, *, style, widths=None, blank=""):
    """A `Table` of `headers` and `rows` (values of any kind, escaped), every cell a Paragraph in `style`."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(escape(cell, blank=blank), style) for cell in row] for row in [headers, *rows]]
    result = Table(data, colWidths=widths, repeatRows=1)
    result.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_BACKGROUND)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return result
