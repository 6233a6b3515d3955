"""The CKAN actions: `ACTIONS[name](ctx, data) -> result`. Reads here, writes through satudata.actions.

`ctx.user` is the API key's owner (None: anonymous); only keys with the `satudata:write` scope act as
their owner, so a key never reads or writes beyond its owner's OPD/jurisdiction (satudata.permissions).
"""

import json
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from baruga.directory.models import Agency
from baruga.lib import textsearch
from baruga.lib.lifecycle import ActionError
from baruga.satudata import actions as core
from baruga.satudata import datastore, permissions, workflow
from baruga.satudata.ckan import dicts, query
from baruga.satudata.ckan.errors import NotAuthorized, NotFound, SearchQueryError, ValidationError
from baruga.satudata.models import (
    AccessLevel, Dataset, Group, License, Resource, State, Tag,
)

CKAN_VERSION = "2.10.4"  # the API level we answer like (for clients that check status_show)
ROWS_MAX = 1000
DEFAULT_ROWS = 10
FACET_FIELDS = {
    "organization", "groups", "tags", "res_format", "license_id", "frequency", "access_level", "region_code",
    "priority_year", "jurisdiction_code", "collection_method",
}


# `fl` keys that are one dataset column each: key → (column, how package_dict writes it).
FL_COLUMNS = {"id": ("pk", str), "name": ("name", str), "title": ("title", str),
              "metadata_modified": ("metadata_modified", dicts.ckan_time),
              "metadata_created": ("created", dicts.ckan_time)}


@dataclass
class Context:
    request: object = None
    user: object = None  # the key owner, or None
    files: dict = field(default_factory=dict)


# --- helpers ---------------------------------------------------------------------------------------

def _bool(value, default=False):
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes", "on")


def _int(data, key, default, *, minimum=0, maximum=None):
    value = data.get(key, default)
    if value in (None, ""):
        return default
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationError({key: ["Invalid integer"]}) from None
    if value < minimum:
        raise ValidationError({key: [f"Must be a natural number ≥ {minimum}"]})
    if maximum is not None and value > maximum:
        value = maximum  # CKAN clamps to the configured maximum
    return value


def _list(value, key):
    """A list parameter sent as a list (JSON body), a JSON string or a comma-separated string (GET)."""
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    text = str(value).strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError:
            raise ValidationError({key: ["Not a JSON list"]}) from None
        if not isinstance(parsed, list):
            raise ValidationError({key: ["Not a list"]})
        return [str(v) for v in parsed]
    return [part.strip() for part in text.split(",") if part.strip()]


def _require(data, key):
    value = data.get(key)
    if value in (None, ""):
        raise ValidationError({key: ["Missing value"]})
    return str(value)


def dataset_queryset(qs=None):
    qs = Dataset.objects.all() if qs is None else qs
    return qs.select_related("agency__jurisdiction", "license", "harvest_source").prefetch_related(
        "tags", "groups", Prefetch("resources", queryset=Resource.objects.filter(is_deleted=False)))


def readable(ctx):
    if ctx.user is None:
        return permissions.public_datasets()
    return permissions.visible_datasets(ctx.user)


def _is_uuid(value):
    try:
        uuid.UUID(str(value))
        return True
    except ValueError:
        return False


def _find(qs, ident):
    ident = str(ident or "").strip()
    if not ident:
        return None
    cond = Q(name=ident)
    if _is_uuid(ident):
        cond |= Q(pk=ident)
    return qs.filter(cond).first()


def find_dataset(ctx, ident, *, key="id"):
    dataset = _find(dataset_queryset(readable(ctx)), ident)
    if dataset is None:
        raise NotFound("Not found")
    return dataset


def find_resource(ctx, ident):
    if not _is_uuid(ident):
        raise NotFound("Resource was not found.")
    resource = (Resource.objects.filter(pk=ident, is_deleted=False, dataset__in=readable(ctx))
                .select_related("dataset").first())
    if resource is None:
        raise NotFound("Resource was not found.")
    return resource


def _agencies():
    return Agency.objects.select_related("jurisdiction").filter(is_active=True)


def find_agency(ident, key="id"):
    ident = str(ident or "").strip()
    for agency in _agencies():
        if ident in (dicts.org_name(agency), dicts.org_id(agency), str(agency.pk)):
            return agency
    raise NotFound("Organization not found")


def _writer(ctx):
    if ctx.user is None:
        raise NotAuthorized(_("Tindakan ini memerlukan kunci API dengan cakupan satudata:write "
                              "(header Authorization atau X-CKAN-API-Key)."))
    return ctx.user


def _action_error(e):
    if hasattr(e, "error_dict"):
        return ValidationError({k: [str(m) for m in v] for k, v in e.message_dict.items()})
    return ValidationError({}, message=" ".join(str(m) for m in e.messages))


EDIT_CAPS = workflow.WORKFLOW["edit"].who | workflow.WORKFLOW["edit_submitted"].who


def _require_edit(ctx, dataset):
    if not permissions.capacities(ctx.user, dataset) & EDIT_CAPS:
        raise NotAuthorized(_("Pemilik kunci ini tidak berwenang mengubah dataset ini."))


# --- dataset input ----------------------------------------------------------------------------------

def dataset_data(data, *, partial):
    """CKAN's package dict → the keys satudata.actions understands (DATASET_KEYS)."""
    out = {key: data[key] for key in core.DATASET_KEYS if key in data and key not in ("extras",)}
    if "extras" in data:
        extras = data.get("extras")
        if isinstance(extras, list):
            try:
                out["extras"] = {str(e["key"]): e.get("value", "") for e in extras if not e.get("deleted")}
            except (TypeError, KeyError, AttributeError):
                raise ValidationError({"extras": [_("Extras harus daftar {key, value}.")]}) from None
        else:
            out["extras"] = extras
    if "private" in data and "access_level" not in data:
        out["access_level"] = AccessLevel.RESTRICTED if _bool(data["private"]) else AccessLevel.OPEN
    for key in ("maintainer", "maintainer_email"):
        if key in out and out[key] is None:
            out[key] = ""
    if isinstance(out.get("tags"), str):
        out["tags"] = _list(out["tags"], "tags")
    return out


def _sync_resources(ctx, dataset, items, *, partial):
    """package_update's resources list: with id → update, without → create, missing → deleted."""
    if not isinstance(items, list):
        raise ValidationError({"resources": [_("Harus daftar sumber daya.")]})
    existing = {str(r.pk): r for r in dataset.resources.filter(is_deleted=False)}
    kept = set()
    for item in items:
        if not isinstance(item, dict):
            raise ValidationError({"resources": [_("Setiap sumber daya harus objek.")]})
        rid = str(item.get("id") or "")
        if rid in existing:
            kept.add(rid)
            core.update_resource(ctx.user, existing[rid], data=_resource_data(item), partial=True,
                                 request=ctx.request)
        else:
            core.add_resource(ctx.user, dataset, name=item.get("name") or "", description=item.get("description")
                              or "", url=item.get("url") or "", format=item.get("format") or "",
                              request=ctx.request)
    if not partial:
        for rid, resource in existing.items():
            if rid not in kept:
                core.delete_resource(ctx.user, resource, request=ctx.request)


def _resource_data(data):
    return {key: data[key] for key in ("name", "description", "url", "format") if key in data
            and data[key] is not None}


# --- actions ------------------------------------------------------------------------------------------

def status_show(ctx, data):
    return {"site_title": getattr(settings, "SATUDATA_SITE_TITLE", "Satu Data — Baruga"),
            "site_description": "Katalog data sektoral (Satu Data Indonesia)",
            "site_url": dicts.base_url(ctx.request), "ckan_version": CKAN_VERSION, "error_emails_to": None,
            "locale_default": "id", "extensions": ["datastore", "dcat", "baruga_satudata"]}


def site_read(ctx, data):
    return True


def package_list(ctx, data):
    limit = _int(data, "limit", None, minimum=0)
    offset = _int(data, "offset", 0)
    names = permissions.public_datasets().order_by("name").values_list("name", flat=True)
    names = names[offset:offset + limit] if limit is not None else names[offset:]
    return list(names)


def package_show(ctx, data):
    return dicts.package_dict(find_dataset(ctx, _require(data, "id")), request=ctx.request)


def _search_base(ctx, data):
    qs = permissions.public_datasets()
    if ctx.user is not None:
        visible = permissions.visible_datasets(ctx.user)
        if _bool(data.get("include_drafts")):
            qs = visible
        elif _bool(data.get("include_private")):
            qs = visible.filter(state=State.PUBLISHED)
    return qs


def package_search(ctx, data):
    rows = _int(data, "rows", DEFAULT_ROWS, maximum=ROWS_MAX)
    start = _int(data, "start", 0)
    q = str(data.get("q") or "").strip()
    fqs = data.get("fq") or ""
    fq_list = data.get("fq_list") or []
    if isinstance(fqs, list):
        fq_list = list(fq_list) + fqs
        fqs = ""
    qs = _search_base(ctx, data)
    ranked = False
    try:
        if q and q not in ("*:*", "*"):
            qs = qs.filter(query.parse(q[:textsearch.MAX_QUERY_LENGTH * 4]))
            terms = [t for t in textsearch.query_terms(q) if ":" not in t]
            ranked = bool(terms) and ":" not in q
        for fq in [str(fqs), *map(str, _list(fq_list, "fq_list") if not isinstance(fq_list, list) else fq_list)]:
            if fq.strip():
                qs = qs.filter(query.parse(fq, free_text=False))
        if ranked:
            qs = qs.annotate(search_rank=textsearch.rank(Dataset, textsearch.query_terms(q)))
        sort = str(data.get("sort") or ("score desc, metadata_modified desc" if ranked
                                        else "metadata_modified desc"))
        order = query.parse_sort(sort, ranked=ranked)
    except query.QueryError as e:
        raise SearchQueryError(f"Search Query is invalid: {e}") from None
    if any(o.lstrip("-") == "num_resources_" for o in order):
        qs = qs.annotate(num_resources_=Count("resources", filter=Q(resources__is_deleted=False)))
    count = qs.count()
    facet_fields = _list(data.get("facet.field"), "facet.field")
    unknown = [f for f in facet_fields if f not in FACET_FIELDS]
    if unknown:
        raise SearchQueryError(_("Search Query is invalid: facet.field tidak dikenal: %(fields)s") % {"fields": ", ".join(unknown)[:200]})
    facet_limit = _int(data, "facet.limit", 50, minimum=-1)
    mincount = _int(data, "facet.mincount", 1, minimum=0)
    facets, search_facets = {}, {}
    for name in facet_fields:
        items = _facet(qs, name)
        items = [(v, label, n) for v, label, n in items if n >= max(mincount, 1)]
        items.sort(key=lambda item: (-item[2], str(item[0])))
        if facet_limit >= 0:
            items = items[:facet_limit]
        facets[name] = {v: n for v, _label, n in items}
        search_facets[name] = {"title": name, "items": [{"name": v, "display_name": label, "count": n}
                                                        for v, label, n in items]}
    results = []
    fl = _list(data.get("fl"), "fl")
    if rows and fl and all(key in FL_COLUMNS for key in fl):
        # Only plain dataset columns asked for (a harvester's `fl=id` id list): read just those.
        page = qs.order_by(*order).values(*{FL_COLUMNS[key][0] for key in fl})[start:start + rows]
        results = [{key: FL_COLUMNS[key][1](row[FL_COLUMNS[key][0]]) for key in fl} for row in page]
    elif rows:
        # The page's ids first (a narrow sort), then its rows by primary key.
        page = qs.order_by(*order).values_list("pk", flat=True)[start:start + rows]
        results = dicts.package_dicts(page, request=ctx.request)
        if fl:
            results = [{key: item.get(key) for key in fl} for item in results]
    return {"count": count, "facets": facets, "results": results, "sort": sort, "search_facets": search_facets}


def _facet(qs, name):
    ids = qs.values("pk")
    base = Dataset.objects.filter(pk__in=ids)
    if name == "organization":
        agencies = {a.pk: a for a in _agencies()}
        rows = base.values("agency_id").annotate(n=Count("pk"))
        return [(dicts.org_name(agencies[r["agency_id"]]), agencies[r["agency_id"]].name, r["n"])
                for r in rows if r["agency_id"] in agencies]
    # Tags and groups are counted on the link tables: (dataset, tag) is unique there, so a plain count
    # is the number of datasets, without COUNT(DISTINCT …) and without joining the datasets again.
    if name == "groups":
        rows = (Dataset.groups.through.objects.filter(dataset_id__in=ids).values("group__name", "group__title")
                .annotate(n=Count("dataset_id")))
        return [(r["group__name"], r["group__title"], r["n"]) for r in rows]
    if name == "tags":
        rows = (Dataset.tags.through.objects.filter(dataset_id__in=ids).values("tag__name")
                .annotate(n=Count("dataset_id")))
        return [(r["tag__name"], r["tag__name"], r["n"]) for r in rows]
    if name == "res_format":
        rows = (Resource.objects.filter(dataset_id__in=ids, is_deleted=False).exclude(format="")
                .values("format").annotate(n=Count("dataset_id", distinct=True)))
        return [(r["format"], r["format"], r["n"]) for r in rows]
    path = {"license_id": "license_id", "frequency": "frequency", "access_level": "access_level",
            "region_code": "region_code", "priority_year": "priority_year",
            "jurisdiction_code": "jurisdiction__code", "collection_method": "collection_method"}[name]
    rows = base.exclude(**{f"{path}__isnull": True}).values(path).annotate(n=Count("pk"))
    return [(str(r[path]), str(r[path]), r["n"]) for r in rows if r[path] not in ("", None)]


def _public_counts(field):
    return dict(permissions.public_datasets().values(field).annotate(n=Count("pk")).values_list(field, "n"))


def organization_list(ctx, data):
    all_fields = _bool(data.get("all_fields"))
    agencies = sorted(_agencies(), key=dicts.org_name)
    wanted = set(_list(data.get("organizations"), "organizations"))
    if wanted:
        agencies = [a for a in agencies if dicts.org_name(a) in wanted]
    counts = _public_counts("agency_id")
    sort = str(data.get("sort") or "name asc")
    if sort.startswith("package_count"):
        agencies.sort(key=lambda a: counts.get(a.pk, 0), reverse="desc" in sort)
    elif sort.endswith("desc"):
        agencies.reverse()
    offset = _int(data, "offset", 0)
    limit = _int(data, "limit", len(agencies), maximum=1000)
    agencies = agencies[offset:offset + limit]
    if not all_fields:
        return [dicts.org_name(a) for a in agencies]
    return [dicts.organization_dict(a, package_count=counts.get(a.pk, 0), request=ctx.request) for a in agencies]


def organization_show(ctx, data):
    agency = find_agency(_require(data, "id"))
    count = permissions.public_datasets().filter(agency=agency).count()
    out = dicts.organization_dict(agency, package_count=count, request=ctx.request)
    if _bool(data.get("include_datasets")):
        pks = permissions.public_datasets().filter(agency=agency).order_by("name").values_list("pk", flat=True)
        out["packages"] = dicts.package_dicts(pks[:1000], request=ctx.request)
    out["users"] = []
    out["extras"] = []
    out["tags"] = []
    out["groups"] = []
    return out


def organization_list_for_user(ctx, data):
    if ctx.user is None:
        return []
    return [dicts.organization_dict(a, request=ctx.request) for a in
            permissions.creatable_agencies(ctx.user).select_related("jurisdiction")]


def group_list(ctx, data):
    groups = list(Group.objects.all())
    counts = dict(permissions.public_datasets().filter(groups__isnull=False).values("groups")
                  .annotate(n=Count("pk")).values_list("groups", "n"))
    sort = str(data.get("sort") or "name asc")
    groups.sort(key=(lambda g: counts.get(g.pk, 0)) if sort.startswith("package_count") else (lambda g: g.name),
                reverse=sort.endswith("desc"))
    offset = _int(data, "offset", 0)
    limit = _int(data, "limit", len(groups), maximum=1000)
    groups = groups[offset:offset + limit]
    if not _bool(data.get("all_fields")):
        return [g.name for g in groups]
    return [dicts.group_dict(g, package_count=counts.get(g.pk, 0)) for g in groups]


def group_show(ctx, data):
    ident = _require(data, "id")
    cond = Q(name=ident) | (Q(pk=ident) if _is_uuid(ident) else Q(pk__in=[]))
    group = Group.objects.filter(cond).first()
    if group is None:
        raise NotFound("Group not found")
    out = dicts.group_dict(group, package_count=permissions.public_datasets().filter(groups=group).count())
    if _bool(data.get("include_datasets")):
        pks = permissions.public_datasets().filter(groups=group).order_by("name").values_list("pk", flat=True)
        out["packages"] = dicts.package_dicts(pks[:1000], request=ctx.request)
    return out


def tag_list(ctx, data):
    tags = Tag.objects.filter(datasets__in=permissions.public_datasets()).distinct().order_by("name")
    prefix = str(data.get("query") or "").strip()
    if prefix:
        tags = tags.filter(name__icontains=prefix)
    if _bool(data.get("all_fields")):
        return [dicts.tag_dict(t) for t in tags]
    return list(tags.values_list("name", flat=True))


def license_list(ctx, data):
    return [dicts.license_dict(lic) for lic in License.objects.all()]


def resource_show(ctx, data):
    resource = find_resource(ctx, _require(data, "id"))
    return dicts.resource_dict(resource, request=ctx.request)


def datastore_search(ctx, data):
    rid = _require(data, "resource_id")
    try:
        resource = find_resource(ctx, rid)
    except NotFound:
        raise NotFound(f'Resource "{rid}" was not found.') from None
    if not resource.datastore_active:
        raise NotFound(f'Resource "{rid}" was not found.')
    filters = data.get("filters") or {}
    if isinstance(filters, str):
        try:
            filters = json.loads(filters)
        except ValueError:
            raise ValidationError({"filters": ["Cannot parse JSON"]}) from None
    if not isinstance(filters, dict):
        raise ValidationError({"filters": ["Not a JSON object"]})
    q = data.get("q") or ""
    if isinstance(q, str) and q.strip().startswith("{"):
        try:
            q = json.loads(q)
        except ValueError:
            raise ValidationError({"q": ["Cannot parse JSON"]}) from None
    if isinstance(q, dict):  # per-column full text: one text search over all values
        q = " ".join(str(v) for v in q.values())
    records_format = data.get("records_format") or "objects"
    if records_format != "objects":
        raise ValidationError({"records_format": [_("Hanya “objects” yang didukung.")]})
    limit = _int(data, "limit", 100)
    offset = _int(data, "offset", 0)
    include_total = _bool(data.get("include_total"), True)
    fields_wanted = _list(data.get("fields"), "fields")
    sort = str(data.get("sort") or "")
    try:
        result = datastore.search(resource, q=str(q), filters=filters, fields=fields_wanted, sort=sort,
                                  limit=limit, offset=offset, include_total=include_total)
    except datastore.QueryError as e:
        raise ValidationError({getattr(e, "field", "") or "query": [str(e)]}) from None
    types = {"int": "int4", "numeric": "numeric", "date": "date", "text": "text"}
    table_fields = {f["id"]: f for f in resource.datastore.fields}
    fields = []
    for f in result["fields"]:
        if f["id"] == "_id":
            fields.append({"id": "_id", "type": "int"})
            continue
        item = {"id": f["id"], "type": types.get(f["type"], f["type"])}
        label = table_fields.get(f["id"], {}).get("label")
        if label:
            item["info"] = {"label": label}
        fields.append(item)
    path = reverse("satudata_ckan:action", kwargs={"name": "datastore_search"})
    links = {"start": f"{path}?resource_id={rid}", "next": f"{path}?resource_id={rid}&offset={offset + limit}"}
    if limit != 100:
        links = {k: v + f"&limit={limit}" for k, v in links.items()}
    out = {"include_total": include_total, "resource_id": str(resource.pk), "fields": fields,
           "records_format": "objects", "records": result["records"], "limit": limit, "offset": offset,
           "_links": links, "total_was_estimated": False}
    if q:
        out["q"] = q
    if filters:
        out["filters"] = filters
    if include_total:
        out["total"] = result["total"]
    return out


# --- writes -------------------------------------------------------------------------------------------

def package_create(ctx, data):
    user = _writer(ctx)
    owner = data.get("owner_org")
    if not owner:
        raise ValidationError({"owner_org": ["Missing value"]})
    try:
        agency = find_agency(owner)
    except NotFound:
        raise ValidationError({"owner_org": ["Organization does not exist"]}) from None
    if not permissions.can_create_in(user, agency):
        raise NotAuthorized(_("Pemilik kunci ini tidak berwenang membuat dataset untuk %(agency)s.") % {"agency": agency.name})
    values = dataset_data(data, partial=False)
    try:
        dataset = core.create_dataset(user, agency=agency, data=values, request=ctx.request)
        if data.get("resources"):
            _sync_resources(ctx, dataset, data["resources"], partial=True)
    except ActionError as e:
        raise _action_error(e) from None
    return dicts.package_dict(dataset_queryset().get(pk=dataset.pk), request=ctx.request)


def _update(ctx, data, *, partial):
    _writer(ctx)
    ident = data.get("id") or data.get("name")
    if not ident:
        raise ValidationError({"id": ["Missing value"]})
    dataset = find_dataset(ctx, ident)
    _require_edit(ctx, dataset)
    values = dataset_data(data, partial=partial)
    if not partial and "name" not in values:
        values["name"] = dataset.name
    try:
        core.update_dataset(ctx.user, dataset, data=values, partial=partial, request=ctx.request)
        if "resources" in data:
            _sync_resources(ctx, dataset, data["resources"], partial=partial)
    except ActionError as e:
        raise _action_error(e) from None
    return dicts.package_dict(dataset_queryset().get(pk=dataset.pk), request=ctx.request)


def package_update(ctx, data):
    return _update(ctx, data, partial=False)


def package_patch(ctx, data):
    return _update(ctx, data, partial=True)


def package_delete(ctx, data):
    _writer(ctx)
    dataset = find_dataset(ctx, _require(data, "id"))
    name = "delete_published" if dataset.state in (State.PUBLISHED, State.SUBMITTED) else "delete"
    if not permissions.capacities(ctx.user, dataset) & workflow.WORKFLOW[name].who:
        raise NotAuthorized(_("Pemilik kunci ini tidak berwenang menghapus dataset ini."))
    try:
        core.delete_dataset(ctx.user, dataset, note="package_delete (API)", request=ctx.request)
    except ActionError as e:
        raise _action_error(e) from None
    return None


def _upload(ctx, data):
    upload = ctx.files.get("upload")
    if upload is None and data.get("upload") not in (None, ""):
        raise ValidationError({"upload": [_("Kirim berkas sebagai multipart/form-data (ruas “upload”).")]})
    return upload


def resource_create(ctx, data):
    _writer(ctx)
    dataset = find_dataset(ctx, _require(data, "package_id"))
    _require_edit(ctx, dataset)
    upload = _upload(ctx, data)
    try:
        resource = core.add_resource(ctx.user, dataset, name=data.get("name") or "",
                                     description=data.get("description") or "",
                                     url="" if upload is not None else (data.get("url") or ""),
                                     upload=upload, format=data.get("format") or "", request=ctx.request)
    except ActionError as e:
        raise _action_error(e) from None
    resource.refresh_from_db()
    return dicts.resource_dict(resource, request=ctx.request)


def _resource_update(ctx, data, *, partial):
    _writer(ctx)
    resource = find_resource(ctx, _require(data, "id"))
    _require_edit(ctx, resource.dataset)
    upload = _upload(ctx, data)
    values = _resource_data(data)
    if upload is not None:
        values.pop("url", None)
    try:
        core.update_resource(ctx.user, resource, data=values, upload=upload, partial=partial, request=ctx.request)
    except ActionError as e:
        raise _action_error(e) from None
    resource.refresh_from_db()
    return dicts.resource_dict(resource, request=ctx.request)


def resource_update(ctx, data):
    return _resource_update(ctx, data, partial=False)


def resource_patch(ctx, data):
    return _resource_update(ctx, data, partial=True)


def resource_delete(ctx, data):
    _writer(ctx)
    resource = find_resource(ctx, _require(data, "id"))
    _require_edit(ctx, resource.dataset)
    try:
        core.delete_resource(ctx.user, resource, request=ctx.request)
    except ActionError as e:
        raise _action_error(e) from None
    return None


def help_show(ctx, data):
    name = _require(data, "name")
    if name not in ACTIONS:
        raise NotFound(f"Action {name} not found")
    return (ACTIONS[name].__doc__ or name).strip()


ACTIONS = {fn.__name__: fn for fn in (
    status_show, site_read, package_list, package_show, package_search, organization_list, organization_show,
    organization_list_for_user, group_list, group_show, tag_list, license_list, resource_show, datastore_search,
    package_create, package_update, package_patch, package_delete, resource_create, resource_update,
    resource_patch, resource_delete, help_show,
)}
