"""Harvesting other catalogues (a regency's Baruga, any CKAN) into this one (issue 22 item 6).

A `HarvestSource` points at a catalogue's root URL. `harvest(source)` pages through its CKAN
`package_search` the way CKAN's own harvester does (`rows=100`, `start += 100`, `sort=id asc`, until a
page comes back empty), asking only for datasets modified since the last run
(`fq=metadata_modified:[<last seen>Z TO *]`). Each remote dataset becomes (or updates) one local dataset
owned by the source's OPD, PUBLISHED at once (the source's walidata published it), marked with the
source, its remote id and its page: the unique (harvest_source, remote_id) keeps it from ever being
duplicated, and an unchanged remote dataset (same metadata_modified) is skipped. Resources are kept as
links to the source's files. A dataset gone from the source (deleted, withdrawn, made private) is
deleted here too, found by comparing the full id list (`fl=id`).

All writes go through `satudata.actions` as the SYSTEM actor. Runs: `manage.py harvest_satudata`, and the
periodic `manage.py harvest_satudata --due --loop 300` enqueues the `harvest_source_task` of every active
source whose last run is older than SATUDATA_HARVEST_INTERVAL seconds (default 3600).
"""

import datetime as dt
import json
import logging
import re
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from baruga.audit import services as audit
from baruga.directory.models import Agency
from baruga.lib.lifecycle import ActionError
from baruga.satudata import actions, permissions
from baruga.satudata.models import AccessLevel, Dataset, Group, HarvestSource, License, Resource, State

logger = logging.getLogger("baruga.satudata.harvest")
SYSTEM = permissions.SYSTEM
ROWS = 100
MAX_PAGES = 1000
USER_AGENT = "Baruga-SatuData-harvester/1 (+https://github.com/baruga)"
BARUGA_KEYS = ("konsep", "definisi", "klasifikasi", "ukuran", "satuan", "frequency", "region_code", "source",
               "collection_method", "priority_year", "period_start", "period_end")


class HarvestError(Exception):
    pass


def interval():
    return getattr(settings, "SATUDATA_HARVEST_INTERVAL", 3600)


def http_get_json(url, params, *, timeout=30):
    full = url + "?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(full, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) URL from admin)
            body = response.read(50 * 1024 * 1024)
    except urllib.error.HTTPError as e:
        body = e.read(1024 * 1024)
        try:
            error = json.loads(body).get("error")
        except ValueError:
            error = body[:200]
        raise HarvestError(_("HTTP %(code)s dari %(url)s: %(error)s") % {"code": e.code, "url": url, "error": error}) from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise HarvestError(_("Tidak dapat menghubungi %(url)s: %(error)s") % {"url": url, "error": e}) from None
    try:
        payload = json.loads(body)
    except ValueError:
        raise HarvestError(_("Jawaban %(url)s bukan JSON.") % {"url": url}) from None
    if not isinstance(payload, dict) or not payload.get("success"):
        raise HarvestError(_("Jawaban %(url)s tidak berhasil: %(body)s") % {"url": url, "body": str(payload)[:200]})
    return payload["result"]


def _api(source, action):
    return source.url.rstrip("/") + "/api/3/action/" + action


def _parse_time(value):
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _solr_time(value):
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def remote_packages(source, *, since=None, get=http_get_json):
    """Every remote dataset modified since `since`, page by page like CKAN's harvester."""
    fq = (source.config or {}).get("fq", "")
    if since is not None:
        fq = f"{fq} metadata_modified:[{_solr_time(since)} TO *]".strip()
    start = 0
    for _page in range(MAX_PAGES):
        params = {"rows": ROWS, "start": start, "sort": "id asc"}
        if fq:
            params["fq"] = fq
        result = get(_api(source, "package_search"), params)
        items = result.get("results") or []
        if not items:
            return
        yield from items
        start += ROWS


def remote_ids(source, *, get=http_get_json):
    fq = (source.config or {}).get("fq", "")
    ids, start = set(), 0
    for _page in range(MAX_PAGES):
        params = {"rows": 1000, "start": start, "sort": "id asc", "fl": "id"}
        if fq:
            params["fq"] = fq
        items = get(_api(source, "package_search"), params).get("results") or []
        if not items:
            return ids
        ids.update(str(item["id"]) for item in items)
        start += 1000
    return ids


def _local_name(source, remote_name, remote_id, existing):
    """The remote name if free here; else name-<source>; else with part of the remote id."""
    name = re.sub(r"[^a-z0-9_-]", "-", (remote_name or "").lower())[:100] or f"dataset-{remote_id[:8]}"
    if len(name) < 2:
        name = f"dataset-{remote_id[:8]}"
    taken = Dataset.objects.exclude(pk=getattr(existing, "pk", None))
    if not taken.filter(name=name).exists():
        return name
    suffix = slugify(source.title)[:30] or "panen"
    candidate = f"{name[:100 - len(suffix) - 1]}-{suffix}"
    if not taken.filter(name=candidate).exists():
        return candidate
    tail = f"-{remote_id.replace('-', '')[:10]}"
    return f"{candidate[:100 - len(tail)]}{tail}"


def dataset_values(source, pkg, existing=None):
    """A remote package dict → `actions` data; values this catalogue cannot hold are dropped, not fatal."""
    tags = [t.get("name") if isinstance(t, dict) else t for t in pkg.get("tags") or []]
    tags = [t for t in tags if t and actions.TAG_PATTERN.match(t)]
    group_names = {g.get("name") for g in pkg.get("groups") or [] if isinstance(g, dict)}
    groups = list(Group.objects.filter(name__in=group_names).values_list("name", flat=True))
    license_id = pkg.get("license_id") or ""
    if license_id and not License.objects.filter(pk=license_id).exists():
        license_id = ""
    extras = {}
    for item in pkg.get("extras") or []:
        if isinstance(item, dict) and item.get("key"):
            extras[str(item["key"])[:100]] = str(item.get("value") or "")[:2000]
    data = {
        "name": _local_name(source, pkg.get("name"), str(pkg["id"]), existing),
        "title": (pkg.get("title") or pkg.get("name") or "")[:200],
        "notes": pkg.get("notes") or "",
        "tags": tags, "groups": groups, "license_id": license_id, "extras": extras,
        "maintainer": (pkg.get("maintainer") or "")[:120],
        "maintainer_email": pkg.get("maintainer_email") or "",
        "access_level": AccessLevel.OPEN,
    }
    for key in BARUGA_KEYS:
        if pkg.get(key) not in (None, ""):
            data[key] = pkg[key]
    return data


def _save(source, pkg, existing, agency):
    data = dataset_values(source, pkg, existing)
    for _attempt in range(len(data)):
        try:
            if existing is None:
                page = pkg.get("portal_url") or f"{source.url.rstrip('/')}/dataset/{pkg.get('name')}"
                return actions.create_dataset(SYSTEM, agency=agency, data=data, harvest={
                    "source": source, "remote_id": str(pkg["id"]), "source_url": page})
            return actions.update_dataset(SYSTEM, existing, data=data)
        except ActionError as e:
            fields = set(getattr(e, "error_dict", {}) or {}) - {"title", "name"}
            if not fields:
                raise
            for key in fields:  # drop what this catalogue cannot hold (bad region code, e-mail, …) and retry
                data.pop(key, None)
    raise ActionError(_("Data dari sumber tidak dapat disimpan."))


def _sync_resources(dataset, pkg):
    """Remote resources as links (matched by URL): new ones added, gone ones removed."""
    wanted = []
    for item in pkg.get("resources") or []:
        if isinstance(item, dict) and item.get("url") and item.get("state", "active") == "active":
            wanted.append(item)
    current = {r.url: r for r in dataset.resources.filter(is_deleted=False)}
    seen = set()
    for item in wanted:
        url = item["url"][:1000]
        seen.add(url)
        resource = current.get(url)
        values = {"name": (item.get("name") or url.rsplit("/", 1)[-1] or "Sumber")[:200],
                  "description": item.get("description") or "", "format": (item.get("format") or "")[:20]}
        try:
            if resource is None:
                actions.add_resource(SYSTEM, dataset, url=url, **values)
            elif (resource.name, resource.description) != (values["name"], values["description"]):
                actions.update_resource(SYSTEM, resource, data=values)
        except ActionError as e:
            logger.info("harvest: resource %s of %s skipped: %s", url, dataset.name, e.messages)
    for url, resource in current.items():
        if url not in seen:
            actions.delete_resource(SYSTEM, resource)


def _agency_for(source, pkg):
    """The source's OPD, or the one `config["organizations"]` maps the remote organization to."""
    mapping = (source.config or {}).get("organizations") or {}
    org = pkg.get("organization") or {}
    target = mapping.get(org.get("name")) or mapping.get(pkg.get("owner_org"))
    if target:
        agency = Agency.objects.filter(pk=target, jurisdiction=source.jurisdiction).first()
        if agency is not None:
            return agency
    return source.agency


def harvest(source, *, now=None, get=http_get_json, full=False):
    """One run over `source`; returns counts {created, updated, unchanged, deleted, errors}."""
    now = now or timezone.now()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0, "errors": 0}
    if source.agency is None:
        raise HarvestError(_("Sumber panen belum punya OPD pemilik bawaan."))
    if source.kind != HarvestSource.Kind.CKAN:
        raise HarvestError(_("Jenis sumber panen ini belum didukung; gunakan sumber CKAN action API."))
    since = None if full else source.last_modified_seen
    latest = source.last_modified_seen
    messages = []
    for pkg in remote_packages(source, since=since, get=get):
        try:
            remote_id = str(pkg["id"])
        except (KeyError, TypeError):
            counts["errors"] += 1
            continue
        modified = _parse_time(pkg.get("metadata_modified"))
        if modified and (latest is None or modified > latest):
            latest = modified
        existing = Dataset.objects.filter(harvest_source=source, remote_id=remote_id).first()
        gone = pkg.get("state", "active") != "active" or pkg.get("private")
        try:
            with transaction.atomic():
                if gone:
                    if existing is not None and existing.state != State.DELETED:
                        actions.delete_dataset(SYSTEM, existing, note="dihapus/ditutup di sumber")
                        counts["deleted"] += 1
                    continue
                if existing is not None and existing.state == State.DELETED:
                    counts["unchanged"] += 1  # deleted here on purpose: not brought back
                    continue
                if existing is not None and modified and existing.remote_modified == modified:
                    counts["unchanged"] += 1
                    continue
                dataset = _save(source, pkg, existing, _agency_for(source, pkg))
                _sync_resources(dataset, pkg)
                Dataset.objects.filter(pk=dataset.pk).update(remote_modified=modified, harvested_at=now)
                counts["updated" if existing is not None else "created"] += 1
        except ActionError as e:
            counts["errors"] += 1
            messages.append(f"{pkg.get('name')}: {'; '.join(e.messages)}"[:300])
    if (source.config or {}).get("sync_deletions", True):
        present = remote_ids(source, get=get)
        for dataset in Dataset.objects.filter(harvest_source=source).exclude(state=State.DELETED).exclude(
                remote_id__in=present):
            actions.delete_dataset(SYSTEM, dataset, note="tidak ada lagi di sumber")
            counts["deleted"] += 1
    with transaction.atomic():
        HarvestSource.objects.filter(pk=source.pk).update(last_run_at=now, last_modified_seen=latest)
        audit.record(actor=SYSTEM, action="satudata.harvest", target=source, jurisdiction=source.jurisdiction,
                     details={"source_id": str(source.pk), **counts, "errors_sample": messages[:5]})
    source.last_run_at, source.last_modified_seen = now, latest
    return counts


def due_sources(now=None):
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=interval())
    return HarvestSource.objects.filter(Q(last_run_at__isnull=True) | Q(last_run_at__lt=cutoff), is_active=True,
                                        agency__isnull=False)


def enqueue_due(now=None):
    """One background task per source due (`harvest_satudata --due`; the HTTP happens in the worker)."""
    n = 0
    for source in due_sources(now):
        HarvestSource.objects.filter(pk=source.pk).update(last_run_at=now or timezone.now())  # no double enqueue
        harvest_source_task.enqueue(str(source.pk))
        n += 1
    return n


@task()
def harvest_source_task(source_id):
    """Harvest one source (enqueued by the clock sweep when it is due, see enqueue_due); run by the worker."""
    source = HarvestSource.objects.filter(pk=source_id, is_active=True).first()
    if source is None:
        return None
    try:
        return harvest(source)
    except HarvestError as e:
        logger.warning("harvest of %s failed: %s", source.title, e)
        return {"error": str(e)}


def periodic(now):
    """The clock sweep's job (settings.PERIODIC_JOBS): enqueue the harvests that are due; one query when none is."""
    return {"harvest_tasks": enqueue_due(now)}
