"""Reads about deadlines: a report's clocks explained, "due soon", and on-time performance.

Scoping (who may see which figures) is decided here from `complaints.permissions`, the same
memberships the inboxes use.
"""

import datetime as dt
import statistics

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from baruga.clocks import services
from baruga.clocks.calendar import BusinessCalendar, calendars_for
from baruga.clocks.models import Clock, ClockKind, Extension

# The stages staff are measured on; the reporter's own clocks are not anyone's performance.
PERFORMANCE_KINDS = (ClockKind.VERIFICATION, ClockKind.FOLLOW_UP)
DUE_SOON_WORKING_DAYS = 2


def report_deadlines(report, *, for_staff=True, now=None):
    """Every clock of `report` explained, running (or paused) first, then stopped, newest first.

    For the reporter and the public (`for_staff=False`) only approved extensions are listed, without
    the OPD's reasons: requests and refusals are internal (see workflow.INTERNAL_EVENTS).

    Fixed number of queries: clocks, their pauses, their extensions, and one calendar query for
    all the jurisdictions involved (a transferred report has clocks in two).
    """
    now = now or timezone.now()
    clocks = list(
        Clock.objects.filter(report=report).prefetch_related(
            "pauses", Prefetch("extensions", queryset=Extension.objects.order_by("created_at", "id"))
        )
    )
    if not clocks:
        return []
    calendars = calendars_for({c.jurisdiction_id for c in clocks})
    open_clocks = sorted((c for c in clocks if c.stopped_at is None), key=lambda c: (c.paused_at is not None,
                                                                                    c.started_at))
    stopped = sorted((c for c in clocks if c.stopped_at is not None), key=lambda c: c.stopped_at, reverse=True)
    result = []
    for clock in open_clocks + stopped:
        item = services.explain(clock, calendar=calendars[clock.jurisdiction_id], now=now)
        item["clock"] = clock
        item["calendar"] = calendars[clock.jurisdiction_id]
        item["pending_extension"] = next(
            (e for e in clock.extensions.all() if e.status == Extension.Status.PENDING), None
        )
        if not for_staff:
            item["pending_extension"] = None
            item["extensions"] = [
                {**e, "reason": "", "decision_reason": ""} for e in item["extensions"]
                if e["status"] == Extension.Status.APPROVED
            ]
        result.append(item)
    return result


def open_follow_up(deadlines):
    """The explained follow-up clock that is still open, from `report_deadlines`, or None."""
    return next((d for d in deadlines if d["kind"] == ClockKind.FOLLOW_UP and d["stopped_at"] is None), None)


def due_soon_until(now=None, calendar=None):
    """The end of "due soon": office close of the second working day after today.

    Uses the instance-wide calendar (regional holidays of one jurisdiction are not considered, so the
    window may be a day short there). Monday 10:00 → Wednesday 16:00; Friday → Tuesday 16:00.
    """
    now = now or timezone.now()
    calendar = calendar or BusinessCalendar(None)
    return calendar.explain(now, DUE_SOON_WORKING_DAYS).due


# --- on-time performance --------------------------------------------------------------------------


def _day_start(day):
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def _as_moment(value, *, end=False):
    if value is None or isinstance(value, dt.datetime):
        return value
    # A date: the whole local day is included, so `until` runs to the next midnight.
    return _day_start(value + dt.timedelta(days=1) if end else value)


def _stage():
    return {"done": 0, "on_time": 0, "late": 0, "share_on_time": None, "median_days": None, "_days": []}


def _row(obj, **extra):
    return {"id": obj.pk, "name": obj.name, "obj": obj, "overdue_open": 0,
            "stages": {kind.value: _stage() for kind in PERFORMANCE_KINDS}, **extra}


def _finish(row):
    for stage in row["stages"].values():
        days = stage.pop("_days")
        if stage["done"]:
            stage["share_on_time"] = round(100 * stage["on_time"] / stage["done"], 1)
            stage["median_days"] = statistics.median(days)
    return row


def performance(jurisdiction_ids=None, agency_ids=None, since=None, until=None, *, now=None):
    """On-time figures per jurisdiction and per OPD.

    `jurisdiction_ids` / `agency_ids`: the scope (None: no restriction by that key; an empty set
    means nothing). With both, a clock in either is counted. `since`/`until` (dates, inclusive, or
    datetimes) bound when a clock stopped. Cancelled clocks are ignored. Returns
    {"jurisdictions": [row], "agencies": [row]}; each row has `stages` keyed by clock kind with
    done / on_time / late / share_on_time (%) / median_days (working days, like the deadline counts
    them) and `overdue_open`, the clocks running past their due moment now.

    Queries: jurisdictions, agencies, stopped clocks, open overdue counts, one calendar query.
    """
    from baruga.directory.models import Agency, Jurisdiction

    now = now or timezone.now()
    since, until = _as_moment(since), _as_moment(until, end=True)

    scope = Q()
    if jurisdiction_ids is not None or agency_ids is not None:
        scope = Q(pk__in=[])
        if jurisdiction_ids is not None:
            scope |= Q(jurisdiction_id__in=jurisdiction_ids)
        if agency_ids is not None:
            scope |= Q(agency_id__in=agency_ids)
    clocks = Clock.objects.filter(scope, kind__in=PERFORMANCE_KINDS)

    stopped = clocks.filter(stopped_at__isnull=False, outcome__in=[Clock.Outcome.ON_TIME, Clock.Outcome.LATE])
    if since is not None:
        stopped = stopped.filter(stopped_at__gte=since)
    if until is not None:
        stopped = stopped.filter(stopped_at__lt=until)
    stopped = list(stopped.values_list("jurisdiction_id", "agency_id", "kind", "outcome", "started_at", "stopped_at"))
    overdue = list(
        clocks.filter(stopped_at__isnull=True, paused_at__isnull=True, due_at__lt=now)
        .values("jurisdiction_id", "agency_id").annotate(n=Count("id")).order_by()
    )

    # The rows: every jurisdiction and OPD in scope, with or without figures.
    if jurisdiction_ids is not None:
        jurisdictions = Jurisdiction.objects.filter(pk__in=jurisdiction_ids)
    elif agency_ids is not None:
        jurisdictions = Jurisdiction.objects.none()  # OPD staff see their OPD, not the whole jurisdiction
    else:
        seen = {c[0] for c in stopped} | {o["jurisdiction_id"] for o in overdue}
        jurisdictions = Jurisdiction.objects.filter(pk__in=seen)
    agency_scope = Q(pk__in=[])
    if jurisdiction_ids is not None:
        agency_scope |= Q(jurisdiction_id__in=jurisdiction_ids, is_active=True)
    if agency_ids is not None:
        agency_scope |= Q(pk__in=agency_ids)
    if jurisdiction_ids is None and agency_ids is None:
        agency_scope = Q(pk__in={c[1] for c in stopped if c[1]} | {o["agency_id"] for o in overdue if o["agency_id"]})
    by_jurisdiction = {j.pk: _row(j) for j in jurisdictions.order_by("code")}
    by_agency = {a.pk: _row(a, jurisdiction_name=a.jurisdiction.name)
                 for a in Agency.objects.filter(agency_scope).select_related("jurisdiction")
                 .order_by("jurisdiction__code", "name")}

    calendars = calendars_for({c[0] for c in stopped}) if stopped else {}
    for jurisdiction_id, agency_id, kind, outcome, started_at, stopped_at in stopped:
        days = calendars[jurisdiction_id].working_days_between(started_at, stopped_at)
        for row in (by_jurisdiction.get(jurisdiction_id), by_agency.get(agency_id)):
            if row is None:
                continue
            stage = row["stages"][kind]
            stage["done"] += 1
            stage["on_time" if outcome == Clock.Outcome.ON_TIME else "late"] += 1
            stage["_days"].append(days)
    for item in overdue:
        for row in (by_jurisdiction.get(item["jurisdiction_id"]), by_agency.get(item["agency_id"])):
            if row is not None:
                row["overdue_open"] += item["n"]
    return {
        "jurisdictions": [_finish(r) for r in by_jurisdiction.values()],
        "agencies": [_finish(r) for r in by_agency.values()],
    }


def performance_scope(user):
    """(jurisdiction_ids, agency_ids) whose figures `user` may see.

    Admins and leaders: their jurisdictions, and for a province leader the regencies/cities below;
    OPD staff: their OPD. Mirrors `complaints.permissions.visible_reports`.
    """
    from baruga.complaints import permissions
    from baruga.directory.models import Jurisdiction

    leader = permissions.leader_jurisdiction_ids(user)
    jurisdictions = set(permissions.admin_jurisdiction_ids(user)) | set(leader)
    if leader:
        jurisdictions |= set(Jurisdiction.objects.filter(parent_id__in=leader).values_list("pk", flat=True))
    return jurisdictions, set(permissions.agency_ids(user))


def stage_labels():
    return [(kind.value, kind.label) for kind in PERFORMANCE_KINDS]
