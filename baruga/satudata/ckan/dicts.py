"""CKAN's dict shapes (CKAN 2.10/2.11 `package_show`, `resource_show`, `organization_show`, …).

Timestamps are naive ISO 8601 in UTC, as CKAN returns them ("2024-01-31T08:00:00.123456").
Baruga's own metadata (the data standard, frequency, access level, …) is added as top-level keys, the way
ckanext-scheming exposes custom fields; a client that sends a dict back to package_update keeps them.
"""

import datetime as dt
import functools
import uuid
from collections import defaultdict
from types import SimpleNamespace

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils.text import slugify

from baruga.lib.lookups import AnyOf
from baruga.satudata.models import AccessLevel, Dataset, License, Resource, State

# Baruga fields passed through as top-level keys (all accepted back by actions.clean_dataset).
EXTRA_FIELDS = ("konsep", "definisi", "klasifikasi", "ukuran", "satuan", "frequency", "region_code", "source",
                "collection_method", "access_level", "priority_year")
ORG_NAMESPACE = uuid.UUID("6f3c1f0e-4b1e-5d53-9a39-5b6172756761")


def ckan_time(value):
    """A datetime as CKAN writes it: UTC, naive, ISO 8601; a date as YYYY-MM-DD; None stays None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    return value.isoformat()


def ckan_state(dataset):
    if dataset.state == State.DELETED:
        return "deleted"
    return "active" if dataset.state == State.PUBLISHED else "draft"


def base_url(request=None):
    """The site's root URL as the caller reached it (computed once per request)."""
    if request is not None:
        cached = getattr(request, "_ckan_base_url", None)
        if cached is None:
            cached = request._ckan_base_url = request.build_absolute_uri("/").rstrip("/")
        return cached
    return (getattr(settings, "SITE_URL", "") or "").rstrip("/")


_PLACEHOLDER_NAME, _PLACEHOLDER_ID = "ckan-name-placeholder", uuid.UUID(int=0)


@functools.cache
def _url_template(view):
    # reverse() once per view: building thousands of URLs per page would cost more than the query
    return reverse(view, args=[_PLACEHOLDER_NAME, _PLACEHOLDER_ID]) if view != "satudata:dataset" \
        else reverse(view, args=[_PLACEHOLDER_NAME])


def fast_url(view, name, resource_id=None):
    url = _url_template(view).replace(_PLACEHOLDER_NAME, name)
    return url.replace(str(_PLACEHOLDER_ID), str(resource_id)) if resource_id is not None else url


def org_name(agency):
    """The organization's CKAN name: jurisdiction and OPD, unique because (jurisdiction, name) is."""
    jurisdiction = agency.jurisdiction
    name = slugify(f"{jurisdiction.short_name or jurisdiction.name} {agency.short_name or agency.name}")
    return (name or f"opd-{agency.pk}")[:90]


def org_id(agency):
    """A stable UUID for an OPD (CKAN ids are UUIDs): derived from its primary key."""
    return _org_uuid(agency.pk)


@functools.lru_cache(maxsize=4096)
def _org_uuid(pk):
    return str(uuid.uuid5(ORG_NAMESPACE, f"agency:{pk}"))


def organization_dict(agency, *, package_count=None, request=None):
    out = {
        "id": org_id(agency),
        "name": org_name(agency),
        "title": agency.name,
        "display_name": agency.name,
        "type": "organization",
        "description": f"{agency.name}, {agency.jurisdiction.name}",
        "image_url": "",
        "image_display_url": "",
        "created": None,
        "is_organization": True,
        "approval_status": "approved",
        "state": "active" if agency.is_active else "deleted",
        "jurisdiction_code": agency.jurisdiction.code,
        "jurisdiction_name": agency.jurisdiction.name,
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def group_dict(group, *, package_count=None):
    out = {
        "id": str(group.pk), "name": group.name, "title": group.title, "display_name": group.title,
        "description": group.description, "type": "group", "image_url": "", "image_display_url": "",
        "created": ckan_time(group.created), "is_organization": False, "approval_status": "approved",
        "state": "active",
    }
    if package_count is not None:
        out["package_count"] = package_count
    return out


def tag_dict(tag):
    return {"id": str(tag.pk), "name": tag.name, "display_name": tag.name, "state": "active",
            "vocabulary_id": None}


def license_dict(license):
    return {"id": license.id, "title": license.title, "url": license.url, "od_conformance":
            "approved" if license.is_open else "not reviewed", "osd_conformance": "not reviewed",
            "status": "active", "family": "", "maintainer": "", "is_generic": False,
            "domain_content": False, "domain_data": True, "domain_software": False}


def resource_url(resource, request=None):
    if resource.url_type == "upload":
        return base_url(request) + fast_url("satudata:download", resource.dataset.name, resource.pk)
    return resource.url


def resource_dict(resource, *, request=None):
    return {
        "id": str(resource.pk),
        "package_id": str(resource.dataset_id),
        "name": resource.name,
        "description": resource.description,
        "url": resource_url(resource, request),
        "url_type": resource.url_type or None,
        "format": resource.format,
        "mimetype": resource.mimetype or None,
        "mimetype_inner": None,
        "size": resource.size,
        "hash": resource.hash,
        "position": resource.position,
        "created": ckan_time(resource.created),
        "last_modified": ckan_time(resource.last_modified),
        "metadata_modified": ckan_time(resource.metadata_modified),
        "state": "deleted" if resource.is_deleted else "active",
        "datastore_active": resource.datastore_active,
        # Baruga's own: the background load (pending, loading, done, error; "" for files that are not tables).
        "datastore_status": Resource.phase_of(resource.datastore_status) or None,
        "resource_type": None,
        "cache_url": None,
        "cache_last_updated": None,
    }


def live_resources(dataset):
    """The dataset's resources in order, without deleted ones (uses a prefetch when there is one)."""
    items = [r for r in dataset.resources.all() if not r.is_deleted]
    items.sort(key=lambda r: (r.position, r.created))
    return items


def package_dict(dataset, *, request=None):
    """CKAN's package_show dict of a model instance. Expects agency__jurisdiction, license, harvest_source
    selected and tags, groups, resources prefetched (see `actions.dataset_queryset`) to avoid a query per
    dataset. For pages of datasets use `package_dicts` (same dicts, from a few bulk `.values()` queries)."""
    resources = live_resources(dataset)
    for resource in resources:
        resource.dataset = dataset  # download URLs need the dataset's name: no query
    tags = sorted(dataset.tags.all(), key=lambda t: t.name)
    groups = sorted(dataset.groups.all(), key=lambda g: g.name)
    source = dataset.harvest_source if dataset.harvest_source_id else None
    return _package(dataset, dataset.agency, organization_dict(dataset.agency, request=request), dataset.license,
                    source, tags, groups, resources, request)


# Columns read for `package_dicts` (everything `_package` and `resource_dict` use), the OPD and the harvest
# source joined in the same query.
PAGE_VALUES = ("pk", "name", "title", "notes", "maintainer", "maintainer_email", "license_id", "agency_id",
               "access_level", "state", "created", "metadata_modified", "extras", "period_start", "period_end",
               "harvest_source_id", "remote_id", "source_url", "harvested_at", *EXTRA_FIELDS,
               "agency__name", "agency__short_name", "agency__is_active", "agency__jurisdiction__name",
               "agency__jurisdiction__short_name", "agency__jurisdiction__code", "harvest_source__title",
               "harvest_source__url")
RESOURCE_VALUES = ("pk", "dataset_id", "name", "description", "url", "url_type", "format", "mimetype", "size",
                   "hash", "position", "created", "last_modified", "metadata_modified", "is_deleted",
                   "datastore_active", "datastore_status")


def package_dicts(pks, *, request=None):
    """`package_dict` of the datasets `pks` (in that order; missing ones left out), see `page_dicts`."""
    pks = list(pks)
    # No ORDER BY (the default ordering would sort by metadata_modified): the rows are put in `pks`'s order.
    found = Dataset.objects.filter(AnyOf(F("pk"), pks)).order_by().values(*PAGE_VALUES) if pks else ()
    rows = {row["pk"]: row for row in found}
    return page_dicts([rows[pk] for pk in pks if pk in rows], request=request)


def page_dicts(rows, *, request=None):
    """`package_dict` of dataset rows read with `.values(*PAGE_VALUES)`, in their order: four more
    queries whatever their number (licences, tags, groups, resources), no model instances."""
    if not rows:
        return []
    pks = [row["pk"] for row in rows]
    agencies, sources, datasets = {}, {}, []
    for row in rows:
        d = SimpleNamespace(**{key: row[key] for key in PAGE_VALUES if "__" not in key})
        datasets.append(d)
        if d.agency_id not in agencies:
            agencies[d.agency_id] = SimpleNamespace(
                pk=d.agency_id, name=row["agency__name"], short_name=row["agency__short_name"],
                is_active=row["agency__is_active"], jurisdiction=SimpleNamespace(
                    name=row["agency__jurisdiction__name"], short_name=row["agency__jurisdiction__short_name"],
                    code=row["agency__jurisdiction__code"]))
        if d.harvest_source_id and d.harvest_source_id not in sources:
            sources[d.harvest_source_id] = SimpleNamespace(title=row["harvest_source__title"],
                                                           url=row["harvest_source__url"])
    licenses = {lic.id: lic for lic in License.objects.all()}
    tags, groups, resources = defaultdict(list), defaultdict(list), defaultdict(list)
    # The page's datasets as one array parameter; no ORDER BY in these three (Resource's default ordering
    # joins the datasets to sort): each list is sorted below.
    tag_rows = Dataset.tags.through.objects.filter(AnyOf(F("dataset_id"), pks)).order_by()
    for dataset_id, tag_id, name in tag_rows.values_list("dataset_id", "tag_id", "tag__name"):
        tags[dataset_id].append(SimpleNamespace(pk=tag_id, name=name))
    group_rows = Dataset.groups.through.objects.filter(AnyOf(F("dataset_id"), pks)).order_by()
    for dataset_id, group_id, name, title, description in group_rows.values_list(
            "dataset_id", "group_id", "group__name", "group__title", "group__description"):
        groups[dataset_id].append(SimpleNamespace(pk=group_id, name=name, title=title, description=description))
    resource_rows = Resource.objects.filter(AnyOf(F("dataset_id"), pks), is_deleted=False).order_by()
    for r in resource_rows.values(*RESOURCE_VALUES):
        resources[r["dataset_id"]].append(SimpleNamespace(**r))
    out, orgs = [], {}
    for d in datasets:
        org = orgs.get(d.agency_id)
        if org is None:
            org = orgs[d.agency_id] = organization_dict(agencies[d.agency_id], request=request)
        items = sorted(resources[d.pk], key=lambda r: (r.position, r.created))
        for r in items:
            r.dataset = d
        out.append(_package(d, agencies[d.agency_id], dict(org), licenses.get(d.license_id),
                            sources.get(d.harvest_source_id), sorted(tags[d.pk], key=lambda t: t.name),
                            sorted(groups[d.pk], key=lambda g: g.name), items, request))
    return out


def _package(dataset, agency, organization, license, source, tags, groups, resources, request):
    out = {
        "id": str(dataset.pk),
        "name": dataset.name,
        "title": dataset.title,
        "type": "dataset",
        "notes": dataset.notes,
        "url": "",
        "version": None,
        "author": None,
        "author_email": None,
        "maintainer": dataset.maintainer or None,
        "maintainer_email": dataset.maintainer_email or None,
        "license_id": dataset.license_id or "",
        "license_title": license.title if license else None,
        "license_url": license.url if license else None,
        "isopen": bool(license and license.is_open),
        "owner_org": organization["id"],
        "organization": organization,
        "private": dataset.access_level != AccessLevel.OPEN,
        "state": ckan_state(dataset),
        "creator_user_id": None,
        "metadata_created": ckan_time(dataset.created),
        "metadata_modified": ckan_time(dataset.metadata_modified),
        "num_resources": len(resources),
        "num_tags": len(tags),
        "tags": [tag_dict(t) for t in tags],
        "groups": [{"id": str(g.pk), "name": g.name, "title": g.title, "display_name": g.title,
                    "description": g.description, "image_display_url": ""} for g in groups],
        "extras": [{"key": k, "value": v} for k, v in sorted((dataset.extras or {}).items())],
        "resources": [resource_dict(r, request=request) for r in resources],
        "relationships_as_object": [],
        "relationships_as_subject": [],
        # Baruga / Satu Data metadata (top-level, as ckanext-scheming does).
        **{key: getattr(dataset, key) for key in EXTRA_FIELDS},
        "period_start": ckan_time(dataset.period_start),
        "period_end": ckan_time(dataset.period_end),
        "satudata_state": dataset.state,
        "jurisdiction_code": agency.jurisdiction.code,
        "jurisdiction_name": agency.jurisdiction.name,
        "portal_url": base_url(request) + fast_url("satudata:dataset", dataset.name),
    }
    if source is not None:
        out.update({"harvest_source_title": source.title, "harvest_source_url": source.url,
                    "harvest_remote_id": dataset.remote_id, "harvest_dataset_url": dataset.source_url or None,
                    "harvested_at": ckan_time(dataset.harvested_at)})
    return out
