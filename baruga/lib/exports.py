"""Downloads of tables as CSV or XLSX: one entry point, `export_response`.

    export_response("laporan-masuk", [("tracking_id", _("Nomor")), ...], rows, "xlsx")

- `columns` is a list of ``(key, label)``; `rows` any iterable of dicts (a generator over
  ``queryset.iterator()`` keeps memory flat); a missing key is an empty cell.
- CSV is UTF-8 with a byte-order mark (so Excel reads the accents) and is streamed row by row
  (`StreamingHttpResponse`); XLSX is written by openpyxl in write-only mode into a
  `SpooledTemporaryFile` (memory up to `SPOOL_MAX_BYTES`, then disk) and sent with `FileResponse`.
- Spreadsheet formula injection is neutralised: a text cell starting with ``= + - @``, a tab or a
  carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of running it.
- The file name carries the date (``<base>-YYYY-MM-DD.csv``); the response is an attachment and is
  never cached.

A format other than "csv"/"xlsx" raises `ExportFormatError` (a ValueError) with an Indonesian
message; views turn it into a 400 (see `parse_format`).
"""

import csv
import datetime
import decimal
import tempfile
from enum import Enum

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SPOOL_MAX_BYTES = 8 * 1024 * 1024
BOM = "\ufeff"


class ExportFormatError(ValueError):
    """The requested format is not one of FORMATS; `str(error)` is the message for the user."""


def format_error_message():
    return _("Format unduhan tidak dikenal; pilih CSV atau XLSX.")


def parse_format(value):
    """The normalised format for a request parameter, or ExportFormatError."""
    fmt = (value or "").strip().lower()
    if fmt not in FORMATS:
        raise ExportFormatError(format_error_message())
    return fmt


def neutralise(text):
    """A string a spreadsheet will not read as a formula."""
    if text and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def export_filename(filename_base, fmt):
    base = slugify(filename_base) or "ekspor"
    return f"{base}-{timezone.localdate().isoformat()}.{fmt}"


def _cell(value, tz, *, for_xlsx):
    """One value as the writer wants it: text neutralised, times local, numbers kept for XLSX."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, tz).replace(tzinfo=None)
        value = value.replace(microsecond=0)
        return value if for_xlsx else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value if for_xlsx else value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal)):
        return value if for_xlsx else str(value)
    if isinstance(value, Enum):
        value = getattr(value, "label", value.value)
    return neutralise(str(value))


def _values(columns, row, tz, *, for_xlsx):
    return [_cell(row.get(key), tz, for_xlsx=for_xlsx) for key, _label in columns]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def _csv_stream(columns, rows, labels, language, tz):
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(labels)
    # The generator runs after the view returned: keep the request's language for cell values.
    with translation.override(language):
        for row in rows:
            yield writer.writerow(_values(columns, row, tz, for_xlsx=False))


def _xlsx_file(columns, rows, labels, tz):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="Data")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for value in _values(columns, row, tz, for_xlsx=True):
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime.datetime) else "yyyy-mm-dd"
                value = cell
            cells.append(value)
        sheet.append(cells)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)
    book.save(spool)
    spool.seek(0)
    return spool


def export_response(filename_base, columns, rows, fmt):
    """An attachment response with `rows` (dicts) under `columns` ((key, label) pairs) as CSV or XLSX."""
    if fmt not in FORMATS:
        raise ExportFormatError(format_error_message())
    columns = list(columns)
    labels = [neutralise(str(label)) for _key, label in columns]
    tz = timezone.get_current_timezone()
    filename = export_filename(filename_base, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_stream(columns, rows, labels, translation.get_language(), tz), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = FileResponse(_xlsx_file(columns, rows, labels, tz), as_attachment=True, filename=filename,
                                content_type=CONTENT_TYPES["xlsx"])
    response["Cache-Control"] = "private, no-store"
    return response
