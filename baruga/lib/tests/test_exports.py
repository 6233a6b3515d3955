import csv
import datetime
import io
import zoneinfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from baruga.lib.exports import ExportFormatError, export_response, neutralise, parse_format

COLUMNS = [("id", "Nomor"), ("title", "Judul"), ("when", "Diterima"), ("count", "Jumlah")]


def _rows():
    yield {"id": "MKS-1", "title": "Jalan rusak", "when": datetime.datetime(2026, 3, 1, 2, 30,
                                                                          tzinfo=datetime.timezone.utc), "count": 3}
    yield {"id": "MKS-2", "title": "=HYPERLINK(\"http://x\")", "when": None, "count": -2}
    yield {"id": "MKS-3", "title": "+62 811", "count": 0}
    yield {"id": "MKS-4", "title": "@SUM(A1)", "when": datetime.date(2026, 3, 2)}
    yield {"id": "MKS-5", "title": "-1+1", "count": None}
    yield {"id": "MKS-6", "title": "\tTab", "count": 1}
    yield {"id": "MKS-7", "title": "\rCR", "count": 1}
    yield {"id": "MKS-8", "title": "Dinas Pekerjaan Umum – é ü", "count": 1}


def _csv(response):
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A", "'@A"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("a=b", "a=b"), ("", ""), ("Jalan", "Jalan"),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_streams_with_bom_header_and_neutralised_cells(settings):
    settings.TIME_ZONE = "Asia/Makassar"
    with timezone.override(zoneinfo.ZoneInfo("Asia/Makassar")):
        response = export_response("Laporan Masuk", COLUMNS, _rows(), "csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="laporan-masuk-{today}.csv"'
    assert "no-store" in response["Cache-Control"]
    rows = _csv(response)
    assert rows[0] == ["Nomor", "Judul", "Diterima", "Jumlah"]
    assert rows[1] == ["MKS-1", "Jalan rusak", "2026-03-01 10:30", "3"]  # UTC+8 (WITA)
    assert rows[2] == ["MKS-2", "'=HYPERLINK(\"http://x\")", "", "-2"]
    assert rows[3][1] == "'+62 811"
    assert rows[4][1:3] == ["'@SUM(A1)", "2026-03-02"]
    assert rows[5][1] == "'-1+1" and rows[5][3] == ""
    assert rows[6][1] == "'\tTab"
    assert rows[7][1] == "'\rCR"
    assert rows[8][1] == "Dinas Pekerjaan Umum – é ü"
    assert len(rows) == 9


def test_csv_rows_are_consumed_lazily():
    consumed = []

    def rows():
        for i in range(3):
            consumed.append(i)
            yield {"id": i}

    response = export_response("x", [("id", "ID")], rows(), "csv")
    assert consumed == []
    stream = iter(response.streaming_content)
    next(stream)  # header
    next(stream)
    assert consumed == [0]
    assert len(list(stream)) == 2


def test_xlsx_opens_with_openpyxl_and_keeps_types():
    response = export_response("laporan", COLUMNS, _rows(), "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="laporan-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("Nomor", "Judul", "Diterima", "Jumlah")
    assert rows[1][0] == "MKS-1" and rows[1][3] == 3
    assert isinstance(rows[1][2], datetime.datetime)
    assert rows[2][1] == "'=HYPERLINK(\"http://x\")"
    assert rows[2][3] == -2  # numbers stay numbers, never neutralised
    assert rows[3][1] == "'+62 811"
    assert rows[4][1] == "'@SUM(A1)"
    assert rows[5][1] == "'-1+1"
    assert rows[6][1] == "'\tTab"
    assert len(rows) == 9


def test_xlsx_of_many_rows_spills_to_disk(monkeypatch):
    from baruga.lib import exports

    monkeypatch.setattr(exports, "SPOOL_MAX_BYTES", 1024)
    rows = ({"id": i, "title": f"Laporan {i}"} for i in range(5000))
    response = export_response("besar", COLUMNS, rows, "xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert sum(1 for _ in book.active.iter_rows()) == 5001


def test_empty_export_still_has_the_header():
    response = export_response("kosong", COLUMNS, [], "csv")
    assert _csv(response) == [["Nomor", "Judul", "Diterima", "Jumlah"]]


@pytest.mark.parametrize("fmt", ["pdf", "", None, "CSV ", "xls"])
def test_unknown_format_is_refused(fmt):
    if fmt is None or fmt.strip().lower() not in ("csv", "xlsx"):
        with pytest.raises(ExportFormatError) as error:
            parse_format(fmt)
        assert "CSV atau XLSX" in str(error.value)
    else:
        assert parse_format(fmt) == "csv"
    with pytest.raises(ExportFormatError):
        export_response("x", COLUMNS, [], fmt)


def test_parse_format_normalises():
    assert parse_format(" XLSX ") == "xlsx"
    assert parse_format("csv") == "csv"
