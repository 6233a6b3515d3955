"""Reads with business rules: the portal's faceted search, dataset and resource look-ups, staff lists.

The portal search runs over `permissions.visible_datasets(user)` (anonymous: published and terbuka) with
the normalised text search of `lib.textsearch` (every term required, most relevant first) and the facets
OPD, topic, format, region (jurisdiction), year (of the period covered) and licence. Facet counts are
computed over the results filtered by every *other* facet, so choosing one value still shows its siblings.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404

from baruga.lib import textsearch
from baruga.satudata import permissions
from baruga.satudata.models import Dataset, Resource, State

FACETS = ("organisasi", "topik", "format", "wilayah", "tahun", "lisensi")
SORTS = {"relevan": None, "terbaru": ["-metadata_modified", "id"], "judul": ["title", "id"]}


@dataclass
class Search:
    q: str = ""
    chosen: dict = field(default_factory=dict)  # facet → value (strings, as in the URL)
    sort: str = "relevan"


def _apply(qs, facet, value):
    if facet == "organisasi":
        return qs.filter(agency_id=value) if value.isdigit() else qs.none()
    if facet == "topik":
        return qs.filter(groups__name=value)
    if facet == "format":
        return qs.filter(resources__format__iexact=value, resources__is_deleted=False)
    if facet == "wilayah":
        return qs.filter(jurisdiction__code=value)
    if facet == "tahun":
        if not value.isdigit():
            return qs.none()
        year = int(value)
        return qs.filter(Q(period_start__year__lte=year) | Q(period_start__isnull=True),
                         Q(period_end__year__gte=year) | Q(period_end__isnull=True)).exclude(
            period_start__isnull=True, period_end__isnull=True)
    if facet == "lisensi":
        return qs.filter(license_id=value)
    return qs


def _base(user, q):
    qs = permissions.visible_datasets(user) if user is not None else permissions.public_datasets()
    if user is not None and getattr(user, "is_authenticated", False):
        qs = qs.filter(state=State.PUBLISHED)  # the portal shows published data only, staff included
    q = (q or "").strip()[:textsearch.MAX_QUERY_LENGTH]
    if q:
        terms = textsearch.query_terms(q)
        if not terms:
            return qs.none(), False
        qs = qs.filter(textsearch.matches(Dataset, terms)).annotate(search_rank=textsearch.rank(Dataset, terms))
        return qs, True
    return qs, False


def portal_search(search, user=None):
    """(datasets queryset, facets) — facets: {facet: [(value, label, count, chosen)]}."""
    qs, ranked = _base(user, search.q)
    filtered = qs
    for facet, value in search.chosen.items():
        filtered = _apply(filtered, facet, value)
    order = SORTS.get(search.sort) or (["-search_rank", "-metadata_modified", "id"] if ranked
                                       else ["-metadata_modified", "id"])
    results = (Dataset.objects.filter(pk__in=filtered.values("pk")).select_related("agency", "jurisdiction", "license")
               .prefetch_related("groups", "tags"))
    if ranked:
        terms = textsearch.query_terms(search.q)
        results = results.annotate(search_rank=textsearch.rank(Dataset, terms))
    results = results.order_by(*order)
    facets = {}
    for facet in FACETS:
        others = qs
        for other, value in search.chosen.items():
            if other != facet:
                others = _apply(others, other, value)
        facets[facet] = _facet_values(facet, others, search.chosen.get(facet))
    return results, facets


def _facet_values(facet, qs, chosen):
    ids = qs.values("pk")
    base = Dataset.objects.filter(pk__in=ids)
    if facet == "organisasi":
        rows = base.values("agency_id", "agency__name").annotate(n=Count("pk", distinct=True))
        items = [(str(r["agency_id"]), r["agency__name"], r["n"]) for r in rows]
    elif facet == "topik":
        rows = base.filter(groups__isnull=False).values("groups__name", "groups__title").annotate(
            n=Count("pk", distinct=True))
        items = [(r["groups__name"], r["groups__title"], r["n"]) for r in rows]
    elif facet == "format":
        rows = (Resource.objects.filter(dataset_id__in=ids, is_deleted=False).exclude(format="")
                .values("format").annotate(n=Count("dataset_id", distinct=True)))
        items = [(r["format"], r["format"], r["n"]) for r in rows]
    elif facet == "wilayah":
        rows = base.values("jurisdiction__code", "jurisdiction__name").annotate(n=Count("pk", distinct=True))
        items = [(r["jurisdiction__code"], r["jurisdiction__name"], r["n"]) for r in rows]
    elif facet == "tahun":
        counts = {}
        for start, end in base.values_list("period_start", "period_end"):
            if start is None and end is None:
                continue
            first, last = (start or end).year, (end or start).year
            for year in range(first, min(last, first + 50) + 1):
                counts[year] = counts.get(year, 0) + 1
        items = [(str(y), str(y), n) for y, n in sorted(counts.items(), reverse=True)]
        return [(v, label, n, v == chosen) for v, label, n in items]
    elif facet == "lisensi":
        rows = base.filter(license__isnull=False).values("license_id", "license__title").annotate(
            n=Count("pk", distinct=True))
        items = [(r["license_id"], r["license__title"], r["n"]) for r in rows]
    else:
        items = []
    items.sort(key=lambda item: (-item[2], str(item[1])))
    return [(v, label, n, v == chosen) for v, label, n in items]


def public_dataset(user, name):
    """A dataset the user may read on the portal, by name; 404 otherwise (drafts never, deleted never)."""
    dataset = (permissions.visible_datasets(user).filter(name=name)
               .select_related("agency", "jurisdiction", "license", "harvest_source")
               .prefetch_related("groups", "tags").first())
    if dataset is None:
        raise Http404
    if dataset.state != State.PUBLISHED and not permissions.staff_datasets(user).filter(pk=dataset.pk).exists():
        raise Http404
    return dataset


def resources_of(dataset):
    return dataset.resources.filter(is_deleted=False).order_by("position", "created")


def resource_of(dataset, resource_id):
    resource = resources_of(dataset).filter(pk=resource_id).first()
    if resource is None:
        raise Http404
    return resource


def staff_dataset(user, pk):
    dataset = (permissions.staff_datasets(user).filter(pk=pk).select_related("agency", "jurisdiction", "license")
               .prefetch_related("groups", "tags").first())
    if dataset is None:
        raise Http404
    return dataset


def staff_inbox(user, *, state="", q=""):
    qs = permissions.staff_datasets(user).select_related("agency", "jurisdiction")
    if state in State.values:
        qs = qs.filter(state=state)
    q = (q or "").strip()
    if q:
        terms = textsearch.query_terms(q)
        qs = qs.filter(textsearch.matches(Dataset, terms)) if terms else qs.none()
    return qs.order_by("review_due", "-metadata_modified")


def review_queue(user):
    """Datasets waiting for this walidata's review, the closest due date first."""
    juris = permissions.reviewer_jurisdiction_ids(user)
    return (Dataset.objects.filter(state=State.SUBMITTED, jurisdiction_id__in=juris)
            .select_related("agency", "jurisdiction").order_by("review_due", "submitted_at"))


def numeric_columns(fields):
    return [f for f in fields if f["type"] in ("int", "numeric")]


def label_columns(fields):
    return [f for f in fields if f["type"] in ("text", "date", "int")]
