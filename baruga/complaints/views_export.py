"""Downloads (CSV / XLSX) of the lists on screen: the staff inbox and the public list.

Each export runs the very queryset function of its page (`selectors.staff_inbox`,
`selectors.public_list`) with the filters parsed the same way, so the file holds the rows of the
screen in the same order, all pages of them, up to `settings.EXPORT_MAX_ROWS`. Staff exports are
scoped by `permissions.visible_reports` (inside `staff_inbox`), audited (`report.export`) and, like
public ones, rate limited (`RATE_LIMITS["export"]`). No export carries the reporter's identity.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from baruga.audit import services as audit
from baruga.complaints import selectors
from baruga.complaints.forms import PublicSearchForm
from baruga.complaints.views_staff import _int_or_none, staff_required
from baruga.lib.exports import ExportFormatError, export_response, parse_format
from baruga.lib.ratelimits import limited

t = gettext_lazy
STAFF_COLUMNS = [
    ("tracking_id", t("Nomor pelacakan")), ("received", t("Diterima")), ("kind", t("Jenis")), ("title", t("Judul")),
    ("category", t("Kategori")), ("location", t("Kabupaten/kota")), ("district", t("Kecamatan")),
    ("jurisdiction", t("Instansi penerima")), ("agency", t("OPD")), ("state", t("Status")),
    ("due", t("Batas waktu")), ("responded", t("Ditindaklanjuti")), ("finished", t("Selesai")),
    ("rating", t("Penilaian")), ("anonymous", t("Anonim")), ("confidential", t("Rahasia")),
]
PUBLIC_COLUMNS = [
    ("tracking_id", t("Nomor pelacakan")), ("received", t("Diterima")), ("kind", t("Jenis")), ("title", t("Judul")),
    ("category", t("Kategori")), ("location", t("Kabupaten/kota")), ("jurisdiction", t("Instansi penerima")),
    ("agency", t("OPD")), ("state", t("Status")), ("responded", t("Ditindaklanjuti")), ("rating", t("Penilaian")),
]


def max_rows():
    return getattr(settings, "EXPORT_MAX_ROWS", 100_000)


def inbox_filters(request):
    """The staff inbox's filters, parsed exactly as `views_staff.inbox` parses them."""
    view, sort = request.GET.get("view", ""), request.GET.get("sort", "")
    return {
        "bucket": request.GET.get("status", ""), "agency_id": _int_or_none(request.GET.get("agency")),
        "category_id": _int_or_none(request.GET.get("category")), "q": request.GET.get("q", "")[:100],
        "view": view if view in selectors.INBOX_VIEWS else "",
        "sort": sort if sort in selectors.INBOX_SORTS else "",
    }


def public_filters(request):
    """The public list's filters, parsed exactly as `views_public.public_list` parses them."""
    form = PublicSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return {"q": filters.get("q", ""), "category_id": getattr(filters.get("category"), "pk", None),
            "location_id": getattr(filters.get("location"), "pk", None)}


def _row(report, *, staff):
    row = {
        "tracking_id": report.tracking_id, "received": report.created_at, "kind": report.get_kind_display(),
        "title": report.title, "category": report.category.name if report.category_id else "",
        "location": report.location.name, "jurisdiction": report.jurisdiction.name,
        "agency": report.agency.name if report.agency_id else "", "state": report.get_state_display(),
        "responded": report.responded_at, "rating": report.rating,
    }
    if staff:
        row.update({"district": report.district.name if report.district_id else "", "due": report.due_at,
                    "finished": report.finished_at, "anonymous": report.is_anonymous,
                    "confidential": report.is_confidential})
    return row


def _rows(queryset, *, staff):
    for report in queryset.iterator(chunk_size=2000):
        yield _row(report, staff=staff)


def refused(request, message, status=400):
    return render(request, "complaints/export_refused.html", {"message": message}, status=status)


def too_many(request, count):
    return refused(request, _("Daftar ini berisi %(n)s laporan, melebihi batas unduhan %(max)s baris. "
                               "Persempit saringan (status, OPD, kategori atau pencarian) lalu unduh lagi.")
                    % {"n": count, "max": max_rows()})


@staff_required
@require_GET
@limited("export", key="user_or_ip")
def inbox_export(request):
    try:
        fmt = parse_format(request.GET.get("format"))
    except ExportFormatError as exc:
        return refused(request, str(exc))
    filters = inbox_filters(request)
    queryset = selectors.staff_inbox(request.user, **filters).select_related("district")
    count = queryset.count()
    if count > max_rows():
        return too_many(request, count)
    audit.record(actor=request.user, action="report.export", request=request, details={
        "list": "staff_inbox", "format": fmt, "rows": count,
        # The search text may name a person: the audit keeps only that there was one.
        "filters": {key: (True if key == "q" else value) for key, value in filters.items() if value not in ("", None)}})
    return export_response("kotak-masuk", STAFF_COLUMNS, _rows(queryset, staff=True), fmt)


@require_GET
@limited("export", key="user_or_ip")
def public_export(request):
    try:
        fmt = parse_format(request.GET.get("format"))
    except ExportFormatError as exc:
        return refused(request, str(exc))
    queryset = selectors.public_list(**public_filters(request))
    count = queryset.count()
    if count > max_rows():
        return too_many(request, count)
    return export_response("laporan-publik", PUBLIC_COLUMNS, _rows(queryset, staff=False), fmt)

