"""The datastore: tabular files (CSV, XLSX) read into typed rows, and the queries over them.

Reading is forgiving and says what it did (`Parsed.warnings`, Indonesian): the encoding is found
(UTF-8, UTF-16 with a BOM, else Windows-1252), the delimiter sniffed (`,` `;` tab `|`), ragged rows
padded (or the header widened), numbers read in the Indonesian way ("1.234,5") or the English one
("1,234.5") per column, dates (YYYY-MM-DD, DD/MM/YYYY) kept as ISO dates. An XLSX reads its first
sheet unless another is named. What cannot be read is a `LoadError` with a message: the resource
keeps its file as a plain download either way (`load` records the outcome on the resource).

Storage is a real table per loaded resource with typed, indexed columns (see "storage" below), on
SQLite and PostgreSQL alike. `search()` answers CKAN's datastore_search (limit, offset, q, filters,
fields, sort, total) through the ORM over that table.

Limits (settings, with defaults): SATUDATA_DATASTORE_MAX_BYTES (50 MB), SATUDATA_DATASTORE_MAX_ROWS
(1,000,000), SATUDATA_DATASTORE_MAX_COLUMNS (200).
"""

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.apps.registry import Apps
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.lib import textnorm, textsearch
from baruga.lib.exports import neutralise
from baruga.satudata.models import ColumnType, DatastoreTable, Resource

TABULAR_FORMATS = ("CSV", "XLSX", "TSV")
INSERT_BATCH = 2000
MAX_LIMIT = 32000
DEFAULT_LIMIT = 100


def max_bytes():
    return getattr(settings, "SATUDATA_DATASTORE_MAX_BYTES", 50 * 1024 * 1024)


def max_rows():
    return getattr(settings, "SATUDATA_DATASTORE_MAX_ROWS", 1_000_000)


def max_columns():
    return getattr(settings, "SATUDATA_DATASTORE_MAX_COLUMNS", 200)


class LoadError(Exception):
    """A file that cannot be loaded; `str(error)` is the Indonesian message."""


class QueryError(Exception):
    """A datastore query that cannot be answered; `field` names the parameter at fault."""

    def __init__(self, message, field=""):
        super().__init__(message)
        self.field = field


@dataclass
class Parsed:
    fields: list  # [{"id", "type", "label"}]
    rows: list  # lists of typed values (None for empty)
    warnings: list = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    sheets: list = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------------

def decode(raw):
    """(text, encoding, warnings) for the bytes of a text file."""
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return raw.decode("utf-16"), "utf-16", []
    try:
        return raw.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
        encoding = "windows-1252"
    except UnicodeDecodeError:
        text, encoding = raw.decode("latin-1"), "latin-1"
    return text, encoding, [_("Berkas bukan UTF-8; dibaca sebagai %(encoding)s. Periksa huruf beraksen.")
                            % {"encoding": encoding}]


def sniff_delimiter(sample):
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        lines = [line for line in sample.splitlines()[:20] if line.strip()]
        counts = {d: sum(line.count(d) for line in lines) for d in ",;\t|"}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def read_csv(raw):
    text, encoding, warnings = decode(raw)
    if "\x00" in text:
        raise LoadError(_("Berkas ini bukan teks CSV (berisi data biner)."))
    delimiter = sniff_delimiter(text[:65536])
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as e:
        raise LoadError(_("CSV tidak dapat dibaca: %(error)s.") % {"error": e}) from e
    return rows, warnings, encoding, delimiter


def read_xlsx(raw, sheet=None):
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as e:
        raise LoadError(_("Berkas XLSX rusak atau bukan XLSX.")) from e
    try:
        names = workbook.sheetnames
        if not names:
            raise LoadError(_("Berkas XLSX tidak berisi lembar kerja."))
        warnings = []
        if sheet:
            if sheet not in names:
                raise LoadError(_("Lembar “%(sheet)s” tidak ada; lembar yang ada: %(names)s.")
                                % {"sheet": sheet, "names": ", ".join(names)})
            chosen = sheet
        else:
            chosen = names[0]
            if len(names) > 1:
                warnings.append(_("Berkas berisi %(n)d lembar; yang dimuat lembar pertama “%(sheet)s”. "
                                  "Lembar lain dapat dipilih saat mengunggah.") % {"n": len(names), "sheet": chosen})
        rows = []
        limit = max_rows() + 1
        for row in workbook[chosen].iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > limit:
                break
        return rows, warnings, chosen, names
    finally:
        workbook.close()


# --- typing ----------------------------------------------------------------------------------------

ID_NUMBER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+,\d+$")  # 1.234 / 1.234,5 / 12,5
EN_NUMBER = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$|^[+-]?\d+\.\d+$")  # 1,234 / 1,234.5 / 12.5
PLAIN_INT = re.compile(r"^[+-]?\d+$")
AMBIGUOUS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")  # 1.234: thousands (ID) or a decimal (EN)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")
TEXT_HEADERS = re.compile(r"^(kode|code|id|nik|nip|no_?hp|telepon|kd)(_|$)")


def column_id(label, index, taken):
    folded = unicodedata.normalize("NFKD", str(label or "")).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:60]
    if not base or base[0].isdigit():
        base = f"kolom_{index + 1}" if not base else f"k_{base}"
    if base.startswith("_"):
        base = "k" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _to_number(text, style):
    s = text.replace(" ", "").replace("\u00a0", "")
    if style == "id":
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", "")
    value = float(s)
    return int(value) if value.is_integer() and "." not in s else value


def _to_date(text):
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def infer_column(values, header_id, default_style):
    """(type, style, warning) for a column's texts: int, numeric (with its style), date or text."""
    present = [v for v in values if v != ""]
    if not present or TEXT_HEADERS.match(header_id):
        return ColumnType.TEXT, None, None
    if any(len(v) > 1 and v[0] == "0" and v[1].isdigit() for v in present):
        return ColumnType.TEXT, None, None  # leading zeros: a code, not a number
    if all(PLAIN_INT.match(v) for v in present):
        if any(abs(int(v)) >= BIGINT for v in present):
            return ColumnType.TEXT, None, None  # longer than a whole-number column holds: an identifier
        return ColumnType.INT, "plain", None
    id_ok = all(PLAIN_INT.match(v) or ID_NUMBER.match(v) for v in present)
    en_ok = all(PLAIN_INT.match(v) or EN_NUMBER.match(v) for v in present)
    warning = None
    if id_ok and en_ok:
        style = default_style
        warning = "ambiguous"
    elif id_ok:
        style = "id"
    elif en_ok:
        style = "en"
    else:
        if all(_to_date(v) for v in present):
            return ColumnType.DATE, None, None
        return ColumnType.TEXT, None, None
    numbers = [_to_number(v, style) for v in present]
    if any(isinstance(n, int) and abs(n) >= BIGINT for n in numbers):
        return ColumnType.TEXT, None, None  # longer than any whole-number column holds: an identifier
    kind = ColumnType.INT if all(isinstance(n, int) for n in numbers) else ColumnType.NUMERIC
    return kind, style, warning


def parse(raw, fmt, *, sheet=None):
    """Parsed rows of a CSV/TSV/XLSX file's bytes; LoadError when it cannot be read at all."""
    fmt = (fmt or "").upper()
    sheets, encoding, delimiter, chosen = [], "", "", ""
    if fmt == "XLSX":
        rows, warnings, chosen, sheets = read_xlsx(raw, sheet)
        rows = [[_cell_text(c) for c in row] for row in rows]
    elif fmt in ("CSV", "TSV"):
        rows, warnings, encoding, delimiter = read_csv(raw)
        rows = [[c.strip() for c in row] for row in rows]
    else:
        raise LoadError(_("Format %(format)s tidak dimuat ke datastore.") % {"format": fmt or "?"})
    rows = [row for row in rows if any(c != "" for c in row)]
    if not rows:
        raise LoadError(_("Berkas kosong: tidak ada baris data."))
    header, body = rows[0], rows[1:]
    if len(body) > max_rows():
        raise LoadError(_("Berkas berisi lebih dari %(n)s baris; batas datastore %(n)s baris. "
                          "Berkas tetap tersedia untuk diunduh.") % {"n": f"{max_rows():,}".replace(",", ".")})
    width = max(len(header), *(len(r) for r in body)) if body else len(header)
    if width > max_columns():
        raise LoadError(_("Berkas berisi %(n)d kolom; batas datastore %(max)d kolom.")
                        % {"n": width, "max": max_columns()})
    short = sum(1 for r in body if len(r) < width)
    if width > len(header):
        warnings.append(_("Sebagian baris lebih panjang dari judul kolom; %(n)d kolom tanpa judul ditambahkan.")
                        % {"n": width - len(header)})
        header = header + [""] * (width - len(header))
    if short:
        warnings.append(_("%(n)d baris lebih pendek dari judul kolom; sel yang hilang dibiarkan kosong.")
                        % {"n": short})
    body = [r + [""] * (width - len(r)) for r in body]
    taken = set()
    ids = [column_id(label, i, taken) for i, label in enumerate(header)]
    # The file's number style: what its unambiguous columns say, else Indonesian (1.234 = 1234).
    votes = {"id": 0, "en": 0}
    for i in range(width):
        for v in (r[i] for r in body[:1000]):
            if v and not AMBIGUOUS.match(v):
                if ID_NUMBER.match(v):
                    votes["id"] += 1
                elif EN_NUMBER.match(v):
                    votes["en"] += 1
    default_style = "en" if votes["en"] > votes["id"] else "id"
    # A semicolon-separated file comes from a spreadsheet in a comma-decimal locale (Indonesian Excel):
    # that settles 1.234 as well, without a warning. So do unambiguous numbers elsewhere in the file.
    settled = delimiter == ";" or votes["en"] != votes["id"]
    fields, converters = [], []
    for i, (cid, label) in enumerate(zip(ids, header, strict=True)):
        kind, style, note = infer_column([r[i] for r in body], cid, default_style)
        if note == "ambiguous" and not settled:
            warnings.append(_("Kolom “%(col)s”: angka seperti 1.234 dibaca sebagai %(reading)s.")
                            % {"col": label or cid,
                               "reading": _("ribuan (1234)") if style == "id" else _("desimal (1,234)")})
        fields.append({"id": cid, "type": str(kind), "label": str(label or "")})
        converters.append((kind, style))
    typed = []
    for r in body:
        out = []
        for v, (kind, style) in zip(r, converters, strict=True):
            if v == "":
                out.append(None)
            elif kind in (ColumnType.INT, ColumnType.NUMERIC):
                out.append(_to_number(v, style))
            elif kind == ColumnType.DATE:
                out.append(_to_date(v))
            else:
                out.append(v)
        typed.append(out)
    formulas = sum(1 for r in typed for v in r if isinstance(v, str) and v.startswith(("=", "+", "@")))
    if formulas:
        warnings.append(_("%(n)d sel diawali tanda rumus (=, +, @); di pratinjau dan unduhan olahan sel itu "
                          "ditampilkan sebagai teks.") % {"n": formulas})
    return Parsed(fields=fields, rows=typed, warnings=warnings, encoding=encoding, delimiter=delimiter,
                  sheet=chosen, sheets=sheets)


# --- loading ---------------------------------------------------------------------------------------

def is_tabular(fmt):
    return (fmt or "").upper() in TABULAR_FORMATS


def _row_text(values):
    return textnorm.normalise(" ".join(v for v in values if isinstance(v, str)))


# --- storage ---------------------------------------------------------------------------------------
#
# Every loaded table is a real database table of its own, as CKAN's datastore does: `sd_ds_<pk>` (the
# DatastoreTable's primary key) with `row_number` (CKAN's _id, the primary key), `search_text` (the
# row's normalised terms, for q) and one typed column per file column, `c1`…`cN` in file order
# (int → bigint, numeric → double precision, date → date, text → text). Identifiers are generated
# from numbers, never from the file, and quoted with the backend's quote_name. Each column has a
# btree index (filters, sort, counts by index-only scans); on PostgreSQL `search_text` has the GIN
# index of `lib.textsearch` (same terms and matching as the portal search, so SQLite and PostgreSQL
# answer q alike). Queries go through a model class built for the table (`row_model`), so the ORM
# writes the SQL on both backends. Created, filled and indexed in the loading transaction; dropped
# with its DatastoreTable (post_delete), so a reload replaces it atomically.

TABLE_PREFIX = "sd_ds_"
SQL_TYPES = {ColumnType.INT: "bigint", ColumnType.NUMERIC: "double precision", ColumnType.DATE: "date",
             ColumnType.TEXT: "text"}
FIELD_CLASSES = {ColumnType.INT: models.BigIntegerField, ColumnType.NUMERIC: models.FloatField,
                 ColumnType.DATE: models.DateField, ColumnType.TEXT: models.TextField}
BIGINT = 2 ** 63
_models = {}


def table_name(pk):
    return f"{TABLE_PREFIX}{int(pk)}"


def column_names(fields):
    return [f"c{i + 1}" for i in range(len(fields))]


def row_model(pk, fields):
    """An unmanaged model over the table `sd_ds_<pk>` with `fields` (CKAN's column list), cached."""
    kinds = tuple(str(f["type"]) for f in fields)
    key = (int(pk), kinds)
    model = _models.get(key)
    if model is None:
        meta = type("Meta", (), {"apps": Apps(), "app_label": "satudata_datastore", "managed": False,
                                 "db_table": table_name(pk)})
        attrs = {"__module__": __name__, "Meta": meta, "row_number": models.IntegerField(primary_key=True),
                 "search_text": models.TextField(default="")}
        for name, kind in zip(column_names(fields), kinds, strict=True):
            attrs[name] = FIELD_CLASSES[kind](null=True)
        model = type(f"DatastoreRows{int(pk)}", (models.Model,), attrs)
        if len(_models) > 256:
            _models.clear()
        _models[key] = model
    return model


def _qn(name):
    return connection.ops.quote_name(name)


def create_storage(pk, fields, rows, progress=None):
    """Create, fill and index `sd_ds_<pk>` (call inside a transaction). `rows` is an iterable of value
    lists in file order (typed as `parse` returns them); returns the storage description kept on the
    DatastoreTable: {"table", "columns": {id: column}, "nulls": [ids of columns holding a null]}."""
    name, columns = table_name(pk), column_names(fields)
    schema = ", ".join([f"{_qn('row_number')} integer NOT NULL PRIMARY KEY",
                        f"{_qn('search_text')} text NOT NULL DEFAULT ''"]
                       + [f"{_qn(c)} {SQL_TYPES[f['type']]} NULL" for c, f in zip(columns, fields, strict=True)])
    nulls = [False] * len(fields)
    kinds = [f["type"] for f in fields]

    total = len(rows) if hasattr(rows, "__len__") else None

    def numbered():
        number = 0
        for number, values in enumerate(rows, start=1):
            for i, v in enumerate(values):
                if v is None:
                    nulls[i] = True
            yield number, _row_text(values), values
            if progress is not None and number % INSERT_BATCH == 0:
                progress(number, total)
        if progress is not None:
            progress(number, total)

    with connection.cursor() as cursor:
        # A table of that name can only be left over from a DatastoreTable that no longer exists (a
        # flushed test database): the primary key is ours now.
        cursor.execute(f"DROP TABLE IF EXISTS {_qn(name)}")
        cursor.execute(f"CREATE TABLE {_qn(name)} ({schema})")
        if connection.vendor == "postgresql":
            # COPY into the table created in this same (sub)transaction: FREEZE writes the rows frozen and
            # all-visible, so counts are index-only scans at once (no wait for autovacuum).
            target = ", ".join(_qn(c) for c in ["row_number", "search_text", *columns])
            with cursor.cursor.copy(f"COPY {_qn(name)} ({target}) FROM STDIN (FREEZE)") as copy:
                for number, text, values in numbered():
                    copy.write_row((number, text, *[_sql_value(v, kind) for v, kind in zip(values, kinds, strict=True)]))
        else:
            model = row_model(pk, fields)
            batch = []
            for number, text, values in numbered():
                cells = {c: _sql_value(v, kind) for c, v, kind in zip(columns, values, kinds, strict=True)}
                batch.append(model(row_number=number, search_text=text, **cells))
                if len(batch) >= INSERT_BATCH:
                    model.objects.bulk_create(batch)
                    batch = []
            if batch:
                model.objects.bulk_create(batch)
        for i, column in enumerate(columns):
            cursor.execute(f"CREATE INDEX {_qn(f'{name}_{column}')} ON {_qn(name)} ({_qn(column)})")
        if connection.vendor == "postgresql":
            cursor.execute(textsearch.GIN_INDEX_SQL.format(name=_qn(f"{name}_q"), table=_qn(name)))
            cursor.execute(f"ANALYZE {_qn(name)}")
    return {"table": name, "columns": dict(zip((f["id"] for f in fields), columns, strict=True)),
            "nulls": [f["id"] for f, has in zip(fields, nulls, strict=True) if has]}


def drop_storage(pk):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_qn(table_name(pk))}")


@receiver(post_delete, sender=DatastoreTable, dispatch_uid="satudata_datastore_drop")
def _drop_with_table(sender, instance, using, **kwargs):
    drop_storage(instance.pk)


def _sql_value(value, kind):
    if value is not None and kind == ColumnType.DATE:
        return dt.date.fromisoformat(value)
    return value


@transaction.atomic
def store(resource, version, parsed, progress=None):
    """Replace the resource's datastore table by `parsed` (one transaction: the old table is dropped, the
    new one created, filled and indexed). `progress(rows_loaded, rows)` is called after each batch of
    rows (the background load reports it, see `loading`)."""
    DatastoreTable.objects.filter(resource=resource).delete()
    table = DatastoreTable.objects.create(
        resource=resource, version=version, fields=parsed.fields, row_count=len(parsed.rows), sheet=parsed.sheet,
        encoding=parsed.encoding, delimiter=parsed.delimiter, warnings=parsed.warnings)
    table.storage = create_storage(table.pk, parsed.fields, parsed.rows, progress=progress)
    DatastoreTable.objects.filter(pk=table.pk).update(storage=table.storage)
    return table


def load(resource, *, sheet=None, progress=None):
    """Load the resource's current file into the datastore; records the outcome on the resource.

    Never raises for a bad file: the status (`loaded`, `warnings`, `failed`, `too_large`) and the
    messages go to `resource.datastore_status` / `datastore_messages`, the file stays downloadable."""
    version = resource.current_version
    Status = Resource.DatastoreStatus
    if version is None or not is_tabular(version.format):
        return resource
    if version.size > max_bytes():
        return _mark(resource, Status.TOO_LARGE, [
            _("Berkas %(size)s MB melebihi batas datastore %(max)s MB; berkas tetap tersedia untuk diunduh.")
            % {"size": round(version.size / 1048576, 1), "max": round(max_bytes() / 1048576, 1)}], active=False)
    try:
        with version.file.open("rb") as f:
            raw = f.read()
        parsed = parse(raw, version.format, sheet=sheet)
    except LoadError as e:
        DatastoreTable.objects.filter(resource=resource).delete()
        status = Status.TOO_LARGE if "batas datastore" in str(e) else Status.FAILED
        return _mark(resource, status, [str(e), _("Berkas tetap tersedia untuk diunduh apa adanya.")],
                     active=False)
    store(resource, version, parsed, progress)
    return _mark(resource, Status.WARNINGS if parsed.warnings else Status.LOADED, parsed.warnings, active=True)


def _mark(resource, status, messages, *, active):
    Resource.objects.filter(pk=resource.pk).update(datastore_status=status, datastore_messages=messages,
                                                   datastore_active=active, metadata_modified=timezone.now())
    resource.datastore_status, resource.datastore_messages, resource.datastore_active = status, messages, active
    return resource


# --- queries ---------------------------------------------------------------------------------------

def _table(resource):
    try:
        return resource.datastore
    except DatastoreTable.DoesNotExist as e:
        raise QueryError(_("Sumber daya ini tidak dimuat ke datastore."), "resource_id") from e


def _rows(table):
    """(model, {id: column}) of a DatastoreTable's rows."""
    return row_model(table.pk, table.fields), table.storage["columns"]


def _sort_terms(sort, table):
    columns = table.storage["columns"]
    nulls = set(table.storage.get("nulls", ()))
    terms = []
    for part in (sort or "").split(","):
        part = part.strip()
        if not part:
            continue
        bits = part.split()
        name = bits[0].strip('"')
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        if len(bits) > 2 or direction not in ("asc", "desc"):
            raise QueryError(_("Urutan “%(sort)s” tidak dikenal; gunakan “kolom asc” atau “kolom desc”.")
                             % {"sort": part}, "sort")
        if name == "_id":
            terms.append(("-" if direction == "desc" else "") + "row_number")
            continue
        if name not in columns:
            raise QueryError(_("Kolom “%(col)s” tidak ada.") % {"col": name}, "sort")
        column = F(columns[name])
        if direction == "asc":
            terms.append(column.asc(nulls_last=True))
        elif name in nulls:
            terms.append(column.desc(nulls_last=True))
        else:
            # No null in the column: plain DESC is the same order and a backward scan of its index.
            terms.append(column.desc())
    return terms


NOTHING = Q(pk__in=[])


def _filter(column, value, kind):
    """The condition "column = value" for a filter value, typed like the column; NOTHING when the value
    cannot equal any cell of that type (a date that is not a date, 2010.5 in a whole-number column)."""
    if value is None:
        return Q(**{f"{column}__isnull": True})
    if isinstance(value, (dict, list)):
        raise QueryError(_("Nilai filter harus teks, angka atau null."), "filters")
    if kind in (ColumnType.INT, ColumnType.NUMERIC):
        value = _coerce(value, kind)
        if isinstance(value, bool) or (kind == ColumnType.INT and (not isinstance(value, int) or abs(value) >= BIGINT)):
            return NOTHING
        return Q(**{column: value})
    if kind == ColumnType.DATE:
        try:
            return Q(**{column: dt.date.fromisoformat(value)}) if isinstance(value, str) else NOTHING
        except ValueError:
            return NOTHING
    return Q(**{column: value}) if isinstance(value, str) else NOTHING


def _cell(value, kind):
    if value is None:
        return None
    if kind == ColumnType.DATE:
        return value.isoformat()
    if kind == ColumnType.NUMERIC and value.is_integer():
        return int(value)
    return value


def search(resource, *, q="", filters=None, fields=None, sort="", limit=DEFAULT_LIMIT, offset=0,
           include_total=True):
    """CKAN's datastore_search over one resource.

    Returns {"fields": [{"id", "type"}...] (with "_id" first), "records": [dicts], "total": int|None,
    "limit", "offset"}. `filters` is {column: value or [values]} (equality on the typed value),
    `fields` a list of column ids, `sort` "col asc, col2 desc". Raises QueryError for bad input.

    A page without q, filters or sort reads `row_number` N+1…N+limit (rows are numbered without gaps)
    and takes the total from the table; otherwise the total is an exact count (index-only on the
    filtered columns' indexes)."""
    table = _table(resource)
    ids = [f["id"] for f in table.fields]
    types = {f["id"]: f["type"] for f in table.fields}
    model, columns = _rows(table)
    try:
        limit, offset = int(limit), int(offset)
    except (TypeError, ValueError) as e:
        raise QueryError(_("limit dan offset harus bilangan bulat."), "limit") from e
    if limit < 0 or limit > MAX_LIMIT:
        raise QueryError(_("limit harus antara 0 dan %(max)d.") % {"max": MAX_LIMIT}, "limit")
    if offset < 0:
        raise QueryError(_("offset tidak boleh negatif."), "offset")
    chosen = list(fields) if fields else ids
    unknown = [c for c in chosen if c not in ids and c != "_id"]
    if unknown:
        raise QueryError(_("Kolom tidak ada: %(cols)s.") % {"cols": ", ".join(map(str, unknown))}, "fields")
    qs = model.objects.all()
    narrowed = False
    for column, wanted in (filters or {}).items():
        values = wanted if isinstance(wanted, list) else [wanted]
        narrowed = True
        if column == "_id":
            try:
                qs = qs.filter(row_number__in=[int(v) for v in values])
            except (TypeError, ValueError) as e:
                raise QueryError(_("Filter _id harus bilangan bulat."), "filters") from e
            continue
        if column not in ids:
            raise QueryError(_("Kolom “%(col)s” tidak ada.") % {"col": column}, "filters")
        cond = Q()
        for value in values:
            cond |= _filter(columns[column], value, types[column])
        qs = qs.filter(cond)
    terms = textsearch.query_terms(q) if q else []
    if q and not terms:
        qs, narrowed = qs.none(), True
    elif terms:
        qs, narrowed = qs.filter(textsearch.matches(model, terms)), True
    order = _sort_terms(sort, table)
    if not narrowed and order in ([], ["row_number"]):
        # Plain page in file order: by primary key range, whatever the offset.
        qs = qs.filter(row_number__gt=offset, row_number__lte=offset + limit)
        window = slice(None)
    else:
        window = slice(offset, offset + limit)
    if narrowed:
        total = qs.count() if include_total else None
    else:
        total = table.row_count if include_total else None
    wanted = [c for c in chosen if c != "_id"]
    rows = qs.order_by(*(order or ["row_number"])).values_list("row_number", *(columns[c] for c in wanted))[window]
    kinds = [types[c] for c in wanted]
    records = []
    for number, *values in rows:
        record = {"_id": number}
        record.update({c: _cell(v, k) for c, v, k in zip(wanted, values, kinds, strict=True)})
        records.append(record)
    out_fields = [{"id": "_id", "type": "int"}] + [{"id": c, "type": types[c]} for c in chosen if c != "_id"]
    return {"fields": out_fields, "records": records, "total": total, "limit": limit, "offset": offset}


def _coerce(value, kind):
    if value is None:
        return None
    if kind in (ColumnType.INT, ColumnType.NUMERIC) and isinstance(value, str):
        try:
            number = float(value)
        except ValueError as e:
            raise QueryError(_("Filter “%(value)s” bukan angka.") % {"value": value[:40]}, "filters") from e
        return int(number) if number.is_integer() else number
    return value


def _ordered_rows(table, limit=None):
    """Row value lists in file order (typed as the API answers them), streamed."""
    model, columns = _rows(table)
    kinds = [f["type"] for f in table.fields]
    names = [columns[f["id"]] for f in table.fields]
    qs = model.objects.order_by("row_number").values_list(*names)
    for values in (qs[:limit] if limit is not None else qs.iterator(chunk_size=2000)):
        yield [_cell(v, k) for v, k in zip(values, kinds, strict=True)]


def preview(resource, rows=20):
    """(fields, rows) of the first rows for a page, text cells neutralised as in exports."""
    try:
        table = resource.datastore
    except DatastoreTable.DoesNotExist:
        return [], []
    out = [[neutralise(v) if isinstance(v, str) else v for v in values] for values in _ordered_rows(table, rows)]
    return table.fields, out


def export_rows(resource):
    """(columns, row dicts) of the whole table for `lib.exports.export_response` (which neutralises)."""
    table = _table(resource)
    columns = [(f["id"], f["label"] or f["id"]) for f in table.fields]
    ids = [f["id"] for f in table.fields]
    rows = (dict(zip(ids, values, strict=True)) for values in _ordered_rows(table))
    return columns, rows
