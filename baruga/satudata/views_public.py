"""The public Satu Data portal at /data/: faceted search, dataset pages, previews, charts and downloads.

Works without JavaScript: facets are links, the chart is inline SVG (`stats.charts`). Only published
terbuka datasets are shown to the public; signed-in staff also see what `permissions.visible_datasets`
allows them (terbatas data of their jurisdiction, their OPD's own)."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from baruga.lib import exports
from baruga.satudata import datastore, forms, selectors
from baruga.satudata.models import ResourceVersion
from baruga.stats import charts

PREVIEW_ROWS = 20
TIME_PREFIXES = ("tahun", "year", "bulan", "periode", "tanggal", "triwulan", "semester")
CHART_ROWS = 30
FACET_LABELS = {
    "organisasi": _("OPD"), "topik": _("Topik"), "format": _("Format"), "wilayah": _("Wilayah"),
    "tahun": _("Tahun"), "lisensi": _("Lisensi"),
}


def _facet_links(request, facets, chosen):
    """Each facet value with the URL that toggles it (other parameters kept, page reset)."""
    out = []
    base = {k: v for k, v in request.GET.items() if k != "page"}
    for facet, values in facets.items():
        items = []
        for value, label, count, active in values[:15]:
            params = dict(base)
            if active:
                params.pop(facet, None)
            else:
                params[facet] = value
            items.append({"label": label, "count": count, "active": active,
                          "url": "?" + urlencode(params) if params else "?"})
        out.append({"key": facet, "label": FACET_LABELS[facet], "items": items})
    return out


def search(request):
    form = forms.PortalSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    chosen = {f: request.GET[f][:100] for f in selectors.FACETS if request.GET.get(f)}
    # Without search words there is no relevance to sort by: the newest first, and only the sorts that mean something.
    sorts = [("relevan", _("Paling relevan"))] if q else []
    sorts += [("terbaru", _("Terbaru")), ("judul", _("Judul"))]
    sort = request.GET.get("urut", "")
    if sort not in dict(sorts):
        sort = sorts[0][0]
    results, facets = selectors.portal_search(selectors.Search(q=q, chosen=chosen, sort=sort), request.user)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    names = {(f, str(value)): label for f, values in facets.items() for value, label, _count, _active in values}
    clear = [{"label": FACET_LABELS[f], "value": names.get((f, v), v),  # the OPD's name, not its number
              "url": "?" + urlencode({k: x for k, x in request.GET.items() if k not in (f, "page")})}
             for f, v in chosen.items()]
    return render(request, "satudata/search.html", {
        "form": form, "page": page, "q": q, "facets": _facet_links(request, facets, chosen), "chosen": clear,
        "sort": sort, "sorts": sorts,
    })


def dataset(request, name):
    ds = selectors.public_dataset(request.user, name)
    resources = list(selectors.resources_of(ds))
    return render(request, "satudata/dataset.html", {"dataset": ds, "resources": resources})


def _chart(resource, fields, column, by):
    numeric = {f["id"]: f for f in selectors.numeric_columns(fields)}
    if not numeric:
        return None
    measures = [c for c in numeric if not c.startswith(TIME_PREFIXES + ("kode", "no", "id"))] or list(numeric)
    column = column if column in numeric else measures[-1]
    labels = [f for f in fields if f["id"] != column]
    label_ids = [f["id"] for f in labels]
    if by not in label_ids:
        # a name (kecamatan, kabupaten/kota) first, else the time column, else the first other column
        names = [f["id"] for f in labels if f["type"] == "text" and not f["id"].startswith(("kode", "no"))]
        times = [f["id"] for f in labels if f["type"] == "date" or f["id"].startswith(TIME_PREFIXES)]
        by = (names or times or label_ids or ["_id"])[0]
    result = datastore.search(resource, fields=[c for c in (by, column) if c != "_id"], limit=CHART_ROWS)
    items = [{"label": str(r.get(by, r["_id"]) if r.get(by, r["_id"]) is not None else "—"),
              "value": r.get(column) if isinstance(r.get(column), int | float) else None}
             for r in result["records"]]
    kind_of_by = next((f["type"] for f in fields if f["id"] == by), "text")
    looks_like_time = kind_of_by == "date" or by.startswith(TIME_PREFIXES)
    svg = (charts.line if looks_like_time and len(items) > 1 else charts.bars)("sd-chart", "sd-chart-title", items)
    return {"svg": svg, "column": numeric[column], "by": by, "numeric": list(numeric.values()), "labels": labels,
            "time": looks_like_time, "rows": items, "truncated": result["records"] and len(items) >= CHART_ROWS}


def resource(request, name, resource_id):
    ds = selectors.public_dataset(request.user, name)
    res = selectors.resource_of(ds, resource_id)
    fields, rows = datastore.preview(res, PREVIEW_ROWS)
    # numbers right-aligned and grouped (60.123), except years and codes, which are names
    plain = [f["id"].startswith(TIME_PREFIXES + ("kode", "no", "id")) for f in fields]
    rows = [[(v, isinstance(v, int | float) and not isinstance(v, bool), p) for v, p in zip(row, plain, strict=True)]
            for row in rows]
    chart = None
    if fields and res.datastore_active:
        try:
            chart = _chart(res, fields, request.GET.get("kolom", ""), request.GET.get("menurut", ""))
        except datastore.QueryError:
            chart = None
    table = getattr(res, "datastore", None) if res.datastore_active else None
    versions = list(res.versions.order_by("-number"))
    return render(request, "satudata/resource.html", {
        "dataset": ds, "resource": res, "fields": fields, "rows": rows, "chart": chart, "table": table,
        "versions": versions, "preview_rows": PREVIEW_ROWS,
    })


def _file_response(version, filename):
    response = FileResponse(version.file.open("rb"), content_type="application/octet-stream", as_attachment=True,
                            filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Referrer-Policy"] = "no-referrer"
    return response


def download(request, name, resource_id, number=None):
    """The uploaded file as it was uploaded, always an attachment (never rendered), any version."""
    ds = selectors.public_dataset(request.user, name)
    res = selectors.resource_of(ds, resource_id)
    qs = ResourceVersion.objects.filter(resource=res)
    version = qs.filter(number=number).first() if number else qs.order_by("-number").first()
    if version is None:
        raise Http404
    filename = version.original_name or f"{ds.name}.{(version.format or 'bin').lower()}"
    if number:
        stem, dot, ext = filename.rpartition(".")
        filename = f"{stem or ext}-v{version.number}{dot}{ext if stem else ''}"
    return _file_response(version, filename)


def export(request, name, resource_id, fmt):
    """The datastore table as CSV/XLSX, formula cells neutralised (`lib.exports`)."""
    ds = selectors.public_dataset(request.user, name)
    res = selectors.resource_of(ds, resource_id)
    try:
        fmt = exports.parse_format(fmt)
        columns, rows = datastore.export_rows(res)
    except exports.ExportFormatError as e:
        return HttpResponseBadRequest(str(e))
    except datastore.QueryError:
        raise Http404 from None
    return exports.export_response(f"{ds.name}-{str(res.pk)[:8]}", columns, rows, fmt)


def resource_url(res):
    return reverse("satudata:resource", args=[res.dataset.name, res.pk])
