"""On-time performance of the staff stages (verification, follow-up) per jurisdiction and OPD: the page
`/petugas/kinerja/` (`views_performance.py`), the staff API and the program indicator. Read from the
statistics rollups (`StageStop`, `StageSnapshot`); scoping (who may see which figures) from
`complaints.permissions`, the same memberships the inboxes use.
"""

import datetime as dt
from collections import Counter

from django.db.models import Count, Q, Sum
from django.utils import timezone

from baruga.clocks.models import Clock, ClockKind
from baruga.complaints import permissions
from baruga.directory.models import Agency, Jurisdiction
from baruga.stats.models import StageSnapshot, StageStop
from baruga.stats.rollups import month_of
from baruga.stats.selectors import median_from_histogram

# The stages staff are measured on; the reporter's own clocks are not anyone's performance.
PERFORMANCE_KINDS = (ClockKind.VERIFICATION, ClockKind.FOLLOW_UP)
COUNTED_OUTCOMES = (Clock.Outcome.ON_TIME, Clock.Outcome.LATE)  # cancelled stages are not measured


def _day_start(day):
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def _as_moment(value, *, end=False):
    if value is None or isinstance(value, dt.datetime):
        return value
    # A date: the whole local day is included, so `until` runs to the next midnight.
    return _day_start(value + dt.timedelta(days=1) if end else value)


def _stage():
    return {"done": 0, "on_time": 0, "late": 0, "share_on_time": None, "median_days": None, "_days": Counter()}


def _row(obj, **extra):
    return {"id": obj.pk, "name": obj.name, "obj": obj, "overdue_open": 0,
            "stages": {kind.value: _stage() for kind in PERFORMANCE_KINDS}, **extra}


def _finish(row):
    for stage in row["stages"].values():
        days = stage.pop("_days")
        if stage["done"]:
            stage["share_on_time"] = round(100 * stage["on_time"] / stage["done"], 1)
            stage["median_days"] = median_from_histogram(days)
    return row


def _next_month(month):
    return (month + dt.timedelta(days=32)).replace(day=1)


def completed_stages(scope, kinds, since=None, until=None, *, now=None):
    """Completed stages (clocks stopped on time or late) that ended in [since, until) (moments; None: open),
    counted per (jurisdiction_id, agency_id, kind, outcome, working days); agency_id 0 for none.
    `scope`: a Q on jurisdiction_id / agency_id. Returns [(jurisdiction_id, agency_id, kind, outcome, days, n)].

    One statement whatever the amount of data (UNION ALL of grouped parts): the whole local months of
    the period from the `StageStop` rollup, the rest (the part of a month at either end) from
    `StageSnapshot` by its stop moment. When the period ends in the future (`until` after `now`, as
    the page's default "this year so far" does) and no stage ended after `until`, the month `until`
    falls in is whole so far and comes from the rollup too (one index probe to know that).
    Working days are those counted once when the stage ended (`rollups.sync_report`).
    """
    # The whole months: from the first one starting at or after `since` to the one before `until`'s month.
    first = None if since is None else month_of(since)
    if first is not None and _day_start(first) < since:
        first = _next_month(first)
    stop = None if until is None else month_of(until)
    if stop is not None and until > (now or timezone.now()) and not StageSnapshot.objects.filter(
            stopped_at__gte=until).exists():
        stop = _next_month(stop)  # nothing in `until`'s month comes after it: the month is whole so far
    fields = ("jurisdiction_id", "agency_id", "stage", "outcome", "days")
    parts = []
    if first is not None and stop is not None and first >= stop:
        edges = [(since, until)] if since < until else []  # no whole month in between
    else:
        months = StageStop.objects.filter(scope, stage__in=kinds)
        if first is not None:
            months = months.filter(month__gte=first)
        if stop is not None:
            months = months.filter(month__lt=stop)
        parts.append(months.values_list(*fields).annotate(total=Sum("n")).order_by())
        # The rest of the period, by the moment each stage ended: before the first whole month, after the last.
        edges = [(since, _day_start(first))] if first is not None and since < _day_start(first) else []
        edges += [(_day_start(stop), until)] if stop is not None and _day_start(stop) < until else []
    stages = StageSnapshot.objects.filter(scope, stage__in=kinds, outcome__in=COUNTED_OUTCOMES)
    # One range each (an index-only scan on PostgreSQL; an OR of ranges would read the table).
    parts += [stages.filter(stopped_at__gte=lo, stopped_at__lt=hi).values_list(*fields).annotate(total=Count("*"))
              .order_by() for lo, hi in edges]
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return [row for row in rows if row[-1]]


def performance(jurisdiction_ids=None, agency_ids=None, since=None, until=None, *, now=None):
    """On-time figures per jurisdiction and per OPD.

    `jurisdiction_ids` / `agency_ids`: the scope (None: no restriction by that key; an empty set
    means nothing). With both, a clock in either is counted. `since`/`until` (dates, inclusive, or
    datetimes) bound when a clock stopped. Cancelled clocks are ignored. Returns
    {"jurisdictions": [row], "agencies": [row]}; each row has `stages` keyed by clock kind with
    done / on_time / late / share_on_time (%) / median_days (working days, like the deadline counts
    them) and `overdue_open`, the clocks running past their due moment now.

    Queries, whatever the amount of data: completed stages (one grouped statement on the statistics
    tables, and an index probe when the period runs into the future; see `completed_stages`), open
    overdue counts (grouped, from the `clock_running_due` index), jurisdictions, agencies.
    """
    now = now or timezone.now()
    since, until = _as_moment(since), _as_moment(until, end=True)

    scope = Q()
    if jurisdiction_ids is not None or agency_ids is not None:
        scope = Q(pk__in=[])
        if jurisdiction_ids is not None:
            scope |= Q(jurisdiction_id__in=jurisdiction_ids)
        if agency_ids is not None:
            scope |= Q(agency_id__in=agency_ids)
    # The same Q serves the clocks and the statistics tables: both have jurisdiction_id and agency_id.
    stopped = completed_stages(scope, PERFORMANCE_KINDS, since, until, now=now)
    overdue = list(
        Clock.objects.filter(scope, kind__in=PERFORMANCE_KINDS, stopped_at__isnull=True, paused_at__isnull=True,
                             due_at__lt=now)
        .values("jurisdiction_id", "agency_id").annotate(n=Count("*")).order_by()
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

    on_time = str(Clock.Outcome.ON_TIME)
    for jurisdiction_id, agency_id, kind, outcome, days, n in stopped:
        counted = "on_time" if outcome == on_time else "late"
        for row in (by_jurisdiction.get(jurisdiction_id), by_agency.get(agency_id)):
            if row is not None:
                stage = row["stages"][kind]
                stage["done"] += n
                stage[counted] += n
                stage["_days"][days] += n
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
    leader = permissions.leader_jurisdiction_ids(user)
    jurisdictions = set(permissions.admin_jurisdiction_ids(user)) | set(leader)
    if leader:
        jurisdictions |= set(Jurisdiction.objects.filter(parent_id__in=leader).values_list("pk", flat=True))
    return jurisdictions, set(permissions.agency_ids(user))


def stage_labels():
    return [(kind.value, kind.label) for kind in PERFORMANCE_KINDS]
