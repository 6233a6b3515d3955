"""The statistics API, mounted at /api/v1/stats (errors in the shape of `baruga.api_errors`).

- staff (session): ``GET /stats/dashboards`` (what the caller may open) and
  ``GET /stats/{kind}/{key}`` with kind ``opd`` (key: OPD id), ``wilayah`` (key: jurisdiction code) or
  ``provinsi`` (key: province code), the same figures, scope rules and filters as the dashboard pages;
- the public: ``GET /stats/publik/{code}`` and ``GET /stats/publik/opd/{id}`` (aggregates only).

Filters (query): ``since``/``until`` (YYYY-MM, month of receipt), ``category`` (id), ``agency`` (id),
``region`` (code of a regency/city, province view), ``order`` (tepat-waktu, volume, kepuasan).
A dashboard outside the caller's scope is 404 ``not_found``; bad filters 400 ``invalid`` naming the field.
"""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from baruga.api_auth import session_auth
from baruga.api_errors import ApiError, not_found, responses
from baruga.complaints import permissions
from baruga.complaints.api_support import require_staff
from baruga.lib.api_fields import IsoDate
from baruga.stats import performance, selectors

router = Router(tags=["stats"])
# On-time performance of the staff stages, mounted at /api/v1/staff (beside the complaints staff API).
staff_router = Router(tags=["staff"], auth=session_auth)


class Count(Schema):
    key: str
    label: str
    value: int


class Stage(Schema):
    key: str
    label: str
    done: int
    on_time: int
    late: int
    share_on_time: float | None
    median_days: float | None


class Satisfaction(Schema):
    count: int
    sum: int
    average: float | None
    distribution: list[Count]


class Month(Schema):
    month: str
    received: int
    on_time: int
    late: int
    share_on_time: float | None
    average_rating: float | None


class RankRow(Schema):
    rank: int
    id: int
    label: str
    volume: int
    done: int
    on_time: int
    share_on_time: float | None
    rated: int
    satisfaction: float | None


class MapPoint(Schema):
    lat: float
    lon: float
    value: int


class OpenItem(Schema):
    tracking_id: str
    title: str
    state: str
    state_label: str
    created_at: dt.datetime
    age_days: int
    due_at: dt.datetime | None
    overdue: bool
    agency: str
    jurisdiction: str
    url: str


class FiltersOut(Schema):
    since: str
    until: str
    category: int | None
    agency: int | None
    region: str | None
    order: str


class ScopeOut(Schema):
    kind: str
    key: str
    title: str


class Figures(Schema):
    scope: ScopeOut
    filters: FiltersOut
    total: int
    share_on_time: float | None
    by_state: list[Count]
    by_kind: list[Count]
    by_channel: list[Count]
    by_category: list[Count]
    by_location: list[Count]
    by_month: list[Month]
    stages: list[Stage]
    satisfaction: Satisfaction
    agency_ranking: list[RankRow] | None = None
    region_ranking: list[RankRow] | None = None
    map: list[MapPoint] | None = None
    map_cell: float | None = None  # cell size of the map in degrees: 0.05 province-wide, else 0.01
    oldest: list[OpenItem] | None = None
    oldest_limited: bool | None = None  # some jurisdictions in scope left out: the caller may not open their reports
    pdf_url: str | None = None


class DashboardLink(Schema):
    kind: str
    key: str
    title: str
    url: str
    api_url: str


def _counts(rows):
    return [{"key": str(r["key"]), "label": str(r["label"]), "value": r["value"]} for r in rows]


def _out(figures, *, staff):
    scope, filters = figures["scope"], figures["filters"]
    result = {
        "scope": {"kind": scope.kind, "key": str(scope.key), "title": scope.title},
        "filters": {"since": filters.since.strftime("%Y-%m"), "until": filters.until.strftime("%Y-%m"),
                    "category": filters.category.pk if filters.category else None,
                    "agency": filters.agency.pk if filters.agency else None,
                    "region": filters.region.code if filters.region else None, "order": filters.order},
        "total": figures["total"], "share_on_time": figures["share_on_time"],
        "by_state": _counts(figures["by_state"]), "by_kind": _counts(figures["by_kind"]),
        "by_channel": _counts(figures["by_channel"]), "by_category": _counts(figures["by_category"]),
        "by_location": _counts(figures["by_location"]),
        "by_month": [{"month": m["key"], "received": m["value"], "on_time": m["on_time"], "late": m["late"],
                      "share_on_time": m["share_on_time"], "average_rating": m["average_rating"]}
                     for m in figures["by_month"]],
        "stages": figures["stages"],
        "satisfaction": {**figures["satisfaction"], "distribution": _counts(figures["satisfaction"]["distribution"])},
        "agency_ranking": figures.get("agency_ranking"), "region_ranking": figures.get("region_ranking"),
    }
    if staff:
        result["map"], result["map_cell"] = figures["map"], figures["map_cell"]
        result["oldest"] = [{**r, "url": reverse("complaints:staff_detail", args=[r["tracking_id"]])}
                            for r in figures["oldest"]]
        result["oldest_limited"] = figures["oldest_limited"]
        result["pdf_url"] = reverse("stats:pdf", kwargs={"kind": scope.kind, "key": scope.key}) + \
            f"?month={filters.until:%Y-%m}"
    return result


def _filters(request, scope, *, public=False):
    params = request.GET
    if public:
        params = {k: v for k, v in request.GET.items() if k in ("since", "until")}
    try:
        return selectors.parse_filters(params, scope)
    except selectors.FilterError as exc:
        errors = [{"field": field, "message": message} for field, message in exc.messages.items()]
        raise ApiError(400, "invalid", _("Filter tidak sah; periksa isian berikut."), errors) from None


def _staff(request):
    if not permissions.is_staff_member(request.auth):
        raise ApiError(403, "forbidden", _("Hanya petugas yang dapat membuka dasbor kinerja."))


@router.get("/dashboards", response=responses(list[DashboardLink], 401, 403), auth=session_auth,
            summary="Dashboards the caller may open")
def dashboards(request):
    _staff(request)
    return [{"kind": kind, "key": str(key), "title": title,
             "url": reverse("stats:dashboard", kwargs={"kind": kind, "key": key}),
             "api_url": reverse("api-v1:stats_dashboard", kwargs={"kind": kind, "key": key})}
            for kind, key, title in selectors.dashboards_for(request.auth)]


@router.get("/publik/opd/{int:agency_id}", response=responses(Figures, 400, 404, 422), auth=None,
            summary="Public statistics of one OPD", url_name="stats_public_agency")
def public_agency(request, agency_id: int):
    scope = selectors.scope_for(selectors.OPD, agency_id)
    if scope is None or not scope.obj.is_active:
        raise not_found()
    return _out(selectors.dashboard(scope, _filters(request, scope, public=True), public=True), staff=False)


@router.get("/publik/{code}", response=responses(Figures, 400, 404, 422), auth=None,
            summary="Public statistics of one jurisdiction", url_name="stats_public_jurisdiction")
def public_jurisdiction(request, code: str):
    scope = selectors.scope_for(selectors.REGION, code)
    if scope is None or scope.obj.is_external or not scope.obj.is_active:
        raise not_found()
    return _out(selectors.dashboard(scope, _filters(request, scope, public=True), public=True), staff=False)


@router.get("/{kind}/{key}", response=responses(Figures, 400, 401, 403, 404, 422), auth=session_auth,
            summary="A dashboard's figures (opd/{id}, wilayah/{code}, provinsi/{code})", url_name="stats_dashboard")
def dashboard(request, kind: str, key: str):
    _staff(request)
    scope = selectors.scope_for(kind, key) if kind in (selectors.OPD, selectors.REGION, selectors.PROVINCE) else None
    if scope is None or not selectors.can_open(request.auth, scope):
        raise not_found()
    return _out(selectors.dashboard(scope, _filters(request, scope), user=request.auth), staff=True)


class StageFigures(Schema):
    done: int
    on_time: int
    late: int
    share_on_time: float | None = Field(None, description="percent of stages handled on time")
    median_days: float | None = Field(None, description="median working days the stage took")


class PerformanceRow(Schema):
    id: int
    name: str
    overdue_open: int = Field(description="clocks running past their due moment now")
    stages: dict[str, StageFigures] = Field(description="keyed by clock kind: verification, follow_up")


class PerformanceOut(Schema):
    jurisdictions: list[PerformanceRow]
    agencies: list[PerformanceRow]


@staff_router.get("/performance", response=responses(PerformanceOut, 401, 403, 422))
def staff_performance(request, since: IsoDate | None = None, until: IsoDate | None = None):
    """Share handled on time and median working days per stage, per jurisdiction and OPD in the caller's scope."""
    user = require_staff(request.auth)
    jurisdiction_ids, agency_ids = performance.performance_scope(user)
    figures = performance.performance(jurisdiction_ids, agency_ids, since=since, until=until)
    for row in figures["jurisdictions"] + figures["agencies"]:
        row.pop("obj", None)
    return figures
