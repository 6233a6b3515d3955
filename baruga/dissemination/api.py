"""The dissemination API, mounted at /api/v1/dissemination (errors in the shape of `baruga.api_errors`).

- ``GET /dissemination/indicators``: the program indicators of one jurisdiction (Kemendagri code) for a
  period (``start``/``end``, YYYY-MM-DD, inclusive, at most two years), optionally narrowed to one OPD:
  active verified media partners, publications published, placements and their total reach, with the
  publications per kind and the figures per OPD. Aggregates only: public, no authentication.
- ``GET /dissemination/publications``: the newsroom's published items, newest first (public).
"""

import datetime as dt

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from baruga.api_errors import invalid, not_found, responses
from baruga.directory.models import Agency, Jurisdiction
from baruga.dissemination import selectors
from baruga.dissemination.models import PublicationKind
from baruga.lib.api_fields import IsoDate, KemendagriCode
from baruga.lib.siteurl import absolute_url

router = Router(tags=["dissemination"])
MAX_DAYS = 731
PAGE_SIZE = 20


class IndicatorFilters(Schema):
    jurisdiction: KemendagriCode = Field(..., description="Kemendagri code of the province/regency/city")
    start: IsoDate = Field(..., description="First day of the period (YYYY-MM-DD)")
    end: IsoDate = Field(..., description="Last day of the period (YYYY-MM-DD), at most two years after start")
    agency: int | None = Field(None, ge=1, le=2**31 - 1, description="Narrow to one OPD (id) of the jurisdiction")


class KindCount(Schema):
    kind: str
    label: str
    publications: int


class AgencyFigures(Schema):
    agency_id: int | None = Field(description="None: the communications unit itself")
    name: str
    publications: int
    placements: int
    total_reach: int


class IndicatorsOut(Schema):
    jurisdiction: str
    jurisdiction_name: str
    agency_id: int | None
    start: dt.date
    end: dt.date
    active_verified_partners: int = Field(description=(
        "Active partners verified by Dewan Pers (valid on `end`) with a contract overlapping the period; "
        "0 when narrowed to an OPD"))
    publications: int
    placements: int
    total_reach: int = Field(description="Sum over placements of views, or impressions where views are not recorded")
    by_kind: list[KindCount]
    by_agency: list[AgencyFigures]


@router.get("/indicators", response=responses(IndicatorsOut, 400, 404, 422), auth=None,
            summary="Program indicators of information dissemination", url_name="dissemination_indicators")
def indicators(request, filters: Query[IndicatorFilters]):
    """Indicators of one jurisdiction and period (and optionally one OPD). 404 for an unknown jurisdiction
    or an OPD that is not the jurisdiction's; 400 when `end` is before `start` or the period is over two years."""
    jurisdiction = Jurisdiction.objects.filter(code=filters.jurisdiction, is_external=False).first()
    if jurisdiction is None:
        raise not_found()
    if filters.end < filters.start:
        raise invalid(_("Tanggal akhir harus sesudah tanggal awal."), "end")
    if (filters.end - filters.start).days > MAX_DAYS:
        raise invalid(_("Periode paling lama dua tahun."), "end")
    agency = None
    if filters.agency is not None:
        agency = Agency.objects.filter(pk=filters.agency, jurisdiction=jurisdiction).first()
        if agency is None:
            raise not_found()
    f = selectors.indicators(jurisdiction, filters.start, filters.end, agency)
    labels = dict(PublicationKind.choices)
    return {
        "jurisdiction": jurisdiction.code, "jurisdiction_name": jurisdiction.name,
        "agency_id": agency.pk if agency else None, "start": filters.start, "end": filters.end,
        "active_verified_partners": f.active_verified_partners, "publications": f.publications,
        "placements": f.placements, "total_reach": f.total_reach,
        "by_kind": [{"kind": k, "label": str(labels[k]), "publications": n} for k, n in f.by_kind.items()],
        "by_agency": [{"agency_id": a, "name": name, "publications": p, "placements": n, "total_reach": r}
                      for a, name, p, n, r in f.by_agency],
    }


class PublicationFilters(Schema):
    kind: PublicationKind | None = None
    page: int = Field(1, ge=1, le=100000)


class PublicationOut(Schema):
    title: str
    kind: str
    summary: str
    publisher: str
    jurisdiction: str
    published_at: dt.datetime
    url: str


class PublicationPage(Schema):
    count: int
    page: int
    pages: int
    items: list[PublicationOut]


@router.get("/publications", response=responses(PublicationPage, 422), auth=None,
            summary="Published press releases and news (newest first)", url_name="dissemination_publications")
def publications(request, filters: Query[PublicationFilters]):
    page = Paginator(selectors.published(kind=filters.kind or ""), PAGE_SIZE).get_page(filters.page)
    return {
        "count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages,
        "items": [{"title": p.title, "kind": p.kind, "summary": p.summary, "publisher": p.publisher_name,
                   "jurisdiction": p.jurisdiction.code, "published_at": p.published_at,
                   "url": absolute_url(reverse("dissemination:detail", args=[p.slug]), request)}
                  for p in page.object_list],
    }
