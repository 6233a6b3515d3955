"""Baruga's own data, published (issue 22 item 8): the figures other apps offer as open data, as datasets of
each jurisdiction's walidata OPD (the Diskominfo), refreshed by the clock sweep once a day.

The figures come from `<app>/open_data.py` modules found through the app registry (contract and shapes:
`baruga.lib.open_data`): the complaint statistics (`stats`), the PPID annual figures (`ppid`), the program
indicators (`indicators`) and the SPBE index (`spbe`). Satu Data imports none of those apps.

Per provider dataset and jurisdiction: the dataset `<key>-<code>` (terbuka, CC BY 4.0), one CSV resource per
table (found again by its key in `Resource.extras["own_data"]`), stored in the datastore with the column types
and labels the provider declares (not guessed from the CSV: a column keeps its type whatever its values).
A refresh whose table is unchanged writes nothing; a changed one is a new version of the resource (old ones
kept, never overwritten), so harvesters see a new `metadata_modified`. A dataset is created only once one of its tables
has a row; one the walidata withdrew or deleted is left alone. Everything goes through `actions` as the
SYSTEM actor (audited as such).
"""

import csv
import datetime as dt
import hashlib
import io
import logging
import re

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from baruga.directory.models import Agency, Jurisdiction
from baruga.lib.appmodules import app_modules
from baruga.lib.open_data import OpenDataset
from baruga.satudata import actions, datastore, permissions
from baruga.satudata.models import ColumnType, Dataset, Resource, State
from baruga.satudata.workflow import PRINCIPLE_KEYS

logger = logging.getLogger(__name__)
SYSTEM = permissions.SYSTEM
MODULE = "open_data"
COLUMN_ID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


# --- the providers ---------------------------------------------------------------------------------

def registry():
    """{dataset key: OpenDataset} of every installed app's `open_data.DATASETS`, in INSTALLED_APPS order."""
    found = {}
    for module in app_modules(MODULE):
        for spec in getattr(module, "DATASETS", None) or ():
            _validate(module.__name__, spec)
            if spec.key in found:
                raise ImproperlyConfigured(f"open data key {spec.key!r} is defined twice")
            found[spec.key] = spec
    return found


def _validate(where, spec):
    if not isinstance(spec, OpenDataset):
        raise ImproperlyConfigured(f"{where}.DATASETS holds {spec!r}, not a baruga.lib.open_data.OpenDataset")
    if not spec.tables or len({t.key for t in spec.tables}) != len(spec.tables):
        raise ImproperlyConfigured(f"{where}: dataset {spec.key!r} needs tables with distinct keys")
    for table in spec.tables:
        ids = [c.id for c in table.columns]
        if len(set(ids)) != len(ids) or not all(COLUMN_ID.match(i) for i in ids):
            raise ImproperlyConfigured(f"{where}: table {table.key!r} needs distinct column ids like 'jumlah_laporan'")
        kinds = {c.id: c.type for c in table.columns}
        if table.period and kinds.get(table.period) not in (ColumnType.DATE, ColumnType.INT):
            raise ImproperlyConfigured(f"{where}: table {table.key!r}: period {table.period!r} must name a date or "
                                       "int (year) column")


def dataset_name(spec, jurisdiction):
    return f"{spec.key}-{jurisdiction.code.replace('.', '-')}"


def steward_agency(jurisdiction):
    """The walidata's own OPD: the jurisdiction's Diskominfo (None if it has none)."""
    return (Agency.objects.filter(jurisdiction=jurisdiction, is_active=True)
            .filter(Q(short_name__istartswith="Diskominfo") | Q(name__icontains="Komunikasi")).order_by("pk").first())


# --- the tables: typed rows and their CSV -----------------------------------------------------------

def _typed(value, kind):
    """A provider's value as the datastore keeps it for the column's declared type."""
    if value is None or value == "":
        return None
    if kind == ColumnType.INT:
        return int(value)
    if kind == ColumnType.NUMERIC:
        number = float(value)
        return int(number) if number.is_integer() else number
    if kind == ColumnType.DATE:
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    return str(value)


def _cell(value):
    """CSV text of a typed value: decimal point, no thousands separator, ISO dates, empty for none."""
    return "" if value is None else str(value)


def table_data(table, jurisdiction):
    """(CSV bytes, typed rows) of one table of the jurisdiction."""
    kinds = [c.type for c in table.columns]
    rows = [[_typed(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows(jurisdiction)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.id for c in table.columns])
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8"), rows


def _store(resource, table, rows):
    """The datastore table of the resource's current version, typed as declared (the file is the same data)."""
    fields = [{"id": c.id, "type": c.type, "label": c.label} for c in table.columns]
    datastore.store(resource, resource.current_version, datastore.Parsed(fields=fields, rows=rows))
    Resource.objects.filter(pk=resource.pk).update(datastore_status=Resource.DatastoreStatus.LOADED,
                                                   datastore_messages=[], datastore_active=True)


def _period(files):
    """(first day, last day) the tables' rows are about, from each table's `period` column: a date as it is,
    a year from 1 January to 31 December; (None, None) without such values."""
    days = []
    for table, _raw, rows in files:
        if not table.period:
            continue
        index = [c.id for c in table.columns].index(table.period)
        kind = table.columns[index].type
        for row in rows:
            value = row[index]
            if value is None:
                continue
            if kind == ColumnType.DATE:
                days.append(dt.date.fromisoformat(value))
            else:
                days += [dt.date(value, 1, 1), dt.date(value, 12, 31)]
    return (min(days), max(days)) if days else (None, None)


def _description(table):
    lines = [table.description, "", "Kolom:"] + [f"- {c.id}: {c.label}" for c in table.columns]
    return "\n".join(lines)


# --- publishing ------------------------------------------------------------------------------------

def _metadata(spec, jurisdiction, name, period):
    return {
        "period_start": period[0], "period_end": period[1],
        "name": name, "title": spec.title % {"jurisdiction": jurisdiction.name}, "notes": spec.notes,
        "konsep": spec.konsep, "definisi": spec.definisi, "klasifikasi": spec.klasifikasi, "ukuran": spec.ukuran,
        "satuan": spec.satuan, "frequency": spec.frequency, "region_code": jurisdiction.code, "source": "Baruga",
        "collection_method": "administrative", "license_id": "cc-by-4.0", "access_level": "open",
        "groups": list(spec.groups), "tags": list(spec.tags),
    }


def _resource_of(dataset, table):
    live = dataset.resources.filter(is_deleted=False)
    return live.filter(extras__own_data=table.key).first() or live.filter(name=table.title).first()


def publish(spec, jurisdiction):
    """Create or refresh the jurisdiction's dataset of `spec`; returns it (None: no Diskominfo, or nothing to
    publish yet)."""
    agency = steward_agency(jurisdiction)
    if agency is None:
        return None
    files = [(table, *table_data(table, jurisdiction)) for table in spec.tables]
    name = dataset_name(spec, jurisdiction)
    dataset = Dataset.objects.filter(name=name).first()
    if dataset is None:
        if not any(rows for _table, _raw, rows in files):
            return None
        dataset = actions.create_dataset(SYSTEM, agency=agency,
                                         data=_metadata(spec, jurisdiction, name, _period(files)))
        for table, raw, rows in files:
            resource = actions.add_resource(SYSTEM, dataset, name=table.title, description=_description(table),
                                            upload=SimpleUploadedFile(f"{name}-{table.key}.csv", raw), load=False,
                                            extras={"own_data": table.key})
            _store(resource, table, rows)
        actions.submit(SYSTEM, dataset)
        actions.publish(SYSTEM, dataset, checklist={k: True for k in PRINCIPLE_KEYS})
        dataset.refresh_from_db()
        return dataset
    if dataset.state != State.PUBLISHED:
        return dataset  # withdrawn or deleted by the walidata: left alone
    period = _period(files)
    if period != (dataset.period_start, dataset.period_end):
        dataset = actions.update_dataset(SYSTEM, dataset, data={"period_start": period[0], "period_end": period[1]},
                                         partial=True)
    for table, raw, rows in files:
        upload = SimpleUploadedFile(f"{name}-{table.key}.csv", raw)
        resource = _resource_of(dataset, table)
        if resource is None:
            resource = actions.add_resource(SYSTEM, dataset, name=table.title, description=_description(table),
                                            upload=upload, load=False, extras={"own_data": table.key})
        elif resource.hash != hashlib.sha256(raw).hexdigest():
            resource = actions.update_resource(SYSTEM, resource, upload=upload, load=False)
        else:
            continue
        _store(resource, table, rows)
    return dataset


def _checked_key(name, day):
    return f"satudata:own-data:{name}:{day:%Y%m%d}"


def refresh_all(now=None):
    """Daily: every provider's dataset of every active jurisdiction with a Diskominfo, unless refreshed or checked
    today (a cache mark per dataset and day); two queries and one cache read when everything is up to date.
    Returns how many datasets exist after the check (created, refreshed or found unchanged)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    specs = list(registry().values())
    if not specs:
        return 0
    prefixes = Q()
    for spec in specs:
        prefixes |= Q(name__startswith=spec.key + "-")
    fresh = set(Dataset.objects.filter(prefixes, metadata_modified__gte=start).values_list("name", flat=True))
    candidates = list(Jurisdiction.objects.filter(is_active=True, is_external=False).exclude(level="national")
                      .filter(Q(agencies__short_name__istartswith="Diskominfo")
                              | Q(agencies__name__icontains="Komunikasi"), agencies__is_active=True).distinct())
    due = [(spec, j, dataset_name(spec, j)) for j in candidates for spec in specs]
    due = [(spec, j, name) for spec, j, name in due if name not in fresh]
    checked = cache.get_many([_checked_key(name, today) for _s, _j, name in due]) if due else {}
    done = 0
    for spec, jurisdiction, name in due:
        if _checked_key(name, today) in checked:
            continue
        try:
            if publish(spec, jurisdiction) is not None:
                done += 1
            cache.set(_checked_key(name, today), 1, 36 * 3600)
        except Exception:  # one dataset's failure must not stop the others or the sweep
            logger.exception("satudata: own data %s not published", name)
    return done
