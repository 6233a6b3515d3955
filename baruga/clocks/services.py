"""Starting, pausing, resuming, extending and stopping clocks as a report moves.

Called by the complaint actions inside their transaction (`on_transition`), so a state
change and its clocks commit together. `Report.due_at` is kept equal to the due moment of the
clock that is running (None when no clock runs or the running one is paused).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from baruga.audit import services as audit
from baruga.clocks.calendar import calendar_of, national_holidays
from baruga.clocks.models import CalendarDay, Clock, ClockKind, ClockPause, ClockPolicy

# Regulatory defaults in working days (PermenPANRB 62/2018, Perpres 76/2013); an administrator
# overrides them per jurisdiction and/or category with ClockPolicy rows, or with CLOCK_DURATIONS.
DEFAULT_DURATIONS = {
    ClockKind.VERIFICATION: 3,
    ClockKind.FOLLOW_UP: 5,
    ClockKind.COMPLETION: 10,
    ClockKind.REPORTER_REPLY: 10,
}
# Perpres 76/2013: at most 60 (calendar) days after the file is complete.
CEILING_DAYS = 60

START, STOP, PAUSE, RESUME = "start", "stop", "pause", "resume"
V, F, C, R = ClockKind.VERIFICATION, ClockKind.FOLLOW_UP, ClockKind.COMPLETION, ClockKind.REPORTER_REPLY
ALL = (V, F, C, R)

# What each transition does to the clocks, in order.
EFFECTS = {
    "submit": [(START, V)],
    "request_info": [(PAUSE, V), (START, C)],
    "complete": [(STOP, C), (RESUME, V)],
    "verify": [],
    "dispatch": [(STOP, V), (START, F)],
    "transfer": [(STOP, V), (START, V)],
    "defer": [(PAUSE, V)],
    "resume": [(RESUME, V)],
    "archive": [(STOP, k) for k in ALL],
    "merge": [(STOP, k) for k in ALL],
    "accept": [],
    "hand_back": [(STOP, F), (START, V)],
    "respond": [(STOP, F), (START, R)],
    "approve_response": [(STOP, F), (START, R)],
    "reject_response": [],
    "reopen": [(STOP, R), (START, F)],
    "rate": [(STOP, k) for k in ALL],
    "finish": [(STOP, k) for k in ALL],
}


def _policies():
    """Every ClockPolicy as (clock, jurisdiction_id, category_id, working_days)."""
    return ClockPolicy.objects.values_list("clock", "jurisdiction_id", "category_id", "working_days")


def duration(kind, *, jurisdiction_id=None, category_id=None):
    """The most specific policy wins: jurisdiction+category, category, jurisdiction, settings, default."""
    best = None
    for clock, policy_jurisdiction, policy_category, working_days in _policies():
        if clock != kind or policy_jurisdiction not in (None, jurisdiction_id) or policy_category not in (
                None, category_id):
            continue
        rank = (policy_category is not None, policy_jurisdiction is not None)
        if best is None or rank > best[0]:
            best = (rank, working_days)
    if best is not None:
        return best[1]
    return getattr(settings, "CLOCK_DURATIONS", {}).get(kind, DEFAULT_DURATIONS[kind])


def _open(report, kind):
    return Clock.objects.filter(report=report, kind=kind, stopped_at__isnull=True).first()


# How a paused working day reads in an explanation, by the action that paused the clock.
PAUSE_LABELS = {
    "request_info": _lazy("Jeda: menunggu kelengkapan dari pelapor"),
    "defer": _lazy("Jeda: laporan ditunda"),
}


def pause_label(reason):
    return str(PAUSE_LABELS.get(reason, _lazy("Jeda")))


def _pauses(clock):
    if clock.pk is None:
        return []
    return [(p.started_at, p.ended_at, pause_label(p.reason)) for p in clock.pauses.all()]


def recompute(clock, calendar=None):
    calendar = calendar or calendar_of(clock.jurisdiction_id)
    explanation = calendar.explain(clock.started_at, clock.working_days + clock.extension_days, _pauses(clock))
    clock.due_at = explanation.due
    return explanation


def recompute_open_clocks(*, day, jurisdiction_id=None):
    """A calendar entry on `day` was added, changed or removed: move the open clocks it affects.

    Only clocks that started before that day's close and are not yet due by its start (or are
    paused) can move. Returns how many clocks got a new due moment; their reports' `due_at` follows.
    """
    day_start = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())
    clocks = Clock.objects.filter(stopped_at__isnull=True, started_at__lt=day_start + dt.timedelta(days=1)).filter(
        Q(due_at__gte=day_start) | Q(paused_at__isnull=False)
    )
    if jurisdiction_id is not None:
        clocks = clocks.filter(jurisdiction_id=jurisdiction_id)
    calendars, moved_reports, moved = {}, set(), 0
    now = timezone.now()
    for clock in clocks.prefetch_related("pauses").iterator(chunk_size=500):
        if clock.jurisdiction_id not in calendars:
            calendars[clock.jurisdiction_id] = calendar_of(clock.jurisdiction_id)
        old_due = clock.due_at
        recompute(clock, calendars[clock.jurisdiction_id])
        if clock.paused_at is None and clock.due_at != old_due:
            fields = {"due_at": clock.due_at}
            if clock.due_at and clock.due_at > now:
                fields.update(overdue_at=None, reminded_at=None)
            Clock.objects.filter(pk=clock.pk).update(**fields)
            moved_reports.add(clock.report_id)
            moved += 1
    reports = Clock.report.field.related_model.objects  # the reports the clocks belong to (complaints)
    for report in reports.filter(pk__in=moved_reports):
        reports.filter(pk=report.pk).update(due_at=current_due(report))
    return moved


def start(report, kind, now):
    clock = Clock(
        report=report, kind=kind, jurisdiction=report.jurisdiction, agency=report.agency, started_at=now,
        working_days=duration(kind, jurisdiction_id=report.jurisdiction_id, category_id=report.category_id),
    )
    recompute(clock)
    clock.save()
    return clock


def stop(clock, now, *, cancelled=False):
    clock.stopped_at = now
    if cancelled or clock.paused_at is not None:
        clock.outcome = Clock.Outcome.CANCELLED
    else:
        clock.outcome = Clock.Outcome.ON_TIME if clock.due_at and now <= clock.due_at else Clock.Outcome.LATE
    clock.save(update_fields=["stopped_at", "outcome"])
    clock.pauses.filter(ended_at__isnull=True).update(ended_at=now)


def pause(clock, now, reason):
    if clock.paused_at is not None:
        return
    ClockPause.objects.create(clock=clock, started_at=now, reason=reason)
    clock.paused_at = now
    clock.due_at = None
    clock.save(update_fields=["paused_at", "due_at"])


def resume(clock, now):
    if clock.paused_at is None:
        return
    clock.pauses.filter(ended_at__isnull=True).update(ended_at=now)
    clock.paused_at = None
    recompute(clock)
    clock.save(update_fields=["paused_at", "due_at"])


def extend(clock, working_days):
    clock.extension_days += working_days
    recompute(clock)
    clock.save(update_fields=["extension_days", "due_at"])
    # An overdue mark no longer holds once the new due moment lies ahead.
    if clock.overdue_at and clock.due_at and clock.due_at > timezone.now():
        Clock.objects.filter(pk=clock.pk).update(overdue_at=None)


def plan_filing(report, action, now):
    """The clocks a new report's first transition starts, before the report is inserted.

    For `submit_report`: sets `report.due_at` and `report.ceiling_at` exactly as `on_transition`
    would, without a query (the report has no clocks yet; policies and calendar come from the
    reference cache), and returns the unsaved clocks; `save_planned` writes them once the report has
    its primary key. The report's row is written once, with its deadline.
    """
    planned = []
    for effect, kind in EFFECTS[action]:
        if effect != START:
            continue
        clock = Clock(kind=kind, jurisdiction_id=report.jurisdiction_id, agency_id=report.agency_id,
                      started_at=now, working_days=duration(kind, jurisdiction_id=report.jurisdiction_id,
                                                            category_id=report.category_id))
        recompute(clock)
        planned.append(clock)
    report.ceiling_at = now + dt.timedelta(days=CEILING_DAYS)
    running = [c.due_at for c in planned if c.due_at is not None]
    report.due_at = min(running) if running else None
    return planned


def save_planned(report, planned):
    for clock in planned:
        clock.report = report
    Clock.objects.bulk_create(planned)


def on_transition(report, action, now):
    """Apply the transition's clock effects and mirror the running clock onto the report."""
    effects = EFFECTS[action]
    if action == "transfer" and report.state == "transferred":
        # Transferred out of the installation: the receiving system's clock runs, not ours.
        effects = [(STOP, k) for k in ALL]
    for effect, kind in effects:
        clock = _open(report, kind)
        if effect == START:
            if clock is not None:
                stop(clock, now, cancelled=True)
            start(report, kind, now)
        elif clock is None:
            continue
        elif effect == STOP:
            stop(clock, now, cancelled=(action in ("archive", "merge", "transfer") and kind != V))
        elif effect == PAUSE:
            pause(clock, now, action)
        elif effect == RESUME:
            resume(clock, now)
    if action in ("submit", "complete"):
        report.ceiling_at = now + dt.timedelta(days=CEILING_DAYS)
    report.due_at = current_due(report)


def current_due(report):
    running = Clock.objects.filter(report=report, stopped_at__isnull=True, paused_at__isnull=True).order_by(
        "due_at"
    ).first()
    return running.due_at if running else None


def running_clock(report):
    return Clock.objects.filter(report=report, stopped_at__isnull=True).order_by("paused_at", "started_at").first()


def max_extension(clock, ceiling_at, calendar=None):
    """The most working days an extension may add without passing the legal ceiling."""
    if ceiling_at is None or clock.due_at is None:
        return 0
    calendar = calendar or calendar_of(clock.jurisdiction_id)
    return calendar.working_days_between(clock.due_at, ceiling_at)


def explain(clock, calendar=None, now=None):
    """Everything a deadline needs to explain itself (report page and API).

    Pass the jurisdiction's `calendar` when explaining several clocks (one query each otherwise),
    and prefetch `pauses` and `extensions`.
    """
    calendar = calendar or calendar_of(clock.jurisdiction_id)
    explanation = calendar.explain(clock.started_at, clock.working_days + clock.extension_days, _pauses(clock))
    tz = timezone.get_default_timezone()
    now = now or timezone.now()
    # A clock stopped while paused keeps paused_at; it is stopped, not paused.
    paused = clock.paused_at is not None and clock.stopped_at is None
    return {
        "kind": clock.kind,
        "label": str(ClockKind(clock.kind).label),
        "started_at": clock.started_at,
        "working_days": clock.working_days,
        "extension_days": clock.extension_days,
        "due_at": explanation.due,
        "due_local": timezone.localtime(explanation.due, tz).strftime("%d-%m-%Y %H:%M") if explanation.due else None,
        "timezone": str(tz),
        "timezone_abbr": timezone.localtime(explanation.due or clock.started_at, tz).tzname(),
        "running": clock.stopped_at is None and not paused,
        "paused": paused,
        "overdue": clock.stopped_at is None and not paused and explanation.due is not None and explanation.due < now,
        "remaining_working_days": explanation.remaining if paused else None,
        "pauses": [{"started_at": p.started_at, "ended_at": p.ended_at, "reason": p.reason,
                    "label": pause_label(p.reason)} for p in clock.pauses.all()],
        "skipped_days": [{"date": d, "reason": reason} for d, reason in explanation.skipped],
        "skipped_phrase": explanation.skipped_phrase(),
        "extensions": [{"working_days": e.working_days, "status": e.status, "status_label": str(e.get_status_display()),
                        "reason": e.reason, "decision_reason": e.decision_reason, "created_at": e.created_at,
                        "decided_at": e.decided_at} for e in clock.extensions.all()],
        "stopped_at": clock.stopped_at,
        "outcome": clock.outcome,
        "outcome_label": str(Clock.Outcome(clock.outcome).label) if clock.outcome else "",
        "summary": _summary(clock, explanation, paused),
    }


def _deadline_sentence(n, start, skipped, due):
    if skipped:
        return _("%(n)d hari kerja sejak %(start)s, %(skipped)s; batas %(due)s.") % {
            "n": n, "start": start, "skipped": skipped, "due": due}
    return _("%(n)d hari kerja sejak %(start)s; batas %(due)s.") % {"n": n, "start": start, "due": due}


def _summary(clock, explanation, paused):
    if paused:
        return _("Dijeda sejak %(since)s; sisa %(n)d hari kerja.") % {
            "since": timezone.localtime(clock.paused_at).strftime("%d-%m-%Y %H:%M"), "n": explanation.remaining}
    total = clock.working_days + clock.extension_days
    due = timezone.localtime(explanation.due).strftime("%d-%m-%Y %H:%M") if explanation.due else "—"
    text = _deadline_sentence(total, timezone.localtime(clock.started_at).strftime("%d-%m-%Y %H:%M"),
                              explanation.skipped_phrase(), due)
    if clock.extension_days:
        text += " " + _("Termasuk perpanjangan %(n)d hari kerja.") % {"n": clock.extension_days}
    return text


# --- The yearly SKB of national holidays and cuti bersama -------------------------------------------

def load_holiday_decree(*, actor, year, reference, days, request=None):
    """Make a year's SKB the instance-wide calendar of that year, in one transaction, audited.

    `days` is the checked list of `decrees.DecreeDay`. Every SKB day becomes an entry carrying the
    SKB's reference (an administrator's own entry on that date is taken over); a weekday the
    `holidays` package calls a holiday but the SKB does not list becomes a working-day correction;
    entries of an earlier load of the same year that the new list lacks are removed. Every date that
    changed moves the running clocks, as a calendar edit in the admin does. Returns a summary dict.
    """
    wanted = {day.date: (day.kind, day.name) for day in days}
    listed = set(wanted)
    for holiday, name in national_holidays(year).items():
        if holiday not in listed and holiday.year == year and holiday.weekday() < 5:
            wanted[holiday] = (CalendarDay.Kind.WORKDAY, _("Bukan hari libur menurut %(decree)s: %(name)s")
                               % {"decree": reference, "name": name})
    for holiday, (kind, name) in list(wanted.items()):
        wanted[holiday] = (kind, name[:120])
    changed, created, updated, removed = set(), 0, 0, 0
    with transaction.atomic():
        existing = {entry.date: entry for entry in CalendarDay.objects.select_for_update().filter(
            jurisdiction__isnull=True, date__year=year)}
        for date, entry in existing.items():
            if date not in wanted and entry.decree:
                entry.delete()
                changed.add(date)
                removed += 1
        for date, (kind, name) in sorted(wanted.items()):
            entry = existing.get(date)
            if entry is None:
                CalendarDay.objects.create(date=date, kind=kind, name=name, decree=reference)
                created += 1
            elif (entry.kind, entry.name, entry.decree) != (kind, name, reference):
                entry.kind, entry.name, entry.decree = kind, name, reference
                entry.save(update_fields=["kind", "name", "decree"])
                updated += 1
            else:
                continue
            changed.add(date)
        moved = sum(recompute_open_clocks(day=date) for date in sorted(changed))
        summary = {
            "year": year, "reference": reference,
            "holidays": sum(1 for d in days if d.kind == CalendarDay.Kind.HOLIDAY),
            "collective_leave": sum(1 for d in days if d.kind == CalendarDay.Kind.COLLECTIVE_LEAVE),
            "workday_corrections": sum(1 for kind, _name in wanted.values() if kind == CalendarDay.Kind.WORKDAY),
            "created": created, "updated": updated, "removed": removed, "clocks_moved": moved,
        }
        audit.record(actor=actor, action="calendar.load_decree", details=summary, request=request)
    return summary
