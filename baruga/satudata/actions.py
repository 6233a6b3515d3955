"""Every change to a dataset or a resource: one function per business action.

Each locks the dataset row, checks the transition table (`workflow.WORKFLOW`) against the actor's
capacities (`permissions.capacities`), applies the change, writes a `DatasetEvent` and an audit entry,
all in one transaction. A refused action raises `ActionError` (Indonesian message; for field errors a
dict {field: [messages]}, see `ActionError.message_dict`) and changes nothing. Pages, the CKAN API,
harvesting and management commands call these functions; nothing else writes a dataset.

Loading a tabular file into the datastore happens *after* the upload's transaction, in the background
(`loading`: the upload answers at once): a file that cannot be read is still kept (and downloadable), its
resource says why.
"""

import datetime as dt
import hashlib
import mimetypes
import os
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.audit import services as audit
from baruga.clocks.calendar import add_working_days
from baruga.directory.models import Agency
from baruga.lib.lifecycle import ActionError, require, text
from baruga.satudata import datastore, loading, notices, permissions, workflow
from baruga.satudata.models import (
    NAME_PATTERN, AccessLevel, CollectionMethod, Comment, Dataset, DatasetEvent, DatastoreTable, Frequency, Group,
    License, Resource, ResourceVersion, State, Tag,
)

SYSTEM = permissions.SYSTEM
NOUN = "dataset"
TAG_PATTERN = re.compile(r"^[\w .-]{1,100}$")
# Extensions → formats we recognise; anything else keeps its upper-cased extension.
FORMATS = {"csv": "CSV", "tsv": "TSV", "xlsx": "XLSX", "xls": "XLS", "json": "JSON", "geojson": "GeoJSON",
           "pdf": "PDF", "zip": "ZIP", "xml": "XML", "txt": "TXT", "shp": "SHP", "kml": "KML", "ods": "ODS"}


def upload_max_bytes():
    return getattr(settings, "SATUDATA_UPLOAD_MAX_BYTES", 200 * 1024 * 1024)


def review_days():
    return getattr(settings, "SATUDATA_REVIEW_DAYS", 10)


# --- reading and checking input --------------------------------------------------------------------

TEXT_FIELDS = {  # field: (label, max length, required)
    "title": (_("Judul"), 200, True),
    "notes": (_("Deskripsi"), 20000, False),
    "konsep": (_("Konsep"), 5000, False),
    "definisi": (_("Definisi"), 5000, False),
    "klasifikasi": (_("Klasifikasi"), 5000, False),
    "ukuran": (_("Ukuran"), 200, False),
    "satuan": (_("Satuan"), 100, False),
    "source": (_("Sumber data"), 255, False),
    "region_code": (_("Kode wilayah"), 13, False),
    "maintainer": (_("Narahubung"), 120, False),
    "maintainer_email": (_("E-mail narahubung"), 254, False),
}
CHOICE_FIELDS = {
    "frequency": (_("Frekuensi"), Frequency, Frequency.ANNUAL),
    "access_level": (_("Tingkat akses"), AccessLevel, AccessLevel.OPEN),
    "collection_method": (_("Cara pengumpulan"), CollectionMethod, ""),
}
DATASET_KEYS = {*TEXT_FIELDS, *CHOICE_FIELDS, "name", "license_id", "period_start", "period_end", "priority_year",
                "tags", "groups", "extras"}


def _date(value, label, errors, key):
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        errors[key] = [_("%(field)s harus tanggal TTTT-BB-HH.") % {"field": label}]
        return None


def clean_dataset(data, *, instance=None, partial=False):
    """The model values of `data` (CKAN-style keys, see DATASET_KEYS) or ActionError({field: [msg]}).

    Returns (values, tags or None, groups or None): None means "leave as it is" (a patch without them).
    With `partial=False` a missing key takes its empty/default value (CKAN's package_update)."""
    errors, values = {}, {}
    given = (lambda key: key in data) if partial else (lambda key: True)
    for key, (label, max_length, required) in TEXT_FIELDS.items():
        if not given(key):
            continue
        try:
            values[key] = text(data.get(key), label, max_length=max_length, required=required)
        except ActionError as e:
            errors[key] = e.messages
    if values.get("maintainer_email"):
        try:
            EmailValidator()(values["maintainer_email"])
        except ValidationError:
            errors["maintainer_email"] = [_("E-mail narahubung tidak sah.")]
    if values.get("region_code") and not re.fullmatch(r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?",
                                                      values["region_code"]):
        errors["region_code"] = [_("Kode wilayah Kemendagri ditulis seperti 73, 73.71 atau 73.71.01.")]
    for key, (label, choices, default) in CHOICE_FIELDS.items():
        if not given(key):
            continue
        value = data.get(key) or default
        if value not in choices.values and value != "":
            errors[key] = [_("%(field)s “%(value)s” tidak dikenal; pilihan: %(choices)s.")
                           % {"field": label, "value": str(value)[:40], "choices": ", ".join(choices.values)}]
        else:
            values[key] = value
    if given("name"):
        name = (data.get("name") or "").strip()
        if not re.fullmatch(NAME_PATTERN, name):
            errors["name"] = [_("Nama singkat wajib diisi: 2–100 huruf kecil, angka, “-” atau “_”.")]
        elif Dataset.objects.filter(name=name).exclude(pk=getattr(instance, "pk", None)).exists():
            errors["name"] = [_("Nama singkat “%(name)s” sudah dipakai dataset lain.") % {"name": name}]
        else:
            values["name"] = name
    if given("license_id"):
        license_id = (data.get("license_id") or "").strip()
        if license_id and not License.objects.filter(pk=license_id).exists():
            errors["license_id"] = [_("Lisensi “%(id)s” tidak dikenal.") % {"id": license_id[:40]}]
        else:
            values["license_id"] = license_id or None
    for key, label in (("period_start", _("Periode awal")), ("period_end", _("Periode akhir"))):
        if given(key):
            values[key] = _date(data.get(key), label, errors, key)
    start = values.get("period_start", getattr(instance, "period_start", None))
    end = values.get("period_end", getattr(instance, "period_end", None))
    if start and end and end < start:
        errors["period_end"] = [_("Periode akhir tidak boleh sebelum periode awal.")]
    if given("priority_year"):
        year = data.get("priority_year")
        if year in (None, ""):
            values["priority_year"] = None
        else:
            try:
                year = int(year)
                require(2000 <= year <= 2100, "")
                values["priority_year"] = year
            except (TypeError, ValueError, ActionError):
                errors["priority_year"] = [_("Tahun data prioritas harus tahun empat angka.")]
    if given("extras"):
        extras = data.get("extras") or {}
        if not isinstance(extras, dict) or not all(isinstance(k, str) and isinstance(v, str | int | float | bool)
                                                   for k, v in extras.items()):
            errors["extras"] = [_("Extras harus pasangan kunci dan nilai teks.")]
        else:
            values["extras"] = {k[:100]: str(v)[:2000] for k, v in extras.items()}
    tags = groups = None
    if given("tags"):
        tags = []
        for raw in data.get("tags") or []:
            name = (raw.get("name") if isinstance(raw, dict) else raw) or ""
            name = str(name).strip()
            if not TAG_PATTERN.match(name):
                errors["tags"] = [_("Tag “%(tag)s” tidak sah: 1–100 huruf, angka, spasi, “-”, “_” atau “.”.")
                                  % {"tag": name[:40]}]
                break
            if name not in tags:
                tags.append(name)
    if given("groups"):
        names = []
        for raw in data.get("groups") or []:
            names.append(str((raw.get("name") or raw.get("id")) if isinstance(raw, dict) else raw).strip())
        found = {g.name: g for g in Group.objects.filter(name__in=names)}
        found.update({str(g.pk): g for g in Group.objects.filter(pk__in=[n for n in names if _is_uuid(n)])})
        missing = [n for n in names if n not in found]
        if missing:
            errors["groups"] = [_("Topik tidak dikenal: %(names)s.") % {"names": ", ".join(missing)[:200]}]
        groups = list({found[n].pk: found[n] for n in names if n in found}.values())
    if errors:
        raise ActionError(errors)
    return values, tags, groups


def _is_uuid(value):
    return bool(re.fullmatch(r"[0-9a-fA-F-]{32,36}", value or ""))


def _set_relations(dataset, tags, groups):
    if tags is not None:
        objs = []
        for name in tags:
            tag, _created = Tag.objects.get_or_create(name=name)
            objs.append(tag)
        dataset.tags.set(objs)
    if groups is not None:
        dataset.groups.set(groups)


def _lock(dataset):
    return Dataset.objects.select_for_update().select_related("agency", "jurisdiction").get(pk=dataset.pk)


def _event(dataset, actor, action, *, from_state="", to_state="", note="", details=None):
    return DatasetEvent.objects.create(
        dataset=dataset, actor=actor if getattr(actor, "is_authenticated", False) else None, action=action,
        from_state=from_state, to_state=to_state, note=note, details=details or {})


def _audit(actor, action, dataset, *, target=None, reason="", details=None, request=None):
    audit.record(actor=actor, action=action, target=target or dataset, reason=reason, request=request,
                 jurisdiction=dataset.jurisdiction,
                 details={"dataset_id": str(dataset.pk), "name": dataset.name, **(details or {})})


def _touch(dataset, *, data=False, now=None):
    now = now or timezone.now()
    dataset.metadata_modified = now
    fields = ["metadata_modified"]
    if data:
        dataset.data_updated = now
        fields.append("data_updated")
    return fields


# --- datasets --------------------------------------------------------------------------------------

@transaction.atomic
def create_dataset(actor, *, agency, data, request=None, harvest=None):
    """A new DRAFT dataset of `agency` (an OPD). `data`: CKAN-style keys (see DATASET_KEYS).

    `harvest`: {"source": HarvestSource, "remote_id": str, "source_url": str} — only SYSTEM may pass it;
    a harvested dataset is PUBLISHED at once (the source's walidata published it)."""
    require(isinstance(agency, Agency), _("OPD pemilik dataset wajib dipilih."))
    require(permissions.can_create_in(actor, agency),
            _("Anda tidak berwenang membuat dataset untuk OPD ini."))
    require(agency.is_active, _("OPD ini tidak aktif."))
    require(harvest is None or actor is SYSTEM, _("Hanya proses panen yang dapat membuat dataset panen."))
    values, tags, groups = clean_dataset(data)
    now = timezone.now()
    dataset = Dataset(agency=agency, jurisdiction_id=agency.jurisdiction_id, created=now, metadata_modified=now,
                      created_by=actor if getattr(actor, "is_authenticated", False) else None, **values)
    if harvest is not None:
        dataset.harvest_source = harvest["source"]
        dataset.remote_id = harvest.get("remote_id", "")[:100]
        dataset.source_url = harvest.get("source_url", "")[:500]
        dataset.harvested_at = now
        dataset.state = State.PUBLISHED
        dataset.published_at = now
    dataset.refresh_search_text()
    try:
        with transaction.atomic():
            dataset.save(force_insert=True)
    except IntegrityError as e:
        raise ActionError({"name": [_("Nama singkat “%(name)s” sudah dipakai dataset lain.")
                                    % {"name": dataset.name}]}) from e
    _set_relations(dataset, tags, groups)
    dataset.refresh_search_text()
    dataset.save(update_fields=["search_text"])
    _event(dataset, actor, "create", to_state=dataset.state)
    _audit(actor, "satudata.create", dataset, request=request, details={"agency_id": agency.pk})
    return dataset


@transaction.atomic
def update_dataset(actor, dataset, *, data, partial=False, request=None):
    """Change a dataset's metadata (package_update with partial=False, package_patch with partial=True).

    The produsen edits while DRAFT, RETURNED, PUBLISHED or WITHDRAWN (not while the walidata reviews
    it); the walidata (and walidata pendukung while it is SUBMITTED) at any time. Moving it to another
    OPD (`owner_org`) is not an edit: it stays with its OPD."""
    dataset = _lock(dataset)
    _check_resource_edit(actor, dataset)
    values, tags, groups = clean_dataset(data, instance=dataset, partial=partial)
    changed = sorted(k for k, v in values.items() if getattr(dataset, k) != v)
    for key, value in values.items():
        setattr(dataset, key, value)
    _set_relations(dataset, tags, groups)
    if tags is not None:
        changed.append("tags")
    if groups is not None:
        changed.append("groups")
    _touch(dataset)
    dataset.refresh_search_text()
    dataset.save()
    _event(dataset, actor, "update", details={"fields": changed})
    _audit(actor, "satudata.update", dataset, request=request, details={"fields": changed})
    return dataset


@transaction.atomic
def delete_dataset(actor, dataset, *, note="", request=None):
    """Mark a dataset DELETED (CKAN's package_delete): gone from the portal and the API lists; its files
    and history are kept."""
    dataset = _lock(dataset)
    caps = permissions.capacities(actor, dataset)
    name = "delete_published" if dataset.state in (State.PUBLISHED, State.SUBMITTED) else "delete"
    if dataset.state == State.DELETED:
        raise ActionError(_("Dataset ini sudah dihapus."))
    return _move(actor, dataset, name, caps, note=note, request=request)


def _move(actor, dataset, name, caps, *, note="", details=None, request=None, now=None):
    t = workflow.WORKFLOW.check(name, dataset.state, caps, state_label=dataset.get_state_display(), noun=NOUN)
    now = now or timezone.now()
    source = dataset.state
    dataset.state = t.target
    fields = ["state", *_touch(dataset, now=now)]
    if t.target == State.SUBMITTED:
        dataset.submitted_at = now
        due, _skipped = _review_due(dataset, now)
        dataset.review_due = due
        dataset.review_reminded_at = None
        fields += ["submitted_at", "review_due", "review_reminded_at"]
    if t.target == State.PUBLISHED:
        dataset.published_at = dataset.published_at or now
        if dataset.data_updated is None:
            dataset.data_updated = now
            fields.append("data_updated")
        fields.append("published_at")
    if source == State.SUBMITTED:
        dataset.review_due = None
        fields.append("review_due")
    dataset.save(update_fields=fields)
    event = _event(dataset, actor, name if name != "delete_published" else "delete", from_state=source,
                   to_state=t.target, note=note, details=details)
    _audit(actor, f"satudata.{event.action}", dataset, reason=note, request=request,
           details={"from": source, "to": t.target, **(details or {})})
    notices.on_event(dataset, event)
    return dataset


def _review_due(dataset, now):

    due, skipped = add_working_days(now, review_days(), dataset.jurisdiction_id)
    return (timezone.localtime(due).date() if due else None), skipped


@transaction.atomic
def submit(actor, dataset, *, note="", request=None):
    """The produsen hands the dataset to the walidata; the review clock starts (working days)."""
    dataset = _lock(dataset)
    caps = permissions.capacities(actor, dataset)
    workflow.WORKFLOW.check("submit", dataset.state, caps, state_label=dataset.get_state_display(), noun=NOUN)
    missing = missing_for_submission(dataset)
    require(not missing, _("Lengkapi dulu sebelum diajukan: %(fields)s.") % {"fields": ", ".join(missing)})
    return _move(actor, dataset, "submit", caps, note=text(note, _("Catatan"), max_length=4000, required=False),
                 request=request)


def missing_for_submission(dataset):
    """Labels of what a dataset needs before review: the data standard and at least one resource."""
    missing = [str(label) for key, (label, _m, _r) in TEXT_FIELDS.items()
               if key in ("notes", "konsep", "definisi", "satuan", "source") and not getattr(dataset, key)]
    if not dataset.license_id:
        missing.append(_("Lisensi"))
    if not dataset.resources.filter(is_deleted=False).exists():
        missing.append(_("minimal satu sumber daya (berkas atau tautan)"))
    return missing


def _checklist(checklist):
    checklist = checklist or {}
    return {key: bool(checklist.get(key)) for key in workflow.PRINCIPLE_KEYS}


@transaction.atomic
def save_checklist(actor, dataset, *, checklist, note="", request=None):
    """The walidata (or walidata pendukung) records the four-principle checklist without deciding."""
    dataset = _lock(dataset)
    caps = permissions.capacities(actor, dataset)
    workflow.WORKFLOW.check("check", dataset.state, caps, state_label=dataset.get_state_display(), noun=NOUN)
    checks = _checklist(checklist)
    _event(dataset, actor, "check", note=text(note, _("Catatan"), max_length=4000, required=False),
           details={"checklist": checks})
    _audit(actor, "satudata.check", dataset, request=request, details={"checklist": checks})
    return dataset


def latest_checklist(dataset):
    event = dataset.events.filter(details__has_key="checklist").order_by("-created", "-id").first()
    return event.details["checklist"] if event else {}


@transaction.atomic
def publish(actor, dataset, *, checklist, note="", request=None):
    """The walidata publishes: every principle checked; priority data needs the pembina's recommendation."""
    dataset = _lock(dataset)
    caps = permissions.capacities(actor, dataset)
    workflow.WORKFLOW.check("publish", dataset.state, caps, state_label=dataset.get_state_display(), noun=NOUN)
    checks = _checklist(checklist)
    unchecked = [str(label) for key, label in workflow.PRINCIPLES if not checks[key]]
    require(not unchecked, _("Dataset hanya dapat diterbitkan bila keempat prinsip Satu Data terpenuhi. "
                             "Belum dicentang: %(items)s.") % {"items": "; ".join(unchecked)})
    if dataset.priority_year and workflow.SYSTEM not in caps:
        require(dataset.comments.filter(kind=Comment.Kind.RECOMMENDATION).exists(),
                _("Data prioritas memerlukan rekomendasi pembina data sebelum diterbitkan."))
    return _move(actor, dataset, "publish", caps, note=text(note, _("Catatan"), max_length=4000, required=False),
                 details={"checklist": checks}, request=request)


@transaction.atomic
def return_dataset(actor, dataset, *, note, checklist=None, request=None):
    """The walidata returns the dataset to the produsen with notes on what to fix."""
    dataset = _lock(dataset)
    caps = permissions.capacities(actor, dataset)
    workflow.WORKFLOW.check("return", dataset.state, caps, state_label=dataset.get_state_display(), noun=NOUN)
    note = text(note, _("Catatan perbaikan"), max_length=4000, min_length=10)
    details = {"checklist": _checklist(checklist)} if checklist is not None else None
    return _move(actor, dataset, "return", caps, note=note, details=details, request=request)


@transaction.atomic
def withdraw(actor, dataset, *, note, request=None):
    dataset = _lock(dataset)
    caps = permissions.capacities(actor, dataset)
    workflow.WORKFLOW.check("withdraw", dataset.state, caps, state_label=dataset.get_state_display(), noun=NOUN)
    note = text(note, _("Alasan"), max_length=4000, min_length=10)
    return _move(actor, dataset, "withdraw", caps, note=note, request=request)


@transaction.atomic
def republish(actor, dataset, *, note="", request=None):
    dataset = _lock(dataset)
    caps = permissions.capacities(actor, dataset)
    return _move(actor, dataset, "republish", caps, note=text(note, _("Catatan"), max_length=4000, required=False),
                 request=request)


@transaction.atomic
def add_comment(actor, dataset, *, body, request=None):
    dataset = _lock(dataset)
    caps = permissions.capacities(actor, dataset)
    workflow.WORKFLOW.check("comment", dataset.state, caps, state_label=dataset.get_state_display(), noun=NOUN)
    body = text(body, _("Komentar"), max_length=4000, min_length=3)
    comment = Comment.objects.create(dataset=dataset, author=actor, body=body)
    _event(dataset, actor, "comment", note=body)
    _audit(actor, "satudata.comment", dataset, target=comment, request=request)
    return comment


@transaction.atomic
def recommend(actor, dataset, *, body, request=None):
    """The pembina data's recommendation on (priority) data."""
    dataset = _lock(dataset)
    caps = permissions.capacities(actor, dataset)
    workflow.WORKFLOW.check("recommend", dataset.state, caps, state_label=dataset.get_state_display(), noun=NOUN)
    body = text(body, _("Rekomendasi"), max_length=4000, min_length=10)
    comment = Comment.objects.create(dataset=dataset, author=actor, body=body, kind=Comment.Kind.RECOMMENDATION)
    event = _event(dataset, actor, "recommend", note=body)
    _audit(actor, "satudata.recommend", dataset, target=comment, request=request)
    notices.on_event(dataset, event)
    return comment


# --- resources -------------------------------------------------------------------------------------

def _format_of(filename, given):
    given = (given or "").strip().lstrip(".")
    if given:
        return FORMATS.get(given.lower(), given.upper())[:20]
    ext = os.path.splitext(filename or "")[1].lstrip(".").lower()
    return FORMATS.get(ext, ext.upper())[:20]


def _store_upload(actor, resource, upload, fmt, note=""):
    """A new ResourceVersion for `upload` (streamed: size and SHA-256); the resource mirrors it."""
    size = getattr(upload, "size", None)
    require(size is not None and size > 0, _("Berkas kosong tidak dapat diunggah."))
    require(size <= upload_max_bytes(), _("Berkas terlalu besar (maksimal %(max)s MB).")
            % {"max": round(upload_max_bytes() / 1048576)})
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        if len(head) < 8:
            head += chunk[:8]
        digest.update(chunk)
    upload.seek(0)
    original = os.path.basename((getattr(upload, "name", "") or "berkas").replace("\\", "/"))[:200]
    fmt = _format_of(original, fmt)
    if fmt == "XLSX" and not head.startswith(b"PK"):
        raise ActionError(_("Berkas ini bukan XLSX yang sah (isi tidak sesuai format)."))
    mimetype = mimetypes.guess_type(original)[0] or "application/octet-stream"
    number = (resource.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ResourceVersion(resource=resource, number=number, original_name=original, format=fmt,
                              mimetype=mimetype, size=size, sha256=digest.hexdigest(),
                              uploaded_by=actor if getattr(actor, "is_authenticated", False) else None, note=note)
    version.file.save("upload.bin", upload, save=False)
    version.save()
    now = timezone.now()
    resource.url_type = Resource.UrlType.UPLOAD
    resource.url = ""
    resource.format, resource.mimetype, resource.size, resource.hash = fmt, mimetype, size, version.sha256
    resource.last_modified = now
    resource.datastore_active = False
    resource.datastore_status = (Resource.DatastoreStatus.PENDING if datastore.is_tabular(fmt)
                                 else Resource.DatastoreStatus.NONE)
    resource.datastore_messages = []
    return version


def _check_resource_edit(actor, dataset):
    """May the actor change the dataset's metadata or resources now? (the `edit` rows of the table)"""
    caps = permissions.capacities(actor, dataset)
    name = "edit_submitted" if dataset.state == State.SUBMITTED else "edit"
    if name == "edit_submitted" and workflow.PRODUCER in caps and not caps & workflow.WORKFLOW[name].who:
        raise ActionError(_("Dataset sedang diperiksa walidata dan tidak dapat diubah; perubahan dapat dilakukan "
                            "setelah dikembalikan atau terbit."))
    workflow.WORKFLOW.check(name, dataset.state, caps, state_label=dataset.get_state_display(), noun=NOUN)


def _clean_url(url):
    url = (url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as e:
            raise ActionError({"url": [_("Tautan harus alamat http(s) yang sah.")]}) from e
        require(len(url) <= 1000, _("Tautan terlalu panjang."))
    return url


def add_resource(actor, dataset, *, name, description="", url="", upload=None, format="", sheet=None,
                 load=True, extras=None, request=None):
    """A new resource: an uploaded file (kept as version 1) or a link. A tabular upload is then loaded into
    the datastore (outside the upload's transaction: a bad file stays downloadable, with the reason).
    `extras`: keys kept with the resource (e.g. `own_data`, by which `ownstats` finds its table again)."""
    with transaction.atomic():
        dataset = _lock(dataset)
        _check_resource_edit(actor, dataset)
        name = text(name, _("Nama sumber daya"), max_length=200, required=upload is None) or os.path.basename(
            getattr(upload, "name", "") or "berkas")[:200]
        description = text(description, _("Keterangan"), max_length=20000, required=False)
        url = _clean_url(url)
        require(upload is not None or url, _("Unggah berkas atau isi tautan."))
        require(upload is None or not url, _("Pilih salah satu: unggah berkas atau tautan, tidak keduanya."))
        position = dataset.resources.filter(is_deleted=False).count()
        resource = Resource(dataset=dataset, name=name, description=description, url=url, position=position,
                            format=_format_of(url.split("?")[0], format) if url else "", extras=dict(extras or {}))
        resource.save(force_insert=True)
        version = _store_upload(actor, resource, upload, format) if upload is not None else None
        resource.save()
        fields = _touch(dataset, data=True)
        dataset.save(update_fields=fields)
        _event(dataset, actor, "add_resource", details={"resource_id": str(resource.pk),
                                                        "version": version.number if version else None})
        _audit(actor, "satudata.add_resource", dataset, target=resource, request=request,
               details={"resource_id": str(resource.pk), "sha256": version.sha256 if version else ""})
    if load and version is not None:
        loading.enqueue(resource, sheet=sheet)
    return resource


def update_resource(actor, resource, *, data=None, upload=None, partial=True, sheet=None, load=True, request=None):
    """Change a resource's name/description/url/format, or give it a new file: a new version, the old
    ones kept (never overwritten). `data` keys: name, description, url, format."""
    data = data or {}
    with transaction.atomic():
        dataset = _lock(resource.dataset)
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        require(not resource.is_deleted, _("Sumber daya ini sudah dihapus."))
        _check_resource_edit(actor, dataset)
        if not partial or "name" in data:
            resource.name = text(data.get("name") or resource.name, _("Nama sumber daya"), max_length=200)
        if not partial or "description" in data:
            resource.description = text(data.get("description"), _("Keterangan"), max_length=20000,
                                        required=False)
        version = None
        if upload is not None:
            version = _store_upload(actor, resource, upload, data.get("format", ""))
        elif "url" in data and (data.get("url") or "") != resource.url and resource.url_type != Resource.UrlType.UPLOAD:
            resource.url = _clean_url(data.get("url"))
            require(resource.url, _("Unggah berkas atau isi tautan."))
            resource.last_modified = timezone.now()
        if upload is None and data.get("format"):
            resource.format = _format_of("", data["format"])
        resource.metadata_modified = timezone.now()
        resource.save()
        fields = _touch(dataset, data=version is not None or "url" in data)
        dataset.save(update_fields=fields)
        _event(dataset, actor, "update_resource", details={"resource_id": str(resource.pk),
                                                           "version": version.number if version else None})
        _audit(actor, "satudata.update_resource", dataset, target=resource, request=request,
               details={"resource_id": str(resource.pk), "sha256": version.sha256 if version else ""})
    if load and version is not None:
        loading.enqueue(resource, sheet=sheet)
    return resource


def reload_datastore(actor, resource, *, sheet=None, request=None):
    """Load the current file again (e.g. another XLSX sheet, or after a failed load): queued like an upload."""
    with transaction.atomic():
        dataset = _lock(resource.dataset)
        _check_resource_edit(actor, dataset)
        _audit(actor, "satudata.reload", dataset, target=resource, request=request,
               details={"resource_id": str(resource.pk), "sheet": sheet or ""})
    return loading.enqueue(resource, sheet=sheet)


@transaction.atomic
def delete_resource(actor, resource, *, request=None):
    """Remove a resource from its dataset (files and versions kept, datastore dropped)."""
    dataset = _lock(resource.dataset)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    require(not resource.is_deleted, _("Sumber daya ini sudah dihapus."))
    _check_resource_edit(actor, dataset)
    resource.is_deleted = True
    resource.datastore_active = False
    resource.metadata_modified = timezone.now()
    resource.save(update_fields=["is_deleted", "datastore_active", "metadata_modified"])
    DatastoreTable.objects.filter(resource=resource).delete()
    dataset.save(update_fields=_touch(dataset))
    _event(dataset, actor, "delete_resource", details={"resource_id": str(resource.pk)})
    _audit(actor, "satudata.delete_resource", dataset, target=resource, request=request,
           details={"resource_id": str(resource.pk)})
    return resource
