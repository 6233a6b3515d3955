"""DCAT-AP catalogue of the published, open datasets: `/catalog.ttl|rdf|jsonld`, `/dataset/<name>.<fmt>`.

Built with rdflib. The catalogue pages like ckanext-dcat (`?page=`, hydra:PagedCollection) and takes
`?modified_since=<ISO date-time>` for incremental harvesting; shapes follow DCAT-AP 2 (dcat:Catalog,
dcat:Dataset, dcat:Distribution; dct:title/description/publisher/license/modified, dcat:keyword,
dcat:theme, dcat:downloadURL/accessURL, dct:format, dcat:mediaType).
"""

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from baruga.satudata import permissions
from baruga.satudata.ckan import dicts
from baruga.satudata.ckan.actions import dataset_queryset

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU_FREQ = Namespace("http://publications.europa.eu/resource/authority/frequency/")
IANA = "https://www.iana.org/assignments/media-types/"
FORMATS = {"ttl": ("turtle", "text/turtle"), "rdf": ("xml", "application/rdf+xml"),
           "xml": ("xml", "application/rdf+xml"), "jsonld": ("json-ld", "application/ld+json")}
FREQUENCIES = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "quarterly": "QUARTERLY",
               "semiannual": "BIANNUAL", "annual": "ANNUAL", "irregular": "IRREG", "once": "NEVER"}


def page_size():
    return getattr(settings, "SATUDATA_DCAT_PAGE_SIZE", 100)


def _graph():
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("hydra", HYDRA), ("vcard", VCARD),
                       ("spdx", SPDX), ("adms", ADMS)):
        g.bind(prefix, ns)
    return g


def _time(value):
    if isinstance(value, dt.datetime):
        return Literal(value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(), datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


def dataset_uri(dataset, base):
    return URIRef(base + reverse("satudata:dataset", args=[dataset.name]))


def add_dataset(g, dataset, base):
    """Triples of one dataset (expects the prefetches of ckan.actions.dataset_queryset)."""
    node = dataset_uri(dataset, base)
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.identifier, Literal(str(dataset.pk))))
    g.add((node, DCTERMS.title, Literal(dataset.title, lang="id")))
    if dataset.notes:
        g.add((node, DCTERMS.description, Literal(dataset.notes, lang="id")))
    g.add((node, DCAT.landingPage, node))
    g.add((node, DCTERMS.issued, _time(dataset.published_at or dataset.created)))
    g.add((node, DCTERMS.modified, _time(dataset.metadata_modified)))
    for tag in dataset.tags.all():
        g.add((node, DCAT.keyword, Literal(tag.name)))
    for group in dataset.groups.all():
        theme = URIRef(f"{base}{reverse('satudata:search')}?topik={group.name}")
        g.add((node, DCAT.theme, theme))
        g.add((theme, DCTERMS.title, Literal(group.title, lang="id")))
    agency = dataset.agency
    publisher = URIRef(f"{base}/organization/{dicts.org_name(agency)}")
    g.add((node, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Organization))
    g.add((publisher, FOAF.name, Literal(agency.name)))
    license = URIRef(dataset.license.url) if dataset.license and dataset.license.url else None
    if license is not None:
        g.add((node, DCTERMS.license, license))
    if dataset.frequency in FREQUENCIES:
        g.add((node, DCTERMS.accrualPeriodicity, EU_FREQ[FREQUENCIES[dataset.frequency]]))
    if dataset.period_start or dataset.period_end:
        period = BNode()
        g.add((node, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.period_start:
            g.add((period, DCAT.startDate, _time(dataset.period_start)))
        if dataset.period_end:
            g.add((period, DCAT.endDate, _time(dataset.period_end)))
    if dataset.region_code:
        g.add((node, DCTERMS.spatial, Literal(dataset.region_code)))
    if dataset.source:
        g.add((node, DCTERMS.source, Literal(dataset.source)))
    if dataset.maintainer or dataset.maintainer_email:
        contact = BNode()
        g.add((node, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Organization))
        g.add((contact, VCARD.fn, Literal(dataset.maintainer or agency.name)))
        if dataset.maintainer_email:
            g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.maintainer_email}")))
    g.add((node, DCTERMS.accessRights, Literal("public" if dataset.is_public else dataset.access_level)))
    for resource in dicts.live_resources(dataset):
        resource.dataset = dataset
        dist = URIRef(base + reverse("satudata:resource", args=[dataset.name, resource.pk]))
        g.add((node, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.identifier, Literal(str(resource.pk))))
        g.add((dist, DCTERMS.title, Literal(resource.name, lang="id")))
        if resource.description:
            g.add((dist, DCTERMS.description, Literal(resource.description, lang="id")))
        g.add((dist, DCAT.accessURL, dist))
        url = dicts.resource_url(resource)
        if resource.url_type == "upload":
            url = base + reverse("satudata:download", args=[dataset.name, resource.pk])
        if url:
            g.add((dist, DCAT.downloadURL, URIRef(url)))
        if resource.format:
            g.add((dist, DCTERMS.format, Literal(resource.format)))
        if resource.mimetype:
            g.add((dist, DCAT.mediaType, URIRef(IANA + resource.mimetype)))
        if resource.size:
            g.add((dist, DCAT.byteSize, Literal(resource.size, datatype=XSD.nonNegativeInteger)))
        if resource.hash:
            checksum = BNode()
            g.add((dist, SPDX.checksum, checksum))
            g.add((checksum, RDF.type, SPDX.Checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((checksum, SPDX.checksumValue, Literal(resource.hash, datatype=XSD.hexBinary)))
        if license is not None:
            g.add((dist, DCTERMS.license, license))
        g.add((dist, DCTERMS.modified, _time(resource.last_modified or resource.metadata_modified)))
    return node


def _serialize(g, fmt):
    name, content_type = FORMATS[fmt]
    if name == "json-ld":
        body = g.serialize(format="json-ld", context={
            "dcat": str(DCAT), "dct": str(DCTERMS), "foaf": str(FOAF), "hydra": str(HYDRA), "vcard": str(VCARD),
            "spdx": str(SPDX)}, indent=2)
    else:
        body = g.serialize(format=name)
    return HttpResponse(body, content_type=f"{content_type}; charset=utf-8")


def _parse_since(raw):
    text = raw.strip().replace(" ", "+")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def catalog(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    qs = permissions.public_datasets()
    since = request.GET.get("modified_since", "")
    if since:
        try:
            qs = qs.filter(metadata_modified__gte=_parse_since(since))
        except ValueError:
            return HttpResponseBadRequest(_("modified_since harus tanggal-waktu ISO 8601, mis. 2024-01-31T00:00:00Z."),
                                          content_type="text/plain; charset=utf-8")
    try:
        page = int(request.GET.get("page") or 1)
        if page < 1:
            raise ValueError
    except ValueError:
        return HttpResponseBadRequest(_("page harus bilangan bulat ≥ 1."), content_type="text/plain; charset=utf-8")
    size = page_size()
    total = qs.count()
    ids = list(qs.order_by("-metadata_modified", "id").values_list("pk", flat=True)[(page - 1) * size:page * size])
    base = dicts.base_url(request)
    g = _graph()
    catalog_node = URIRef(base + "/catalog")
    g.add((catalog_node, RDF.type, DCAT.Catalog))
    g.add((catalog_node, DCTERMS.title, Literal(getattr(settings, "SATUDATA_SITE_TITLE", "Satu Data — Baruga"),
                                                 lang="id")))
    g.add((catalog_node, DCTERMS.description, Literal("Katalog data sektoral (Satu Data Indonesia)", lang="id")))
    g.add((catalog_node, FOAF.homepage, URIRef(base + reverse("satudata:search"))))
    g.add((catalog_node, DCTERMS.language, URIRef("http://publications.europa.eu/resource/authority/language/IND")))
    latest = permissions.public_datasets().order_by("-metadata_modified").values_list("metadata_modified",
                                                                                       flat=True).first()
    if latest:
        g.add((catalog_node, DCTERMS.modified, _time(latest)))
    by_pk = {d.pk: d for d in dataset_queryset().filter(pk__in=ids)}
    for pk in ids:
        g.add((catalog_node, DCAT.dataset, add_dataset(g, by_pk[pk], base)))
    # Paging (as ckanext-dcat): hydra:PagedCollection with first/last/next/previous pages.
    last = max(1, -(-total // size))
    here = request.build_absolute_uri(request.path)
    extra = f"&modified_since={since}" if since else ""
    paging = URIRef(f"{here}?page={page}{extra}")
    g.add((paging, RDF.type, HYDRA.PagedCollection))
    g.add((paging, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    g.add((paging, HYDRA.itemsPerPage, Literal(size, datatype=XSD.integer)))
    g.add((paging, HYDRA.firstPage, Literal(f"{here}?page=1{extra}")))
    g.add((paging, HYDRA.lastPage, Literal(f"{here}?page={last}{extra}")))
    if page < last:
        g.add((paging, HYDRA.nextPage, Literal(f"{here}?page={page + 1}{extra}")))
    if page > 1:
        g.add((paging, HYDRA.previousPage, Literal(f"{here}?page={page - 1}{extra}")))
    return _serialize(g, fmt)


def dataset(request, name, fmt):
    if fmt not in FORMATS:
        raise Http404
    item = dataset_queryset(permissions.public_datasets()).filter(name=name).first()
    if item is None:
        raise Http404
    g = _graph()
    add_dataset(g, item, dicts.base_url(request))
    return _serialize(g, fmt)
