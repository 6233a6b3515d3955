"""The periodic sweep over running clocks: overdue marks, reminders, escalations, auto-finish.

Safe to run twice and on two workers at once. Every piece of work is claimed inside its own
small transaction before anyone is notified, the way healthchecks' `sendalerts` claims a check:
- overdue and reminder: a conditional UPDATE on the clock (`overdue_at` / `reminded_at` still
  as we read them); only the worker whose UPDATE changed exactly one row notifies;
- escalation: the INSERT of the `Escalation` row, unique per (clock, level); the loser gets an
  IntegrityError and skips;
- auto-finish / auto-archive: the complaint action itself locks the report and checks its state;
  an `ActionError` means someone (a person or the other worker) acted first.
Notifications are written in the same transaction as the claim, so a crash loses neither.

Each transaction locks the report row first (FOR NO KEY UPDATE), the same order the complaint
actions use (report, then clock), so a sweep and a user's action queue up instead of deadlocking.

Work is read in keyset-paginated batches, so 100,000 open clocks never sit in memory at once,
and one bad row is logged and counted, never the end of the sweep.
"""

import datetime as dt
import importlib
import logging
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.clocks.calendar import BusinessCalendar
from baruga.clocks.escalation import Chains, Recipients
from baruga.clocks.models import ESCALATING_KINDS, Clock, ClockKind, Escalation, EscalationTarget
from baruga.complaints.models import Report, State
from baruga.notifications.models import Notification
from baruga.notifications.services import notify_staff, notify_staff_bulk

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A batch with at least this many clocks is claimed and notified in one transaction with bulk INSERTs
# (`_Sweep.mark_overdue_batch`, `escalate_batch`): a first sweep over thousands of overdue clocks
# takes seconds instead of minutes (bench/README.md). Smaller batches, and any batch whose bulk
# transaction fails, go clock by clock as before.
BULK_MIN = 20
COUNT_KEYS = ("overdue", "reminders", "escalations", "escalations_unreached", "notifications",
              "finished", "archived", "skipped", "errors")
# Functions of `baruga.notifications.services` run at the end of each sweep, when it provides them.
NOTIFICATION_HOOKS = (("retry_due_messages", "messages_retried"), ("send_daily_digests", "digests"))

OVERDUE_TITLE = gettext_lazy("Terlambat: %(id)s · %(stage)s")
OVERDUE_BODY = gettext_lazy("Batas waktu tahap “%(stage)s” untuk laporan “%(title)s” (%(id)s) "
                            "adalah %(due)s dan sudah terlewati.")
REMINDER_TITLE = gettext_lazy("Pengingat: %(id)s jatuh tempo %(due)s")
REMINDER_BODY = gettext_lazy("Batas waktu tahap “%(stage)s” untuk laporan “%(title)s” (%(id)s) "
                             "adalah %(due)s.")
ESCALATION_TITLE = gettext_lazy("Eskalasi tingkat %(level)s: %(id)s terlambat")
ESCALATION_BODY = gettext_lazy("Tahap “%(stage)s” untuk laporan “%(title)s” (%(id)s) melewati "
                               "batas waktu %(due)s. Anda menerima eskalasi ini sebagai: %(target)s.")


class Message:
    """A text formatted on `str()`, so `notify_staff` renders it in each recipient's language."""

    def __init__(self, text, **params):
        self.text = text
        self.params = params

    def __str__(self):
        return str(self.text) % {key: str(value) for key, value in self.params.items()}


@dataclass
class SweepResult:
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    phase_seconds: dict = field(default_factory=dict)

    def __str__(self):
        parts = [f"{key}={self.counts.get(key, 0)}" for key in COUNT_KEYS]
        parts += [f"{key}={value}" for key, value in self.counts.items() if key not in COUNT_KEYS]
        return " ".join(parts) + f" ({self.seconds:.2f}s)"


def reminder_window():
    return dt.timedelta(hours=float(getattr(settings, "CLOCK_REMINDER_HOURS", 24)))


def run_sweep(now=None, *, batch_size=BATCH_SIZE):
    """Do everything that is due at `now` (default: the current time); returns what was done."""
    started = time.monotonic()
    sweep = _Sweep(now or timezone.now(), batch_size)
    with translation.override(settings.LANGUAGE_CODE):
        sweep.run()
    return SweepResult(counts=sweep.counts, seconds=time.monotonic() - started, phase_seconds=sweep.phase_seconds)


def _lock_report(report_id):
    """Take the report's row lock the way complaint actions do (they lock it FOR UPDATE)."""
    list(Report.objects.select_for_update(no_key=True).filter(pk=report_id).order_by().values_list("pk", flat=True))


def _local(moment):
    local = timezone.localtime(moment)
    return f"{local:%d-%m-%Y %H:%M} {local.tzname()}"


class _Sweep:
    def __init__(self, now, batch_size):
        self.now = now
        self.batch_size = batch_size
        self.counts = Counter({key: 0 for key in COUNT_KEYS})
        self.recipients = Recipients()
        self.chains = None
        self._calendars = {}
        self._moments = {}
        self.phase_seconds = {}

    def run(self):
        running = Clock.objects.filter(stopped_at__isnull=True, paused_at__isnull=True)
        staff_clocks = running.filter(kind__in=ESCALATING_KINDS).select_related("report")
        self._phase("overdue", staff_clocks.filter(overdue_at__isnull=True, due_at__lt=self.now),
                    self.mark_overdue, handle_batch=self.mark_overdue_batch)
        window = reminder_window()
        self._phase("reminder", staff_clocks.filter(due_at__gte=self.now, due_at__lte=self.now + window).filter(
            Q(reminded_at__isnull=True) | Q(reminded_at__lt=F("due_at") - window)), self.remind)
        self.chains = self._phase_guarded("escalation chains", Chains)
        if self.chains is not None:
            self._phase("escalation", self._escalation_candidates(staff_clocks), self.escalate,
                        per_batch=self._existing_levels, handle_batch=self.escalate_batch)
        past_due = running.filter(due_at__lt=self.now).select_related("report")
        self._phase("auto-finish", past_due.filter(kind=ClockKind.REPORTER_REPLY, report__state=State.RESPONDED),
                    self.finish)
        self._phase("auto-archive", past_due.filter(kind=ClockKind.COMPLETION, report__state=State.NEEDS_INFO),
                    self.archive)
        self._phase_guarded("ppid", lambda: self.counts.update(importlib.import_module("baruga.ppid.sweep").run(self.now)))
        self._phase_guarded("satudata",
                            lambda: self.counts.update(importlib.import_module("baruga.satudata.sweep").run(self.now)))
        self._notification_hooks()

    # --- plumbing --------------------------------------------------------------------------------------

    def _batches(self, queryset):
        """Keyset pagination by pk: each batch is a fresh query, safe while rows change under it."""
        last = 0
        while True:
            batch = list(queryset.filter(pk__gt=last).order_by("pk")[: self.batch_size])
            if not batch:
                return
            yield batch
            if len(batch) < self.batch_size:
                return
            last = batch[-1].pk

    def _phase(self, name, queryset, handle, per_batch=None, handle_batch=None):
        started = time.monotonic()
        try:
            for batch in self._batches(queryset):
                context = per_batch(batch) if per_batch else None
                if handle_batch is not None and len(batch) >= BULK_MIN and self._bulk(name, handle_batch, batch,
                                                                                     context):
                    continue
                for clock in batch:
                    try:
                        if per_batch:
                            handle(clock, context)
                        else:
                            handle(clock)
                    except Exception:
                        self.counts["errors"] += 1
                        logger.exception("clock sweep: %s failed for clock %s (report %s)",
                                         name, clock.pk, clock.report_id)
        except Exception:  # the batch query itself failed; the other phases still run
            self.counts["errors"] += 1
            logger.exception("clock sweep: %s phase failed", name)
        self.phase_seconds[name] = time.monotonic() - started

    def _bulk(self, name, handle_batch, batch, context):
        """Run a batch handler in one transaction; False (nothing changed) sends the batch clock by clock."""
        counts = Counter()
        try:
            with transaction.atomic():
                handle_batch(batch, context, counts)
        except IntegrityError as exc:  # expected: another sweeper claimed one of them first
            logger.info("clock sweep: %s batch of %s clocks goes clock by clock (%s)", name, len(batch),
                        _first_line(exc))
            return False
        except Exception:  # unexpected: worth its traceback, and the clocks still go one by one
            logger.warning("clock sweep: %s batch of %s clocks failed; going clock by clock", name, len(batch),
                           exc_info=True)
            return False
        self.counts.update(counts)
        return True

    def _phase_guarded(self, name, function):
        try:
            return function()
        except Exception:
            self.counts["errors"] += 1
            logger.exception("clock sweep: %s failed", name)
            return None

    def _calendar(self, jurisdiction_id):
        if jurisdiction_id not in self._calendars:
            self._calendars[jurisdiction_id] = BusinessCalendar(jurisdiction_id)
        return self._calendars[jurisdiction_id]

    def _moment(self, clock, days):
        """The due moment plus `days` working days, on the clock's own calendar."""
        if days == 0:
            return clock.due_at
        key = (clock.jurisdiction_id, clock.due_at, days)
        if key not in self._moments:
            self._moments[key] = self._calendar(clock.jurisdiction_id).explain(clock.due_at, days).due
        return self._moments[key]

    def _notify(self, users, *, kind, clock, title, body, dedupe_key):
        created = notify_staff(recipients=users, kind=kind, report=clock.report, title=title, body=body,
                               dedupe_key=dedupe_key)
        self.counts["notifications"] += len(created)
        return created

    @staticmethod
    def _about(clock):
        report = clock.report
        return {"id": report.tracking_id, "title": report.title, "stage": ClockKind(clock.kind).label,
                "due": _local(clock.due_at)}

    # --- overdue and reminders -------------------------------------------------------------------------

    def mark_overdue(self, clock):
        users, note = self.recipients.responsible(clock)
        report = clock.report
        with transaction.atomic():
            _lock_report(clock.report_id)
            claimed = Clock.objects.filter(
                pk=clock.pk, overdue_at__isnull=True, stopped_at__isnull=True, paused_at__isnull=True,
                due_at=clock.due_at,
            ).update(overdue_at=self.now)
            if claimed != 1:  # another worker marked it, or the clock moved since we read it
                self.counts["skipped"] += 1
                return
            self._notify(
                users, kind=Notification.Kind.OVERDUE, clock=clock,
                title=Message(OVERDUE_TITLE, **self._about(clock)), body=Message(OVERDUE_BODY, **self._about(clock)),
                dedupe_key=f"overdue:{clock.pk}:{int(clock.due_at.timestamp())}",
            )
        self.counts["overdue"] += 1
        if not users:
            logger.warning("clock sweep: overdue clock %s (report %s) has nobody to tell: %s",
                           clock.pk, report.tracking_id, note)

    def _lock_reports(self, batch):
        """The batch's report rows, locked in id order (as `_lock_report` does one by one)."""
        ids = sorted({clock.report_id for clock in batch})
        list(Report.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
             .values_list("pk", flat=True))

    def mark_overdue_batch(self, batch, _context, counts):
        """`mark_overdue` for a whole batch: the same compare-and-set claim, on rows locked together."""
        self._lock_reports(batch)
        current = dict(Clock.objects.select_for_update().filter(
            pk__in=[clock.pk for clock in batch], overdue_at__isnull=True, stopped_at__isnull=True,
            paused_at__isnull=True).order_by("pk").values_list("pk", "due_at"))
        claimed = [clock for clock in batch if clock.pk in current and current[clock.pk] == clock.due_at]
        Clock.objects.filter(pk__in=[clock.pk for clock in claimed]).update(overdue_at=self.now)
        causes = []
        for clock in claimed:
            users, note = self.recipients.responsible(clock)
            about = self._about(clock)
            causes.append({"recipients": users, "kind": Notification.Kind.OVERDUE, "report": clock.report,
                           "title": Message(OVERDUE_TITLE, **about), "body": Message(OVERDUE_BODY, **about),
                           "dedupe_key": f"overdue:{clock.pk}:{int(clock.due_at.timestamp())}"})
            if not users:
                logger.warning("clock sweep: overdue clock %s (report %s) has nobody to tell: %s",
                               clock.pk, clock.report.tracking_id, note)
        counts["notifications"] += len(notify_staff_bulk(causes))
        counts["overdue"] += len(claimed)
        counts["skipped"] += len(batch) - len(claimed)

    def escalate_batch(self, batch, existing, counts):
        """`escalate` for a whole batch: the Escalation rows (unique per clock and level) are the claim;
        if another sweeper inserted one first, the INSERT fails and the batch goes clock by clock."""
        due = []
        for clock in batch:
            for step in self.chains.for_clock(clock.kind, clock.jurisdiction_id):
                if (clock.pk, step.level) in existing:
                    continue
                moment = self._moment(clock, step.after_working_days)
                if moment is not None and moment < self.now:
                    due.append((clock, step))
        if not due:
            return
        self._lock_reports([clock for clock, _step in due])
        still_overdue = set(Clock.objects.filter(
            pk__in={clock.pk for clock, _step in due}, stopped_at__isnull=True, paused_at__isnull=True,
            overdue_at__isnull=False).values_list("pk", flat=True))
        rows, causes = [], []
        for clock, step in due:
            if clock.pk not in still_overdue:
                counts["skipped"] += 1
                continue
            users, note = self.recipients.for_target(step.target, jurisdiction_id=clock.jurisdiction_id,
                                                     agency_id=clock.agency_id)
            target = EscalationTarget(step.target).label if step.target in EscalationTarget.values else step.target
            about = {**self._about(clock), "level": step.level, "target": target}
            rows.append(Escalation(clock=clock, level=step.level, target=step.target, created_at=self.now,
                                   recipients_count=len(users), note=note[:255]))
            causes.append({"recipients": users, "kind": Notification.Kind.ESCALATION, "report": clock.report,
                           "title": Message(ESCALATION_TITLE, **about), "body": Message(ESCALATION_BODY, **about),
                           "dedupe_key": f"escalation:{clock.pk}:{step.level}"})
            counts["escalations"] += 1
            if not users:
                counts["escalations_unreached"] += 1
                logger.warning("clock sweep: escalation level %s of clock %s (report %s) to %s reaches nobody: %s",
                               step.level, clock.pk, clock.report.tracking_id, step.target, note)
        Escalation.objects.bulk_create(rows)
        counts["notifications"] += len(notify_staff_bulk(causes))

    def remind(self, clock):
        users, note = self.recipients.responsible(clock)
        report = clock.report
        with transaction.atomic():
            _lock_report(clock.report_id)
            # Compare-and-set on the value we read: a reminder for an earlier due moment (before an
            # extension) does not count for this one, a reminder by the other worker does.
            claimed = Clock.objects.filter(
                pk=clock.pk, reminded_at=clock.reminded_at, due_at=clock.due_at, stopped_at__isnull=True,
                paused_at__isnull=True,
            ).update(reminded_at=self.now)
            if claimed != 1:
                self.counts["skipped"] += 1
                return
            self._notify(
                users, kind=Notification.Kind.REMINDER, clock=clock,
                title=Message(REMINDER_TITLE, **self._about(clock)), body=Message(REMINDER_BODY, **self._about(clock)),
                dedupe_key=f"reminder:{clock.pk}:{int(clock.due_at.timestamp())}",
            )
        self.counts["reminders"] += 1
        if not users:
            logger.warning("clock sweep: reminder for clock %s (report %s) reaches nobody: %s",
                           clock.pk, report.tracking_id, note)

    # --- escalations -----------------------------------------------------------------------------------

    def _escalation_candidates(self, staff_clocks):
        done = (Escalation.objects.filter(clock=OuterRef("pk")).order_by().values("clock")
                .annotate(n=Count("pk")).values("n"))
        return (staff_clocks.filter(overdue_at__isnull=False, due_at__isnull=False)
                .annotate(escalations_done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)))
                .filter(escalations_done__lt=self.chains.longest()))

    def _existing_levels(self, batch):
        return set(Escalation.objects.filter(clock_id__in=[c.pk for c in batch]).values_list("clock_id", "level"))

    def escalate(self, clock, existing):
        for step in self.chains.for_clock(clock.kind, clock.jurisdiction_id):
            if (clock.pk, step.level) in existing:
                continue
            moment = self._moment(clock, step.after_working_days)
            if moment is None or moment >= self.now:
                continue
            self._escalate_step(clock, step)

    def _escalate_step(self, clock, step):
        users, note = self.recipients.for_target(step.target, jurisdiction_id=clock.jurisdiction_id,
                                                 agency_id=clock.agency_id)
        report = clock.report
        target = EscalationTarget(step.target).label if step.target in EscalationTarget.values else step.target
        about = {**self._about(clock), "level": step.level, "target": target}
        try:
            with transaction.atomic():
                _lock_report(clock.report_id)
                still_overdue = Clock.objects.filter(pk=clock.pk, stopped_at__isnull=True, paused_at__isnull=True,
                                                     overdue_at__isnull=False).exists()
                if not still_overdue:
                    self.counts["skipped"] += 1
                    return
                Escalation.objects.create(clock=clock, level=step.level, target=step.target, created_at=self.now,
                                          recipients_count=len(users), note=note[:255])
                self._notify(users, kind=Notification.Kind.ESCALATION, clock=clock,
                             title=Message(ESCALATION_TITLE, **about), body=Message(ESCALATION_BODY, **about),
                             dedupe_key=f"escalation:{clock.pk}:{step.level}")
        except IntegrityError:
            self.counts["skipped"] += 1  # the other worker escalated this level first
            return
        self.counts["escalations"] += 1
        if not users:
            self.counts["escalations_unreached"] += 1
            logger.warning("clock sweep: escalation level %s of clock %s (report %s) to %s reaches nobody: %s",
                           step.level, clock.pk, report.tracking_id, step.target, note)

    # --- the reporter's clocks -------------------------------------------------------------------------

    def finish(self, clock):
        from baruga.complaints import actions, permissions

        note = _("Selesai otomatis: pelapor tidak menanggapi tindak lanjut dalam %(n)d hari kerja.") % {
            "n": clock.working_days + clock.extension_days}
        try:
            actions.finish(actor=permissions.SYSTEM, report=clock.report, note=note)
        except actions.ActionError:
            self.counts["skipped"] += 1  # the reporter or an admin acted meanwhile
            return
        self.counts["finished"] += 1

    def archive(self, clock):
        from baruga.complaints import actions, permissions
        from baruga.complaints.models import ArchiveReason

        note = _("Diarsipkan otomatis: pelapor tidak melengkapi laporan dalam %(n)d hari kerja.") % {
            "n": clock.working_days + clock.extension_days}
        try:
            actions.archive(actor=permissions.SYSTEM, report=clock.report, reason=ArchiveReason.NO_REPLY, note=note)
        except actions.ActionError:
            self.counts["skipped"] += 1
            return
        self.counts["archived"] += 1

    # --- the notification app's periodic work ----------------------------------------------------------

    def _notification_hooks(self):
        for function_name, count_key in NOTIFICATION_HOOKS:
            try:
                function = _find_hook(function_name)
                if function is None:
                    continue
                outcome = function(self.now)
            except Exception:
                self.counts["errors"] += 1
                logger.exception("clock sweep: notifications.%s failed", function_name)
                continue
            if isinstance(outcome, bool) or outcome is None:
                outcome = int(bool(outcome))
            elif not isinstance(outcome, int):
                outcome = len(outcome) if hasattr(outcome, "__len__") else 1
            self.counts[count_key] += outcome


def _first_line(exc):
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _find_hook(name):
    """A periodic function of the notification app, if it provides one (looked up lazily)."""
    module = importlib.import_module("baruga.notifications.services")
    return getattr(module, name, None)
