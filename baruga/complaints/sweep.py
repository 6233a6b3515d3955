"""The report clocks' part of the periodic sweep: overdue marks, reminders, escalations, auto-finish,
auto-archive. The first of `settings.PERIODIC_JOBS`, run by the clock sweep (`clocks.sweep.run_sweep`)
every minute: the clocks are a deadline engine below complaints and call this by name.

Safe to run twice and on two workers at once. Every piece of work is claimed inside its own
small transaction before anyone is notified, the way healthchecks' `sendalerts` claims a check:
- overdue and reminder: a conditional UPDATE on the clock (`overdue_at` / `reminded_at` still
  as we read them); only the worker whose UPDATE changed the row notifies;
- escalation: the INSERT of the `Escalation` row, unique per (clock, level); the loser gets an
  IntegrityError and skips;
- auto-finish / auto-archive: the complaint action itself locks the report and checks its state;
  an `ActionError` means someone (a person or the other worker) acted first.
Notifications are written in the same transaction as the claim, so a crash loses neither.

Each transaction locks the report rows first (FOR NO KEY UPDATE, in id order), the same order the
complaint actions use (report, then clock), so a sweep and a user's action queue up instead of
deadlocking.

Work is read in keyset-paginated batches, so 100,000 open clocks never sit in memory at once. Overdue
marks and escalations are claimed and notified a whole batch at a time, in one transaction with bulk
INSERTs (bench/README.md); a batch that fails (another sweeper claimed one of its clocks first, or one
bad row) goes again clock by clock, each clock a batch of one, so one bad row is logged and counted,
never the end of the sweep.
"""

import logging
from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.clocks.calendar import BusinessCalendar
from baruga.clocks.escalation import Chains, Recipients
from baruga.clocks.models import ESCALATING_KINDS, Clock, ClockKind, Escalation, EscalationTarget
from baruga.clocks.sweep import reminder_window
from baruga.complaints import actions, permissions
from baruga.complaints.models import ArchiveReason, Report, State
from baruga.lib.batches import keyset_batches
from baruga.notifications.models import Notification
from baruga.notifications.staff import notify_staff, notify_staff_bulk

logger = logging.getLogger("baruga.clocks.sweep")

BATCH_SIZE = 500
# The counts this job always reports (zero included), shown first by the clock sweep.
COUNT_KEYS = ("overdue", "reminders", "escalations", "escalations_unreached", "notifications",
              "finished", "archived", "skipped", "errors")

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


def run(now=None, *, batch_size=None):
    """Do everything that is due at `now` for the report clocks; returns the counts (a Counter)."""
    sweep = _Sweep(now or timezone.now(), batch_size or BATCH_SIZE)
    sweep.run()
    return sweep.counts


def _lock_reports(report_ids):
    """The reports' rows, locked in id order (complaint actions lock a report FOR UPDATE first too)."""
    list(Report.objects.select_for_update(no_key=True).filter(pk__in=sorted(set(report_ids))).order_by("pk")
         .values_list("pk", flat=True))


def _local(moment):
    local = timezone.localtime(moment)
    return f"{local:%d-%m-%Y %H:%M} {local.tzname()}"


def _first_line(exc):
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class _Sweep:
    def __init__(self, now, batch_size):
        self.now = now
        self.batch_size = batch_size
        self.counts = Counter({key: 0 for key in COUNT_KEYS})
        self.recipients = Recipients()
        self.chains = None
        self._calendars = {}
        self._moments = {}

    def run(self):
        running = Clock.objects.filter(stopped_at__isnull=True, paused_at__isnull=True)
        staff_clocks = running.filter(kind__in=ESCALATING_KINDS).select_related("report")
        self._phase("overdue", staff_clocks.filter(overdue_at__isnull=True, due_at__lt=self.now), self.mark_overdue,
                    bulk=True)
        window = reminder_window()
        self._phase("reminder", staff_clocks.filter(due_at__gte=self.now, due_at__lte=self.now + window).filter(
            Q(reminded_at__isnull=True) | Q(reminded_at__lt=F("due_at") - window)), self.remind)
        self.chains = self._guarded("escalation chains", Chains)
        if self.chains is not None:
            self._phase("escalation", self._escalation_candidates(staff_clocks), self.escalate, bulk=True)
        past_due = running.filter(due_at__lt=self.now).select_related("report")
        self._phase("auto-finish", past_due.filter(kind=ClockKind.REPORTER_REPLY, report__state=State.RESPONDED),
                    self.finish)
        self._phase("auto-archive", past_due.filter(kind=ClockKind.COMPLETION, report__state=State.NEEDS_INFO),
                    self.archive)

    # --- plumbing --------------------------------------------------------------------------------------

    def _phase(self, name, queryset, handle, *, bulk=False):
        """`handle(clocks, counts)` in one transaction: for each whole batch when `bulk` (a failed batch goes
        again clock by clock), else for each clock."""
        try:
            for batch in keyset_batches(queryset, self.batch_size):
                if bulk and self._claim(name, handle, batch):
                    continue
                for clock in batch:
                    self._claim(name, handle, [clock])
        except Exception:  # the batch query itself failed; the other phases still run
            self.counts["errors"] += 1
            logger.exception("clock sweep: %s phase failed", name)

    def _claim(self, name, handle, batch):
        """Run `handle` on `batch` in one transaction; False if it changed nothing (a batch of several clocks
        then goes clock by clock; a single clock's failure is counted here)."""
        counts = Counter()
        try:
            with transaction.atomic():
                handle(batch, counts)
        except IntegrityError as exc:  # expected: another sweeper claimed one of them first
            if len(batch) == 1:
                self.counts["skipped"] += 1
            else:
                logger.info("clock sweep: %s batch of %s clocks goes clock by clock (%s)", name, len(batch),
                            _first_line(exc))
            return False
        except Exception:
            if len(batch) == 1:
                clock = batch[0]
                self.counts["errors"] += 1
                logger.exception("clock sweep: %s failed for clock %s (report %s)", name, clock.pk, clock.report_id)
            else:  # unexpected: worth its traceback, and the clocks still go one by one
                logger.warning("clock sweep: %s batch of %s clocks failed; going clock by clock", name, len(batch),
                               exc_info=True)
            return False
        self.counts.update(counts)
        return True

    def _guarded(self, name, function):
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

    @staticmethod
    def _about(clock):
        report = clock.report
        return {"id": report.tracking_id, "title": report.title, "stage": ClockKind(clock.kind).label,
                "due": _local(clock.due_at)}

    # --- overdue and reminders -------------------------------------------------------------------------

    def mark_overdue(self, batch, counts):
        """Claim the clocks still overdue as we read them (compare-and-set on rows locked together), then
        notify whoever is responsible, all in one transaction."""
        _lock_reports(clock.report_id for clock in batch)
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

    def remind(self, batch, counts):
        for clock in batch:
            users, note = self.recipients.responsible(clock)
            _lock_reports([clock.report_id])
            # Compare-and-set on the value we read: a reminder for an earlier due moment (before an
            # extension) does not count for this one, a reminder by the other worker does.
            claimed = Clock.objects.filter(
                pk=clock.pk, reminded_at=clock.reminded_at, due_at=clock.due_at, stopped_at__isnull=True,
                paused_at__isnull=True,
            ).update(reminded_at=self.now)
            if claimed != 1:
                counts["skipped"] += 1
                continue
            about = self._about(clock)
            counts["notifications"] += len(notify_staff(
                recipients=users, kind=Notification.Kind.REMINDER, report=clock.report,
                title=Message(REMINDER_TITLE, **about), body=Message(REMINDER_BODY, **about),
                dedupe_key=f"reminder:{clock.pk}:{int(clock.due_at.timestamp())}"))
            counts["reminders"] += 1
            if not users:
                logger.warning("clock sweep: reminder for clock %s (report %s) reaches nobody: %s",
                               clock.pk, clock.report.tracking_id, note)

    # --- escalations -----------------------------------------------------------------------------------

    def _escalation_candidates(self, staff_clocks):
        done = (Escalation.objects.filter(clock=OuterRef("pk")).order_by().values("clock")
                .annotate(n=Count("pk")).values("n"))
        return (staff_clocks.filter(overdue_at__isnull=False, due_at__isnull=False)
                .annotate(escalations_done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)))
                .filter(escalations_done__lt=self.chains.longest()))

    def escalate(self, batch, counts):
        """Every due escalation step of the batch's clocks: the Escalation rows (unique per clock and level)
        are the claim; if another sweeper inserted one first, the INSERT fails and the batch goes clock by
        clock."""
        existing = set(Escalation.objects.filter(clock_id__in=[c.pk for c in batch]).values_list("clock_id", "level"))
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
        _lock_reports(clock.report_id for clock, _step in due)
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

    # --- the reporter's clocks -------------------------------------------------------------------------

    def finish(self, batch, counts):
        for clock in batch:
            note = _("Selesai otomatis: pelapor tidak menanggapi tindak lanjut dalam %(n)d hari kerja.") % {
                "n": clock.working_days + clock.extension_days}
            try:
                actions.finish(actor=permissions.SYSTEM, report=clock.report, note=note)
            except actions.ActionError:
                counts["skipped"] += 1  # the reporter or an admin acted meanwhile
                continue
            counts["finished"] += 1

    def archive(self, batch, counts):
        for clock in batch:
            note = _("Diarsipkan otomatis: pelapor tidak melengkapi laporan dalam %(n)d hari kerja.") % {
                "n": clock.working_days + clock.extension_days}
            try:
                actions.archive(actor=permissions.SYSTEM, report=clock.report, reason=ArchiveReason.NO_REPLY,
                                note=note)
            except actions.ActionError:
                counts["skipped"] += 1
                continue
            counts["archived"] += 1
