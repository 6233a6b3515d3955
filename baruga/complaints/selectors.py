"""Reads with business rules: inboxes, public lists, search, history. Scoping comes from permissions."""

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baruga.complaints import permissions, workflow
from baruga.complaints.models import Attachment, Report, ReportEvent, Response, State
from baruga.lib.tracking import normalise_tracking_id

# Buckets as staff think of them (LAPOR! practice), each a set of states.
INBOX_BUCKETS = {
    "unverified": ({State.SUBMITTED}, _("Belum terverifikasi")),
    "needs_info": ({State.NEEDS_INFO}, _("Menunggu pelapor")),
    "to_dispatch": ({State.VERIFIED}, _("Menunggu disposisi")),
    "dispatched": ({State.DISPATCHED}, _("Terdisposisi, belum ditindaklanjuti")),
    "in_progress": ({State.IN_PROGRESS}, _("Sedang diproses")),
    "responded": ({State.RESPONDED}, _("Sudah ditindaklanjuti")),
    "finished": ({State.FINISHED}, _("Selesai")),
    "deferred": ({State.DEFERRED}, _("Tertunda")),
    "archived": ({State.ARCHIVED, State.TRANSFERRED}, _("Arsip / dialihkan")),
}

LIST_RELATED = ["jurisdiction", "agency", "category", "location"]


def get_by_tracking_id(value, queryset=None):
    tracking_id = normalise_tracking_id(value)
    if tracking_id is None:
        return None
    qs = Report.objects.all() if queryset is None else queryset
    return qs.select_related(*LIST_RELATED, "district", "jurisdiction__parent").filter(tracking_id=tracking_id).first()


def search(queryset, q):
    q = (q or "").strip()[:100]
    if not q:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("title", weight="A", config="indonesian") + SearchVector(
            "body", weight="B", config="indonesian"
        )
        return queryset.annotate(search=vector).filter(
            Q(search=SearchQuery(q, config="indonesian", search_type="websearch")) | Q(tracking_id=q.upper())
        )
    return queryset.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(tracking_id=q.upper()))


# Deadline views across buckets. "Due soon" and "overdue" look at the states where a staff clock
# runs (verification, OPD follow-up): a report waiting for the reporter is nobody's delay here.
INBOX_VIEWS = {
    "due_soon": _("Segera jatuh tempo"),
    "overdue": _("Terlambat"),
    "escalated": _("Eskalasi ke saya"),
}
INBOX_SORTS = {"": _("Terbaru"), "due": _("Batas waktu terdekat")}
STAFF_CLOCK_STATES = frozenset({State.SUBMITTED, State.VERIFIED, State.DISPATCHED, State.IN_PROGRESS})


class DeadlineWindow:
    """"Now" and the end of "due soon" for one request; the end costs a calendar query, made once."""

    def __init__(self, now=None):
        self.now = now or timezone.now()
        self._soon_until = None

    @property
    def soon_until(self):
        if self._soon_until is None:
            from baruga.clocks.selectors import due_soon_until

            self._soon_until = due_soon_until(self.now)
        return self._soon_until


def _view_condition(user, view, window):
    """The condition of one deadline view, as a Q object over Report."""
    from baruga.notifications.models import Notification

    staff_clock = Q(state__in=STAFF_CLOCK_STATES, due_at__isnull=False)
    if view == "due_soon":
        return staff_clock & Q(due_at__gte=window.now, due_at__lte=window.soon_until)
    if view == "overdue":
        return staff_clock & Q(due_at__lt=window.now)
    return Q(Exists(Notification.objects.filter(
        recipient=user, kind=Notification.Kind.ESCALATION, report=OuterRef("pk"))))


def staff_inbox(user, *, bucket="", agency_id=None, category_id=None, jurisdiction_id=None, q="", mine_only=False,
                view="", sort="", now=None, window=None):
    """The user's inbox. `view`: due_soon / overdue / escalated (see INBOX_VIEWS); `sort`: "" newest
    first, "due" by due moment (reports without a running clock last)."""
    qs = permissions.visible_reports(user).exclude(reporter=user) if not mine_only else Report.objects.none()
    if bucket in INBOX_BUCKETS:
        qs = qs.filter(state__in=INBOX_BUCKETS[bucket][0])
    if view in INBOX_VIEWS:
        qs = qs.filter(_view_condition(user, view, window or DeadlineWindow(now)))
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if category_id:
        qs = qs.filter(category_id=category_id)
    if jurisdiction_id:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    qs = search(qs, q)
    order = [F("due_at").asc(nulls_last=True), "-created_at", "-id"] if sort == "due" else ["-created_at", "-id"]
    return qs.select_related(*LIST_RELATED).order_by(*order)


def bucket_counts(user):
    """How many reports of each bucket the user sees: one grouped query."""
    rows = (
        permissions.visible_reports(user).exclude(reporter=user).values("state").annotate(n=Count("id")).order_by()
    )
    by_state = {row["state"]: row["n"] for row in rows}
    return {key: sum(by_state.get(s, 0) for s in states) for key, (states, _label) in INBOX_BUCKETS.items()}


def view_counts(user, now=None, window=None):
    """How many reports each deadline view holds: one query (plus the calendar's for "due soon")."""
    window = window or DeadlineWindow(now)
    return permissions.visible_reports(user).exclude(reporter=user).aggregate(
        **{key: Count("id", filter=_view_condition(user, key, window)) for key in INBOX_VIEWS}
    )


def public_list(*, q="", category_id=None, location_id=None):
    qs = permissions.public_reports().select_related(*LIST_RELATED)
    if category_id:
        qs = qs.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    if location_id:
        qs = qs.filter(location_id=location_id)
    return search(qs, q).order_by("-created_at", "-id")


def citizen_reports(user):
    return Report.objects.filter(reporter=user).select_related(*LIST_RELATED).order_by("-created_at")


def with_details(report, *, include_pending_responses=False):
    """Attach history, responses and attachments in a fixed number of queries."""
    responses = Response.objects.select_related("agency").prefetch_related("attachments")
    if not include_pending_responses:
        responses = responses.filter(status=Response.Status.PUBLISHED)
    report.history = list(
        ReportEvent.objects.filter(report=report).select_related("jurisdiction", "agency", "actor")
    )
    report.visible_responses = list(responses.filter(report=report))
    report.report_attachments = list(Attachment.objects.filter(report=report, response__isnull=True))
    return report


def recent_public(limit=6):
    return list(public_list()[:limit])


def related_for_verify(report):
    """Open reports of the same jurisdiction and location, for spotting duplicates."""
    return list(
        Report.objects.filter(jurisdiction=report.jurisdiction, location=report.location,
                              state__in=workflow.OPEN_STATES)
        .exclude(pk=report.pk).select_related("category").order_by("-created_at")[:5]
    )
