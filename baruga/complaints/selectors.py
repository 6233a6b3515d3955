"""Reads with business rules: inboxes, public lists, search, history. Scoping comes from permissions."""

from django.db import connection
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baruga.clocks.selectors import due_soon_until
from baruga.complaints import permissions, workflow
from baruga.complaints.models import Attachment, Report, ReportEvent, Response, State, filed_by
from baruga.directory.models import Jurisdiction
from baruga.lib import textsearch
from baruga.lib.keyset import Column, Keyset
from baruga.lib.tracking import normalise_tracking_id
from baruga.notifications.models import Notification

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

# The orders of the report lists, as keysets (baruga/lib/keyset.py): the lists sort by them and page by
# cursors over them. Newest first: the inbox, the public list and its API. By due moment: the inbox's
# "Batas waktu terdekat" (reports without a running clock last, newest first among them).
_CREATED = Column("created_at", descending=True, kind="datetime")
_ID = Column("id", descending=True)
NEWEST = Keyset(_CREATED, _ID)
BY_DUE = Keyset(Column("due_at", kind="datetime", nullable=True, nulls_last=True), _CREATED, _ID)


def inbox_keyset(sort):
    """The order of the staff inbox for `sort` ("" or "due", see INBOX_SORTS)."""
    return BY_DUE if sort == "due" else NEWEST


def get_by_tracking_id(value, queryset=None):
    tracking_id = normalise_tracking_id(value)
    if tracking_id is None:
        return None
    qs = Report.objects.all() if queryset is None else queryset
    return qs.select_related(*LIST_RELATED, "district", "jurisdiction__parent").filter(tracking_id=tracking_id).first()


def search(queryset, q, *, walk=False, ranked=False):
    """Reports whose title and body hold every term of `q`, or whose tracking ID is `q`.

    Terms on both sides come from baruga/lib/textnorm.py (so "jln rusak" finds "jalan rusak", "gak"
    finds "tidak"); matching and ranking are baruga/lib/textsearch.py's, over `Report.search_text`
    (PostgreSQL: its GIN index; SQLite: LIKE per term). A query of stop words only finds nothing but
    a tracking ID. `ranked=True` annotates `search_rank` (the caller orders by it).

    `walk=True` (PostgreSQL): the same rows, written as a CASE that the full-text index cannot serve and
    whose selectivity PostgreSQL guesses at one half, so that it walks the newest-first index and stops
    at the page: much faster for a common term (thousands of matches, each to be read and sorted
    otherwise), much slower for a rare one. The public list chooses by the capped count
    (views_public.public_list).
    """
    q = (q or "").strip()[:textsearch.MAX_QUERY_LENGTH]
    if not q:
        return queryset
    by_tracking_id = Q(tracking_id=q.upper())
    terms = textsearch.query_terms(q)
    if not terms:
        return queryset.filter(by_tracking_id)
    if walk and connection.vendor == "postgresql":
        matches, params = textsearch.match_sql(Report, terms)
        queryset = queryset.filter(RawSQL(
            f"CASE WHEN {matches} THEN true ELSE complaints_report.tracking_id = %s END", (*params, q.upper()),
            output_field=BooleanField()))
    else:
        queryset = queryset.filter(Q(textsearch.matches(Report, terms)) | by_tracking_id)
    if ranked:
        queryset = queryset.annotate(search_rank=textsearch.rank(Report, terms))
    return queryset


# Deadline views across buckets. "Due soon" and "overdue" look at the states where a staff clock
# runs (verification, OPD follow-up): a report waiting for the reporter is nobody's delay here.
INBOX_VIEWS = {
    "due_soon": _("Segera jatuh tempo"),
    "overdue": _("Terlambat"),
    "escalated": _("Eskalasi ke saya"),
}
INBOX_SORTS = {"": _("Terbaru"), "due": _("Batas waktu terdekat")}
STAFF_CLOCK_STATES = frozenset({State.SUBMITTED, State.VERIFIED, State.DISPATCHED, State.IN_PROGRESS})
# Sets of states go into queries sorted, so the SQL is the same in every worker process (a set's order
# changes with each process's hash seed).


class DeadlineWindow:
    """"Now" and the end of "due soon" for one request; the end costs a calendar query, made once."""

    def __init__(self, now=None):
        self.now = now or timezone.now()
        self._soon_until = None

    @property
    def soon_until(self):
        if self._soon_until is None:
            self._soon_until = due_soon_until(self.now)
        return self._soon_until


def _view_condition(user, view, window):
    """The condition of one deadline view, as a Q object over Report.

    The state test is written as a CASE: PostgreSQL takes "state in a staff clock's states" and
    "due_at before now" for independent, estimates their conjunction at a few dozen rows (it is every
    overdue report of the province, thousands at a million reports) and reads them all through
    (state, due_at) to keep the few of the user's jurisdiction. A CASE it cannot index leaves it the
    (jurisdiction or agency, due_at, created_at, id) walk, which stops at the page (bench/README.md).
    """
    running = Case(When(state__in=sorted(STAFF_CLOCK_STATES), then=Value(True)), default=Value(False),
                   output_field=BooleanField())
    staff_clock = Q(running) & Q(due_at__isnull=False)
    if view == "due_soon":
        return staff_clock & Q(due_at__gte=window.now, due_at__lte=window.soon_until)
    if view == "overdue":
        return staff_clock & Q(due_at__lt=window.now)
    return Q(Exists(Notification.objects.filter(
        recipient=user, kind=Notification.Kind.ESCALATION, report=OuterRef("pk"))))


def staff_scope(user):
    """`permissions.visible_reports(user).exclude(reporter=user)`, written so that an index serves it.

    The same rows (test_staff_scope.py checks it for every role of the cast): the staff conditions of
    `visible_reports`, built from the same `permissions` helpers, without its `reporter = user` branch,
    which the exclusion takes away again. Left in, that OR keeps PostgreSQL from walking
    (jurisdiction, created_at) or (agency, created_at) and makes it read every visible report for
    each page, count and tab (bench/README.md).
    """
    if not getattr(user, "is_authenticated", False):
        return Report.objects.none()
    condition = Q()
    jurisdictions = permissions.admin_jurisdiction_ids(user)
    leader = permissions.leader_jurisdiction_ids(user)
    agencies = permissions.agency_ids(user)
    if jurisdictions:
        condition |= Q(jurisdiction_id__in=jurisdictions)
    if leader:
        condition |= Q(jurisdiction_id__in=leader) | Q(jurisdiction__parent_id__in=leader)
    if agencies:
        condition |= Q(agency_id__in=agencies, state__in=sorted(workflow.AGENCY_STATES))
    if not condition:
        return Report.objects.none()
    return Report.objects.filter(condition).exclude(filed_by(user))


def staff_inbox(user, *, bucket="", agency_id=None, category_id=None, jurisdiction_id=None, q="", mine_only=False,
                view="", sort="", now=None, window=None, ranked=False):
    """The user's inbox. `view`: due_soon / overdue / escalated (see INBOX_VIEWS); `sort`: "" newest
    first, "due" by due moment (reports without a running clock last). `ranked=True` with a query:
    most relevant first, then newest (for lists paged by number; the inbox page's cursors follow the
    sort order)."""
    qs = staff_scope(user) if not mine_only else Report.objects.none()
    if bucket in INBOX_BUCKETS:
        qs = qs.filter(state__in=sorted(INBOX_BUCKETS[bucket][0]))
    if view in INBOX_VIEWS:
        qs = qs.filter(_view_condition(user, view, window or DeadlineWindow(now)))
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if category_id:
        qs = qs.filter(category_id=category_id)
    if jurisdiction_id:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    qs = search(qs, q, ranked=ranked).select_related(*LIST_RELATED)
    if ranked and "search_rank" in qs.query.annotations:
        return qs.order_by("-search_rank", *NEWEST.order_by())
    return qs.order_by(*inbox_keyset(sort).order_by())


def bucket_counts(user):
    """How many reports of each bucket the user sees: one grouped query."""
    rows = staff_scope(user).values("state").annotate(n=Count("*")).order_by()  # COUNT(*): index-only
    by_state = {row["state"]: row["n"] for row in rows}
    return {key: sum(by_state.get(s, 0) for s in states) for key, (states, _label) in INBOX_BUCKETS.items()}


def view_counts(user, now=None, window=None):
    """How many reports each deadline view holds: two queries (plus the calendar's for "due soon").

    "Due soon" and "overdue" only ever hold reports in a staff clock's state, so they count those
    alone (an index on jurisdiction/agency and state finds them); "escalated" starts from the user's
    own escalation notifications. One aggregate over every visible report read them all.
    """
    window = window or DeadlineWindow(now)
    scope = staff_scope(user)
    totals = scope.filter(state__in=sorted(STAFF_CLOCK_STATES)).aggregate(
        **{key: Count("id", filter=_view_condition(user, key, window)) for key in ("due_soon", "overdue")}
    )
    totals["escalated"] = scope.filter(pk__in=Notification.objects.filter(
        recipient=user, kind=Notification.Kind.ESCALATION).values("report_id")).count()
    return {key: totals[key] for key in INBOX_VIEWS}


def public_list(*, q="", category_id=None, location_id=None, walk=False, ranked=False):
    """Public reports, newest first; `ranked=True` with a query: most relevant first (then newest)."""
    qs = permissions.public_reports().select_related(*LIST_RELATED)
    if category_id:
        qs = qs.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    if location_id:
        qs = qs.filter(location_id=location_id)
    qs = search(qs, q, walk=walk, ranked=ranked)
    if ranked and "search_rank" in qs.query.annotations:
        return qs.order_by("-search_rank", *NEWEST.order_by())
    return qs.order_by(*NEWEST.order_by())


def citizen_reports(user):
    return Report.objects.filter(filed_by(user)).select_related(*LIST_RELATED).order_by("-created_at")


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


def recording_jurisdictions(user):
    """The jurisdictions for which `user` may record a report received by phone, letter, desk or media."""
    ids = permissions.recording_jurisdiction_ids(user)
    return Jurisdiction.objects.filter(pk__in=ids, is_active=True, is_external=False).order_by("name")


# A report transferred to another installation goes on there. Reading that progress is federation's
# (`federation.selectors.remote_progress`), which sits above complaints: it hands its reader over in its
# AppConfig.ready().
_remote_progress_reader = None


def read_remote_progress_with(reader):
    """Use `reader(report, *, with_responses)` for `remote_progress` (federation's ready())."""
    global _remote_progress_reader
    _remote_progress_reader = reader


def remote_progress(report, *, with_responses):
    """A transferred report's progress at the instances it went to, one entry per peer (else [])."""
    if report.state != State.TRANSFERRED or _remote_progress_reader is None:
        return []
    return _remote_progress_reader(report, with_responses=with_responses)
