"""/api/v1/pimpinan/: the head app's "needs me" lists and badge count as JSON (session sign-in).

Same lists, scope and counts as the pages (`baruga.headapp.selectors`); decisions use the staff
API's transitions (`POST /api/v1/staff/reports/{id}/approve_response`, ...). Callers without a
head, sub-admin or leader membership get 403 ``forbidden``.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from baruga.api_auth import session_auth
from baruga.api_errors import forbidden, responses
from baruga.headapp import selectors

router = Router(tags=["pimpinan"], auth=session_auth)


class Counts(Schema):
    badge: int
    approvals: int
    responses: int
    extensions: int
    escalated: int
    overdue: int
    today: int


class ReportItem(Schema):
    tracking_id: str
    title: str
    kind: str
    state: str
    state_label: str
    location: str
    agency: str | None
    received_at: datetime
    due_at: datetime | None


class PendingResponse(ReportItem):
    response_body: str
    response_created_at: datetime | None


class PendingExtension(Schema):
    report: ReportItem
    working_days: int
    reason: str
    requested_at: datetime


class NeedsMe(Schema):
    synced_at: datetime
    counts: Counts
    responses: list[PendingResponse]
    extensions: list[PendingExtension]
    escalated: list[ReportItem]
    overdue: list[ReportItem]
    today: list[ReportItem]


class Badge(Schema):
    badge: int


def _user(request):
    if not selectors.may_use(request.auth):
        raise forbidden(_("Aplikasi pimpinan hanya untuk kepala OPD, sub-admin OPD dan pimpinan daerah."))
    return request.auth


def _item(report):
    return {
        "tracking_id": report.tracking_id, "title": report.title, "kind": report.kind, "state": report.state,
        "state_label": report.get_state_display(), "location": report.location.name,
        "agency": report.agency.name if report.agency_id else None, "received_at": report.created_at,
        "due_at": report.due_at,
    }


@router.get("/", response=responses(NeedsMe, 401, 403), summary="What needs me: the head app's lists")
def needs_me(request):
    user = _user(request)
    approvals = selectors.lists(user, "approvals")
    return {
        "synced_at": timezone.now(),
        "counts": selectors.counts(user).as_dict(),
        "responses": [{**_item(r), "response_body": r.pending_response.body if r.pending_response else "",
                       "response_created_at": r.pending_response.created_at if r.pending_response else None}
                      for r in approvals["responses"]],
        "extensions": [{"report": _item(e.clock.report), "working_days": e.working_days, "reason": e.reason,
                        "requested_at": e.created_at} for e in approvals["extensions"]],
        **{key: [_item(r) for r in selectors.lists(user, key)["reports"]] for key in ("escalated", "overdue", "today")},
    }


@router.get("/badge", response=responses(Badge, 401, 403), summary="The badge count alone")
def badge(request):
    return {"badge": selectors.badge_count(_user(request))}
