"""The head app's lists: what needs the signed-in OPD head, sub-admin or leader, in their scope.

- approvals: reports of the head's OPD with a follow-up waiting for approval (`approve_response` /
  `reject_response`) and pending extension requests (`decide_extension`); heads only, as the
  action layer allows no one else of the OPD;
- escalated: reports with an open clock escalated (`clocks.Escalation`) to a target the user is:
  the OPD's head / staff, or the jurisdiction's leaders;
- overdue: the staff inbox's "overdue" view (`complaints.selectors.staff_inbox`), by due moment;
- today: reports dispatched to the user's OPD today (for leaders: received in their scope today).

Every list is scoped by `permissions.visible_reports`; each is one query, the counts one each.
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from baruga.accounts.models import Role
from baruga.accounts.staff import memberships
from baruga.clocks.models import Escalation, EscalationTarget, Extension
from baruga.complaints import permissions, selectors
from baruga.complaints.models import Report, Response, State, filed_by

APP_ROLES = (Role.HEAD, Role.SUBADMIN, Role.LEADER)
LIST_LIMIT = 30
APPROVAL_LIMIT = 8  # items with their forms are heavier: keep the page under ~30 KB on a phone
LISTS = ("approvals", "escalated", "overdue", "today")


@dataclass
class Scope:
    head_agencies: set = field(default_factory=set)
    subadmin_agencies: set = field(default_factory=set)
    leader_jurisdictions: set = field(default_factory=set)

    @property
    def agencies(self):
        return self.head_agencies | self.subadmin_agencies

    def __bool__(self):
        return bool(self.agencies or self.leader_jurisdictions)


def scope(user):
    """The user's head-app scope (no query once the memberships are loaded)."""
    result = Scope()
    for m in memberships(user):
        if m.role == Role.HEAD:
            result.head_agencies.add(m.agency_id)
        elif m.role == Role.SUBADMIN:
            result.subadmin_agencies.add(m.agency_id)
        elif m.role == Role.LEADER:
            result.leader_jurisdictions.add(m.jurisdiction_id)
    return result


def may_use(user):
    return bool(scope(user))


def _base(user):
    return permissions.visible_reports(user).exclude(filed_by(user)).select_related(*selectors.LIST_RELATED)


def pending_responses(user, sc=None):
    sc = sc or scope(user)
    if not sc.head_agencies:
        return Report.objects.none()
    pending = Response.objects.filter(report=OuterRef("pk"), status=Response.Status.PENDING)
    return _base(user).filter(agency_id__in=sc.head_agencies, state=State.IN_PROGRESS).filter(
        Exists(pending)).order_by("state_changed_at", "id")


def pending_response_rows(reports):
    """Attach each report's pending response (one query for the lot)."""
    by_report = {r.report_id: r for r in Response.objects.filter(
        report__in=[r.pk for r in reports], status=Response.Status.PENDING).select_related("author")}
    for report in reports:
        report.pending_response = by_report.get(report.pk)
    return reports


def pending_extensions(user, sc=None):
    sc = sc or scope(user)
    if not sc.head_agencies:
        return Extension.objects.none()
    visible = permissions.visible_reports(user).filter(agency_id__in=sc.head_agencies,
                                                       state__in=(State.DISPATCHED, State.IN_PROGRESS))
    return (Extension.objects.filter(status=Extension.Status.PENDING, clock__stopped_at__isnull=True,
                                     clock__report__in=visible)
            .select_related("clock__report", "clock__report__agency", "clock__report__location", "requested_by")
            .order_by("created_at", "id"))


def _escalation_condition(sc):
    T = EscalationTarget
    condition = Q(pk__in=[])
    if sc.head_agencies:
        condition |= Q(target__in=[T.AGENCY_HEAD, T.AGENCY_STAFF], clock__agency_id__in=sc.head_agencies)
    if sc.subadmin_agencies:
        condition |= Q(target=T.AGENCY_STAFF, clock__agency_id__in=sc.subadmin_agencies)
    if sc.leader_jurisdictions:
        condition |= Q(target=T.LEADERS, clock__jurisdiction_id__in=sc.leader_jurisdictions)
    return condition


def escalated(user, sc=None):
    sc = sc or scope(user)
    if not sc:
        return Report.objects.none()
    mine = Escalation.objects.filter(_escalation_condition(sc), clock__report=OuterRef("pk"),
                                     clock__stopped_at__isnull=True)
    return _base(user).filter(Exists(mine), state__in=selectors.STAFF_CLOCK_STATES).order_by(
        "due_at", "-created_at", "-id")


def overdue(user, now=None):
    return selectors.staff_inbox(user, view="overdue", sort="due", now=now)


def start_of_today(now=None):
    now = timezone.localtime(now or timezone.now())
    return timezone.make_aware(datetime.combine(now.date(), time.min), now.tzinfo)


def today(user, sc=None, now=None):
    sc = sc or scope(user)
    start = start_of_today(now)
    condition = Q(pk__in=[])
    if sc.agencies:
        condition |= Q(agency_id__in=sc.agencies, dispatched_at__gte=start)
    if sc.leader_jurisdictions:
        condition |= Q(created_at__gte=start) & (Q(jurisdiction_id__in=sc.leader_jurisdictions)
                                                 | Q(jurisdiction__parent_id__in=sc.leader_jurisdictions))
    return _base(user).filter(condition).order_by("-dispatched_at", "-created_at", "-id")


@dataclass
class Counts:
    responses: int
    extensions: int
    escalated: int
    overdue: int
    today: int

    @property
    def approvals(self):
        return self.responses + self.extensions

    @property
    def badge(self):
        """What needs me: decisions waiting for me and escalations to me."""
        return self.approvals + self.escalated

    def as_dict(self):
        return {"badge": self.badge, "approvals": self.approvals, "responses": self.responses,
                "extensions": self.extensions, "escalated": self.escalated, "overdue": self.overdue,
                "today": self.today}


def counts(user, now=None):
    sc = scope(user)
    return Counts(
        responses=pending_responses(user, sc).count(), extensions=pending_extensions(user, sc).count(),
        escalated=escalated(user, sc).count(), overdue=overdue(user, now=now).count(),
        today=today(user, sc, now=now).count(),
    )


def badge_count(user):
    sc = scope(user)
    return pending_responses(user, sc).count() + pending_extensions(user, sc).count() + escalated(user, sc).count()


def lists(user, which, now=None):
    """The items of one list (at most LIST_LIMIT of each kind): a dict of lists."""
    sc = scope(user)
    if which == "approvals":
        return {"responses": pending_response_rows(list(pending_responses(user, sc)[:APPROVAL_LIMIT])),
                "extensions": list(pending_extensions(user, sc)[:APPROVAL_LIMIT])}
    if which == "escalated":
        return {"reports": list(escalated(user, sc)[:LIST_LIMIT])}
    if which == "overdue":
        return {"reports": list(overdue(user, now=now)[:LIST_LIMIT])}
    if which == "today":
        return {"reports": list(today(user, sc, now=now)[:LIST_LIMIT])}
    raise ValueError(which)
