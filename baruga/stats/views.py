"""Dashboards for staff (scoped), public statistics, monthly PDFs and table downloads."""

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from baruga.complaints.views_staff import staff_required
from baruga.directory.models import Agency, Jurisdiction, Level
from baruga.lib import exports, maps
from baruga.security import detection
from baruga.stats import charts, pdf, selectors
from baruga.stats.places import CENTRES
from baruga.stats.selectors import OPD, PROVINCE, REGION

KINDS = (OPD, REGION, PROVINCE)


def _with_tiles(view):
    """Allow the configured tile server in img-src, on the dashboard only."""
    def wrapped(request, *args, **kwargs):
        return maps.allow_tiles(view(request, *args, **kwargs))

    wrapped.__name__ = view.__name__
    return wrapped


def _scope_or_404(request, kind, key):
    if kind not in KINDS:
        raise Http404
    scope = selectors.scope_for(kind, key)
    if scope is None or not selectors.can_open(request.user, scope):
        raise Http404
    return scope


def _charts(figures, prefix=""):
    result = {
        "state": charts.bars(f"{prefix}chart-state", f"{prefix}h-state",
                             [r for r in figures["by_state"] if r["value"]] or figures["by_state"][:1]),
        "category": charts.bars(f"{prefix}chart-category", f"{prefix}h-category", figures["by_category"][:15]),
        "channel": charts.bars(f"{prefix}chart-channel", f"{prefix}h-channel", figures["by_channel"]),
        "kind": charts.bars(f"{prefix}chart-kind", f"{prefix}h-kind", figures["by_kind"]),
        "month": charts.line(f"{prefix}chart-month", f"{prefix}h-month", figures["by_month"]),
        "month_on_time": charts.stacked(
            f"{prefix}chart-month-on-time", f"{prefix}h-month-on-time",
            [m for m in figures["by_month"] if m["on_time"] or m["late"]] or figures["by_month"][-1:],
            [("on_time", _("tepat waktu"), "on-time"), ("late", _("terlambat"), "late")]),
        "satisfaction": charts.bars(f"{prefix}chart-satisfaction", f"{prefix}h-satisfaction",
                                    figures["satisfaction"]["distribution"]),
        "stages": charts.stacked(
            f"{prefix}chart-stages", f"{prefix}h-stages", figures["stages"],
            [("on_time", _("tepat waktu"), "on-time"), ("late", _("terlambat"), "late")]),
        "location": charts.bars(f"{prefix}chart-location", f"{prefix}h-location", figures["by_location"][:24]),
    }
    if "agency_ranking" in figures:
        result["agencies"] = charts.bars(
            f"{prefix}chart-agencies", f"{prefix}h-agencies",
            [{"label": r["label"], "value": r["share_on_time"]} for r in figures["agency_ranking"][:10]], unit="%")
    if "region_ranking" in figures:
        result["regions"] = charts.bars(
            f"{prefix}chart-regions", f"{prefix}h-regions",
            [{"label": r["label"], "value": r["share_on_time"]} for r in figures["region_ranking"]], unit="%")
    return result


def _urls(kind, scope, filters):
    base = {"kind": kind, "key": scope.key}
    query = urlencode(filters.as_query()) if filters else ""
    urls = {
        "self": reverse("stats:dashboard", kwargs=base),
        "pdf": reverse("stats:pdf", kwargs=base) + (f"?{urlencode({'month': filters.until.strftime('%Y-%m')})}"
                                                    if filters else ""),
    }
    for table in ("oldest", "agencies", "regions"):
        for fmt in exports.FORMATS:
            urls[f"{table}_{fmt}"] = reverse("stats:export", kwargs={**base, "table": table, "fmt": fmt}) + (
                f"?{query}" if query else "")
    return urls


@staff_required
def home(request):
    """Where a leader lands after signing in: their widest dashboard (the province's, else their
    regency/city's, else an OPD's), or the list of dashboards when they have none."""
    dashboards = selectors.dashboards_for(request.user)
    for kind in (PROVINCE, REGION, OPD):
        of_kind = [d for d in dashboards if d[0] == kind]
        if of_kind:
            return redirect("stats:dashboard", kind=kind, key=of_kind[0][1])
    return redirect("stats:index")


@staff_required
def index(request):
    return render(request, "stats/index.html", {"dashboards": selectors.dashboards_for(request.user)})


@staff_required
@_with_tiles
def dashboard(request, kind, key):
    scope = _scope_or_404(request, kind, key)
    context = {
        "scope": scope, "kind": kind, "params": request.GET,
        "agencies": list(selectors.agency_choices(scope)), "regions": selectors.region_choices(scope),
        "categories": selectors.category_tree(), "orders": list(selectors.RANK_ORDERS.items()),
        "map_tile_url": settings.MAP_TILE_URL, "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    try:
        filters = selectors.parse_filters(request.GET, scope)
    except selectors.FilterError as exc:
        context.update(errors=exc.messages, urls=_urls(kind, scope, None))
        return render(request, "stats/dashboard.html", context, status=400)
    figures = selectors.dashboard(scope, filters, user=request.user)
    context.update(f=figures, filters=filters, charts=_charts(figures), urls=_urls(kind, scope, filters),
                   headline=selectors.headline(scope, filters, figures),
                   map_labels=_map_labels(scope, figures), order_label=selectors.RANK_ORDERS[filters.order],
                   filters_open=any(request.GET.get(k) for k in ("category", "agency", "region", "order")))
    return render(request, "stats/dashboard.html", context)


# Approximate centres of South Sulawesi's regencies/cities, for labels on the map without tiles. Each
# label carries the reports that happened there: the map places the busiest first and leaves out a
# label that would cover one already placed.
def _map_labels(scope, figures):
    jurisdictions = scope.children or [scope.obj if scope.kind != OPD else scope.obj.jurisdiction]
    reports = {row["key"]: row["value"] for row in figures["by_location"]}
    labels = []
    for j in jurisdictions:
        centre = CENTRES.get(j.code)
        if centre:
            labels.append({"name": j.short_name or j.name, "lat": centre[0], "lon": centre[1],
                           "value": reports.get(j.pk, 0)})
    labels.sort(key=lambda label: (-label["value"], label["name"]))
    return labels


@staff_required
def monthly_pdf(request, kind, key):
    scope = _scope_or_404(request, kind, key)
    params = request.GET.copy()
    month = params.get("month") or selectors.default_period()[1].strftime("%Y-%m")
    params["since"] = params["until"] = month
    try:
        filters = selectors.parse_filters(params, scope)
    except selectors.FilterError as exc:
        return HttpResponse("\n".join(exc.messages.values()), status=400, content_type="text/plain; charset=utf-8")
    figures = selectors.dashboard(scope, filters, user=request.user)
    detection.downloaded(request, "export.stats_pdf")
    content = pdf.monthly_report(figures)
    response = HttpResponse(content, content_type="application/pdf")
    name = f"kinerja-{kind}-{scope.key}-{filters.since:%Y-%m}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


EXPORT_TABLES = ("oldest", "agencies", "regions")


@staff_required
def export(request, kind, key, table, fmt):
    scope = _scope_or_404(request, kind, key)
    try:
        fmt = exports.parse_format(fmt)
        filters = selectors.parse_filters(request.GET, scope)
    except (exports.ExportFormatError, selectors.FilterError) as exc:
        message = "\n".join(exc.messages.values()) if isinstance(exc, selectors.FilterError) else str(exc)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    if table not in EXPORT_TABLES:
        raise Http404
    figures = selectors.dashboard(scope, filters, user=request.user)
    if table == "oldest":
        columns = [("tracking_id", _("Nomor")), ("title", _("Judul")), ("state_label", _("Status")),
                   ("jurisdiction", _("Instansi")), ("agency", _("OPD")), ("created_at", _("Diterima")),
                   ("age_days", _("Umur (hari)")), ("due_at", _("Batas waktu"))]
        rows = figures["oldest"]
    else:
        key_name = "agency_ranking" if table == "agencies" else "region_ranking"
        if key_name not in figures:
            raise Http404
        columns = [("rank", _("Peringkat")), ("label", _("Unit")), ("volume", _("Laporan")),
                   ("done", _("Tindak lanjut selesai")), ("on_time", _("Tepat waktu")),
                   ("share_on_time", _("Tepat waktu (%)")), ("rated", _("Penilaian")),
                   ("satisfaction", _("Rata-rata kepuasan"))]
        rows = figures[key_name]
    detection.downloaded(request, f"export.stats_{table}")
    return exports.export_response(f"statistik-{table}-{kind}-{scope.key}", columns, rows, fmt)


# --- public ------------------------------------------------------------------------------------------


def public_index(request):
    """The public overview: the province's headline figures over the last 12 months, reports per month,
    the regencies/cities by on-time follow-up, and links to every instance's own page."""
    jurisdictions = list(Jurisdiction.objects.filter(is_active=True, is_external=False)
                         .exclude(level=Level.NATIONAL).order_by("code"))
    context = {"jurisdictions": jurisdictions}
    province = next((j for j in jurisdictions if j.level == Level.PROVINCE), None)
    scope = selectors.scope_for(PROVINCE, province.code) if province else None
    if scope is not None:
        filters = selectors.parse_filters({}, scope)
        figures = selectors.dashboard(scope, filters, public=True)
        context.update(
            scope=scope, filters=filters, f=figures,
            headline=selectors.headline(scope, filters, figures, public=True),
            month_chart=charts.line("p-chart-month", "p-h-month", figures["by_month"]),
            regions_chart=charts.bars(
                "p-chart-regions", "p-h-regions",
                [{"label": r["label"], "value": r["share_on_time"]} for r in figures["region_ranking"][:10]],
                unit="%"),
            category_chart=charts.bars("p-chart-category", "p-h-category", figures["by_category"][:5]),
        )
    return render(request, "stats/public_index.html", context)


def _public(request, scope, agencies=None):
    context = {"scope": scope, "params": request.GET, "agencies": agencies or []}
    try:
        filters = selectors.parse_filters(
            {k: v for k, v in request.GET.items() if k in ("since", "until")}, scope)
    except selectors.FilterError as exc:
        context["errors"] = exc.messages
        return render(request, "stats/public.html", context, status=400)
    figures = selectors.dashboard(scope, filters, public=True)
    context.update(f=figures, filters=filters, charts=_charts(figures, prefix="p-"))
    return render(request, "stats/public.html", context)


def public_jurisdiction(request, code):
    scope = selectors.scope_for(REGION, code)
    if scope is None or scope.obj.is_external or not scope.obj.is_active:
        raise Http404
    agencies = list(Agency.objects.filter(jurisdiction=scope.obj, is_active=True).order_by("name"))
    return _public(request, scope, agencies)


def public_agency(request, pk):
    scope = selectors.scope_for(OPD, pk)
    if scope is None or not scope.obj.is_active:
        raise Http404
    return _public(request, scope)


def month_param(value):
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        return None
