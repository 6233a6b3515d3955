"""Reads with business rules: the staff inbox, a request's file, the public DIP, the annual report.

Scoping comes from `baruga.ppid.permissions`; nothing here shows a requester's identity.
"""

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baruga.clocks.calendar import calendars_for
from baruga.complaints.models import ReportEvent
from baruga.directory.models import Agency, Jurisdiction
from baruga.lib import textsearch
from baruga.ppid import permissions
from baruga.ppid.deadlines import days
from baruga.ppid.models import (
    DisputeOutcome,
    ExemptionGround,
    InfoCategory,
    InformationRequest,
    Objection,
    ObjectionAnswer,
    ObjectionGround,
    Outcome,
    PublicInformation,
    RequestEvent,
    RequestState,
)

NUMBER = re.compile(r"^PPID-\d{2,10}-\d{4}-\d{6}$")

INBOX_BUCKETS = {
    "open": ({RequestState.REGISTERED, RequestState.EXTENDED}, _("Menunggu keputusan")),
    "decided": ({RequestState.DECIDED}, _("Sudah diputuskan")),
    "objected": ({RequestState.OBJECTED}, _("Keberatan menunggu tanggapan")),
    "answered": ({RequestState.OBJECTION_ANSWERED}, _("Keberatan sudah ditanggapi")),
}


def normalise_number(value):
    value = re.sub(r"\s+", "", (value or "").upper())
    return value if NUMBER.match(value) else None


def get_by_number(value, queryset=None):
    number = normalise_number(value)
    if number is None:
        return None
    qs = InformationRequest.objects.all() if queryset is None else queryset
    return qs.select_related("jurisdiction", "jurisdiction__parent", "agency", "source_report").filter(
        registration_number=number).first()


def staff_inbox(user, *, bucket="", overdue=False, q="", now=None):
    qs = permissions.visible_requests(user).exclude(requester=user)
    if bucket in INBOX_BUCKETS:
        qs = qs.filter(state__in=INBOX_BUCKETS[bucket][0])
    if overdue:
        now = now or timezone.now()
        qs = qs.filter(Q(state__in=[RequestState.REGISTERED, RequestState.EXTENDED], due_at__lt=now)
                       | Q(state=RequestState.OBJECTED, objection__answer_due_at__lt=now))
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(Q(registration_number__icontains=q) | Q(information_wanted__icontains=q))
    return (qs.select_related("jurisdiction", "agency", "objection")
            .order_by("-registered_at", "-id"))


def requester_requests(user):
    return (InformationRequest.objects.filter(requester=user).select_related("jurisdiction", "agency")
            .order_by("-registered_at"))


def with_details(info_request):
    """History, documents, objection and dispute in a fixed number of queries."""
    info_request.history = list(RequestEvent.objects.filter(request=info_request).select_related("actor"))
    info_request.document_list = list(info_request.documents.all())
    objection = Objection.objects.filter(request=info_request).select_related("dispute").first()
    info_request.objection_or_none = objection
    if objection is not None:
        info_request.objection = objection
    info_request.dispute_or_none = getattr(objection, "dispute", None) if objection else None
    return info_request


def source_report_history(info_request):
    """The complaint report's history, kept with the request it became."""
    if info_request.source_report_id is None:
        return []
    return list(ReportEvent.objects.filter(report_id=info_request.source_report_id)
                .select_related("jurisdiction", "agency"))


# --- the public register (DIP) --------------------------------------------------------------------

def stale_cutoff(today=None):
    """Berkala information must be published at least every 6 months; older entries are flagged."""
    today = today or timezone.localdate()
    return today - relativedelta(months=days("PPID_PERIODIC_STALE_MONTHS"))


def with_staleness(queryset, today=None):
    cutoff = stale_cutoff(today)
    return queryset.annotate(is_stale=Case(
        When(category=InfoCategory.PERIODIC, last_updated_on__lt=cutoff, then=Value(True)),
        default=Value(False), output_field=BooleanField()))


def public_register(*, q="", category="", jurisdiction_id=None, today=None):
    qs = PublicInformation.objects.filter(is_published=True, jurisdiction__is_active=True)
    if category in InfoCategory.values:
        qs = qs.filter(category=category)
    if jurisdiction_id:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    order = ["jurisdiction__name", "category", "title", "id"]
    q = (q or "").strip()[:textsearch.MAX_QUERY_LENGTH]
    if q:
        # Normalised terms, every one required, most relevant first (baruga/lib/textsearch.py); a query
        # of stop words only finds nothing.
        terms = textsearch.query_terms(q)
        if not terms:
            return PublicInformation.objects.none()
        qs = qs.filter(textsearch.matches(PublicInformation, terms)).annotate(
            search_rank=textsearch.rank(PublicInformation, terms))
        order.insert(0, "-search_rank")
    return (with_staleness(qs, today).select_related("jurisdiction", "agency").prefetch_related("documents")
            .order_by(*order))


def stale_items(jurisdiction_ids=None, today=None):
    qs = with_staleness(PublicInformation.objects.filter(is_published=True), today).filter(is_stale=True)
    if jurisdiction_ids is not None:
        qs = qs.filter(jurisdiction_id__in=jurisdiction_ids)
    return qs.select_related("jurisdiction", "agency")


# --- the annual public report ----------------------------------------------------------------------

@dataclass
class Figures:
    """The figures of one PPID (a jurisdiction's PPID, or a PPID pembantu of an OPD)."""

    label: str
    received: int = 0
    decided: int = 0
    pending: int = 0
    on_time: int = 0
    extended: int = 0
    outcomes: Counter = field(default_factory=Counter)
    refusal_grounds: Counter = field(default_factory=Counter)
    durations: list = field(default_factory=list)
    objections: int = 0
    objection_grounds: Counter = field(default_factory=Counter)
    objections_upheld: int = 0
    objections_rejected: int = 0
    objections_pending: int = 0
    disputes: int = 0
    dispute_outcomes: Counter = field(default_factory=Counter)

    @property
    def average_days(self):
        return round(sum(self.durations) / len(self.durations), 1) if self.durations else None

    @property
    def max_days(self):
        return max(self.durations) if self.durations else None

    @property
    def served(self):
        """Requests served: every request that received the PPID's written decision."""
        return self.decided

    @property
    def indicator(self):
        """The program indicator: requests served ÷ requests received (None without requests)."""
        return round(self.served / self.received, 4) if self.received else None

    def add(self, other):
        for name in ("received", "decided", "pending", "on_time", "extended", "objections", "objections_upheld",
                     "objections_rejected", "objections_pending", "disputes"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("outcomes", "refusal_grounds", "objection_grounds", "dispute_outcomes"):
            getattr(self, name).update(getattr(other, name))
        self.durations.extend(other.durations)


@dataclass
class AnnualReport:
    year: int
    due_on: dt.date
    jurisdictions: list  # [(Jurisdiction, Figures, [(Agency, Figures)])]
    total: Figures

    @property
    def is_province_wide(self):
        return len(self.jurisdictions) > 1


OUTCOME_ORDER = list(Outcome)
GROUND_ORDER = list(ExemptionGround)
OBJECTION_GROUND_ORDER = list(ObjectionGround)
DISPUTE_ORDER = list(DisputeOutcome)


def annual_report(year, jurisdiction_ids):
    """The figures of the requests registered in `year` (local time) in these jurisdictions.

    Time per request is counted in working days from registration to the decision on the
    jurisdiction's business calendar, the same way as the decision deadline. Objections and disputes
    are those of the year's requests.
    """
    jurisdictions = list(Jurisdiction.objects.filter(pk__in=jurisdiction_ids).order_by("level", "code"))
    ids = [j.pk for j in jurisdictions]
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    rows = list(InformationRequest.objects.filter(jurisdiction_id__in=ids, registered_at__gte=start,
                                                  registered_at__lt=end)
                .values("pk", "jurisdiction_id", "agency_id", "registered_at", "decided_at", "due_at", "outcome",
                        "exemption_ground", "extension_days"))
    objections = {o["request_id"]: o for o in Objection.objects.filter(request_id__in=[r["pk"] for r in rows])
                  .values("request_id", "ground", "answer", "dispute__outcome", "dispute__id")}
    calendars = calendars_for(ids)
    by_jurisdiction = defaultdict(lambda: Figures(label=""))
    by_agency = defaultdict(lambda: Figures(label=""))
    for row in rows:
        for figures in filter(None, [by_jurisdiction[row["jurisdiction_id"]],
                                     by_agency[row["agency_id"]] if row["agency_id"] else None]):
            _count(figures, row, objections.get(row["pk"]), calendars[row["jurisdiction_id"]])
    agencies = defaultdict(list)
    agency_ids = [a for a in by_agency if a]
    for agency in Agency.objects.filter(pk__in=agency_ids).order_by("name"):
        figures = by_agency[agency.pk]
        figures.label = agency.name
        agencies[agency.jurisdiction_id].append((agency, figures))
    total = Figures(label=str(_("Jumlah")))
    result = []
    for jurisdiction in jurisdictions:
        figures = by_jurisdiction[jurisdiction.pk]
        figures.label = jurisdiction.name
        total.add(figures)
        result.append((jurisdiction, figures, agencies.get(jurisdiction.pk, [])))
    return AnnualReport(year=year, due_on=dt.date(year + 1, 3, 31), jurisdictions=result, total=total)


def _count(figures, row, objection, calendar):
    figures.received += 1
    if row["extension_days"]:
        figures.extended += 1
    if row["decided_at"] is None:
        figures.pending += 1
    else:
        figures.decided += 1
        figures.outcomes[row["outcome"]] += 1
        if row["exemption_ground"]:
            figures.refusal_grounds[row["exemption_ground"]] += 1
        figures.durations.append(calendar.working_days_between(row["registered_at"], row["decided_at"]))
        if row["decided_at"] <= row["due_at"]:
            figures.on_time += 1
    if objection is None:
        return
    figures.objections += 1
    figures.objection_grounds[objection["ground"]] += 1
    if objection["answer"] == ObjectionAnswer.UPHELD:
        figures.objections_upheld += 1
    elif objection["answer"] == ObjectionAnswer.REJECTED:
        figures.objections_rejected += 1
    else:
        figures.objections_pending += 1
    if objection["dispute__id"] is not None:
        figures.disputes += 1
        figures.dispute_outcomes[objection["dispute__outcome"]] += 1


def report_years(now=None):
    this_year = timezone.localdate(now).year if now else timezone.localdate().year
    return list(range(this_year, this_year - 6, -1))
