"""The DCAT catalogue parsed back with rdflib: DCAT-AP shapes, paging, modified_since, visibility."""

import datetime as dt

import pytest
from django.utils import timezone
from rdflib import Graph, Namespace, URIRef

from baruga.satudata import actions
from baruga.satudata.models import Dataset
from baruga.satudata.tests.conftest import CHECKLIST

pytestmark = pytest.mark.django_db
HYDRA = "http://www.w3.org/ns/hydra/core#"
# Own Namespace objects: pytest's collection probes module attributes, and rdflib's closed namespaces warn.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
PARSERS = {"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}


@pytest.fixture
def catalogue(data, make_dataset, published):
    hidden = make_dataset("draf-saja")
    restricted = make_dataset("terbatas", access_level="restricted")
    actions.submit(data.pita, restricted)
    actions.publish(data.wulan, restricted, checklist=CHECKLIST)
    return published, hidden, restricted


def _graph(client, url, fmt):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    g = Graph()
    g.parse(data=response.content, format=PARSERS[fmt])
    return g, response


@pytest.mark.parametrize("fmt", ["ttl", "rdf", "jsonld"])
def test_catalog_shapes(client, catalogue, fmt):
    published, _hidden, _restricted = catalogue
    g, response = _graph(client, f"/catalog.{fmt}", fmt)
    assert response["Content-Type"].startswith({"ttl": "text/turtle", "rdf": "application/rdf+xml",
                                                "jsonld": "application/ld+json"}[fmt])
    (catalog,) = g.subjects(RDF.type, DCAT.Catalog)
    datasets = list(g.objects(catalog, DCAT.dataset))
    assert len(datasets) == 1  # drafts and terbatas never
    ds = datasets[0]
    assert (ds, RDF.type, DCAT.Dataset) in g
    assert str(g.value(ds, DCTERMS["title"])) == published.title
    assert str(g.value(ds, DCTERMS.description)) == published.notes
    assert {str(k) for k in g.objects(ds, DCAT.keyword)} == {"penduduk", "kependudukan"}
    publisher = g.value(ds, DCTERMS.publisher)
    assert str(g.value(publisher, FOAF.name)) == published.agency.name
    assert g.value(ds, DCTERMS.license) == URIRef(published.license.url)
    assert list(g.objects(ds, DCAT.theme))
    assert g.value(ds, DCTERMS.modified).toPython().replace(tzinfo=dt.UTC) == published.metadata_modified
    dist = g.value(ds, DCAT.distribution)
    assert (dist, RDF.type, DCAT.Distribution) in g
    assert str(g.value(dist, DCAT.downloadURL)).endswith("/unduh/")
    assert g.value(dist, DCAT.accessURL) is not None
    assert str(g.value(dist, DCTERMS["format"])) == "CSV"
    assert str(g.value(dist, DCAT.mediaType)).endswith("text/csv")


@pytest.mark.parametrize("fmt", ["ttl", "rdf", "jsonld"])
def test_dataset_document(client, catalogue, fmt):
    published, hidden, restricted = catalogue
    g, _r = _graph(client, f"/dataset/{published.name}.{fmt}", fmt)
    (ds,) = g.subjects(RDF.type, DCAT.Dataset)
    assert str(g.value(ds, DCTERMS.identifier)) == str(published.pk)
    for name in (hidden.name, restricted.name, "tidak-ada"):
        assert client.get(f"/dataset/{name}.{fmt}").status_code == 404
    assert client.get(f"/dataset/{published.name}.pdf").status_code == 404


def test_paging_and_modified_since(client, settings, data, make_dataset, published):
    settings.SATUDATA_DCAT_PAGE_SIZE = 1
    second = make_dataset("kedua")
    actions.submit(data.pita, second)
    actions.publish(data.wulan, second, checklist=CHECKLIST)
    names = []
    for page in (1, 2):
        g, _r = _graph(client, f"/catalog.ttl?page={page}", "ttl")
        (paging,) = g.subjects(RDF.type, URIRef(HYDRA + "PagedCollection"))
        assert int(g.value(paging, URIRef(HYDRA + "totalItems"))) == 2
        names += [str(g.value(d, DCTERMS.identifier)) for d in g.subjects(RDF.type, DCAT.Dataset)]
        has_next = g.value(paging, URIRef(HYDRA + "nextPage")) is not None
        assert has_next == (page == 1)
    assert sorted(names) == sorted([str(published.pk), str(second.pk)])
    future = timezone.now() + dt.timedelta(hours=1)
    Dataset.objects.filter(pk=second.pk).update(metadata_modified=future + dt.timedelta(minutes=1))
    since = future.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    g, _r = _graph(client, f"/catalog.jsonld?modified_since={since}", "jsonld")
    assert [str(g.value(d, DCTERMS.identifier)) for d in g.subjects(RDF.type, DCAT.Dataset)] == [str(second.pk)]


@pytest.mark.parametrize("query", ["modified_since=kemarin", "page=0", "page=x"])
def test_bad_parameters_are_400(client, published, query):
    assert client.get(f"/catalog.ttl?{query}").status_code == 400
