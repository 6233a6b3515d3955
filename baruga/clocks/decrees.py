"""Reading a year's SKB (national holidays and cuti bersama) from a CSV file.

One row per day: `date,name,kind`, with `kind` either "libur nasional" or "cuti bersama" (the
Indonesian headers `tanggal,nama,jenis` work too; a semicolon instead of the comma, as spreadsheets
in the Indonesian locale write it, too). Every row is checked and every problem reported with its
line number; a file with any bad row loads nothing (`services.load_holiday_decree` takes only a
list that passed).
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from baruga.clocks.models import CalendarDay

MAX_BYTES = 64 * 1024
MAX_ROWS = 60  # an SKB lists about 25 days
NAME_LENGTH = CalendarDay._meta.get_field("name").max_length
KINDS = {"libur nasional": CalendarDay.Kind.HOLIDAY, "cuti bersama": CalendarDay.Kind.COLLECTIVE_LEAVE}
HEADERS = {
    "date": "date", "tanggal": "date",
    "name": "name", "nama": "name", "keterangan": "name",
    "kind": "kind", "jenis": "kind",
}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


@dataclass(frozen=True)
class DecreeDay:
    date: dt.date
    name: str
    kind: str


def read_decree_csv(data, *, year):
    """`(days, errors)` from the bytes of a CSV file; `days` is empty whenever `errors` is not."""
    if len(data) > MAX_BYTES:
        return [], [_("Berkas terlalu besar (paling besar %(kb)d KB); satu SKB cukup beberapa baris.")
                    % {"kb": MAX_BYTES // 1024}]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_("Berkas bukan teks UTF-8. Simpan ulang sebagai CSV UTF-8.")]
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        return [], [_("Berkas kosong.")]
    header_line = next(line for line in lines if line.strip())
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns, errors = _columns(next(reader))
    if errors:
        return [], errors
    days, seen = [], {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(days) + len(errors) >= MAX_ROWS:
            return [], [_("Terlalu banyak baris (paling banyak %(n)d).") % {"n": MAX_ROWS}]
        day, problems = _row(row, columns, year)
        if day is not None and day.date in seen:
            problems.append(_("tanggal %(date)s sudah ada di baris %(line)d") % {
                "date": f"{day.date:%d-%m-%Y}", "line": seen[day.date]})
        if problems:
            errors.append(_("Baris %(line)d: %(problems)s.") % {"line": line, "problems": "; ".join(problems)})
        else:
            seen[day.date] = line
            days.append(day)
    if not days and not errors:
        errors.append(_("Berkas tidak berisi satu hari pun di bawah baris judul."))
    return ([] if errors else days), errors


def _columns(header):
    names = [HEADERS.get(cell.strip().lower()) for cell in header]
    missing = [column for column in ("date", "name", "kind") if column not in names]
    if missing:
        return {}, [_("Baris 1 harus berisi judul kolom date, name, kind (atau tanggal, nama, jenis); "
                      "tidak ditemukan: %(missing)s.") % {"missing": ", ".join(missing)}]
    return {column: names.index(column) for column in ("date", "name", "kind")}, []


def _cell(row, index):
    return row[index].strip() if index < len(row) else ""


def _row(row, columns, year):
    problems = []
    raw_date, name, raw_kind = (_cell(row, columns[c]) for c in ("date", "name", "kind"))
    date = _date(raw_date)
    if date is None:
        problems.append(_("tanggal “%(value)s” tidak dikenali (tulis 2027-03-10 atau 10-03-2027)")
                        % {"value": raw_date[:20]})
    elif date.year != year:
        problems.append(_("tanggal %(date)s bukan di tahun %(year)d") % {"date": f"{date:%d-%m-%Y}", "year": year})
    if not name:
        problems.append(_("nama hari libur kosong"))
    elif len(name) > NAME_LENGTH:
        problems.append(_("nama lebih dari %(n)d karakter") % {"n": NAME_LENGTH})
    kind = KINDS.get(" ".join(raw_kind.lower().split()))
    if kind is None:
        problems.append(_("jenis “%(value)s” tidak dikenal (isi “libur nasional” atau “cuti bersama”)")
                        % {"value": raw_kind[:30]})
    if problems:
        return None, problems
    return DecreeDay(date, name, kind), []


def _date(value):
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None
