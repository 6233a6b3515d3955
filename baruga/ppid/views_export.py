"""The PPID inbox as a file (CSV / XLSX): the inbox's rows in its order, scoped, audited, no requester identity.

Built like the complaints' exports (`complaints.views_export`): the very queryset function of the page
(`selectors.staff_inbox`) on the filters parsed the same way, up to `settings.EXPORT_MAX_ROWS` rows,
rate limited (`RATE_LIMITS["export"]`) and audited (`ppid.export`).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from baruga.audit import services as audit
from baruga.complaints.views_export import max_rows, refused, too_many
from baruga.lib.exports import ExportFormatError, export_response, parse_format
from baruga.lib.ratelimits import limited
from baruga.ppid import selectors
from baruga.ppid.views_staff import ppid_staff_required

t = gettext_lazy
COLUMNS = [
    ("number", t("Nomor registrasi")), ("registered", t("Terdaftar")), ("information", t("Informasi yang diminta")),
    ("jurisdiction", t("PPID")), ("agency", t("PPID pembantu")), ("state", t("Status")), ("due", t("Batas keputusan")),
    ("extension_days", t("Perpanjangan (hari kerja)")), ("decided", t("Diputuskan")), ("outcome", t("Keputusan")),
    ("objection_due", t("Batas tanggapan keberatan")),
]


def inbox_filters(request):
    """The PPID inbox's filters, parsed exactly as `views_staff.inbox` parses them."""
    return {"bucket": request.GET.get("status", ""), "overdue": request.GET.get("view") == "overdue",
            "q": request.GET.get("q", "")[:100]}


def _rows(queryset):
    for item in queryset.iterator(chunk_size=2000):
        try:
            objection_due = item.objection.answer_due_at
        except ObjectDoesNotExist:
            objection_due = None
        yield {
            "number": item.registration_number, "registered": item.registered_at,
            "information": item.information_wanted, "jurisdiction": item.jurisdiction.name,
            "agency": item.agency.name if item.agency_id else "", "state": item.get_state_display(),
            "due": item.due_at, "extension_days": item.extension_days, "decided": item.decided_at,
            "outcome": item.get_outcome_display() if item.outcome else "", "objection_due": objection_due,
        }


@require_GET
@limited("export", key="user_or_ip")
@ppid_staff_required
def inbox_export(request):
    """The PPID inbox (`selectors.staff_inbox`) as a file; no requester identity."""
    try:
        fmt = parse_format(request.GET.get("format"))
    except ExportFormatError as exc:
        return refused(request, str(exc))
    filters = inbox_filters(request)
    queryset = selectors.staff_inbox(request.user, **filters)
    count = queryset.count()
    if count > max_rows():
        return too_many(request, count)
    audit.record(actor=request.user, action="ppid.export", request=request, details={
        "list": "ppid_inbox", "format": fmt, "rows": count,
        "filters": {key: (True if key == "q" else value) for key, value in filters.items() if value}})
    return export_response("ppid-permohonan", COLUMNS, _rows(queryset), fmt)
