"""The PPID part of the periodic sweep: reminders, overdue marks and escalations, each sent once.

Called by `baruga.clocks.sweep.run_sweep` on every run (and safe to call on its own). The same
claim-once pattern as the complaint clocks: every piece of work is claimed by a conditional UPDATE
(`overdue_at` / `reminded_at` / `escalated_at` still as we read them, the deadline unchanged) in its
own small transaction, and only the worker whose UPDATE changed exactly one row notifies, in that
same transaction. A request extended meanwhile has a new `due_at`, so a stale claim changes nothing.

- decision deadline (10 / 10+7 working days): reminder to the PPID (and the PPID pembantu of the
  OPD) within CLOCK_REMINDER_HOURS of the deadline; overdue notice to them once it passes;
  escalation to the atasan PPID;
- objection answer deadline (30 working days): reminder and overdue notice to the atasan PPID;
  escalation to the jurisdiction's leaders.
"""

import logging
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from baruga.clocks.sweep import reminder_window
from baruga.lib.batches import keyset_batches
from baruga.notifications.models import Notification
from baruga.notifications.texts import Text
from baruga.ppid import notices
from baruga.ppid.deadlines import local
from baruga.ppid.models import InformationRequest, Objection, RequestState

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
OPEN = [RequestState.REGISTERED, RequestState.EXTENDED]
Kind = Notification.Kind
t = gettext_lazy

TEXTS = {
    "decision_reminder": (t("Pengingat: keputusan permohonan %(no)s jatuh tempo %(due)s"),
                          t("Keputusan PPID atas permohonan informasi %(no)s harus disampaikan paling lambat %(due)s.")),
    "decision_overdue": (t("Terlambat: keputusan permohonan %(no)s"),
                         t("Batas keputusan PPID atas permohonan informasi %(no)s (%(due)s) sudah terlewati. Pemohon "
                           "berhak mengajukan keberatan.")),
    "decision_escalation": (t("Eskalasi: permohonan %(no)s belum diputuskan PPID"),
                            t("PPID belum memutuskan permohonan informasi %(no)s yang jatuh tempo %(due)s. Anda "
                              "menerima eskalasi ini sebagai atasan PPID.")),
    "objection_reminder": (t("Pengingat: tanggapan keberatan %(no)s jatuh tempo %(due)s"),
                           t("Atasan PPID harus menanggapi keberatan atas permohonan %(no)s paling lambat %(due)s.")),
    "objection_overdue": (t("Terlambat: tanggapan keberatan %(no)s"),
                          t("Batas tanggapan atasan PPID atas keberatan permohonan %(no)s (%(due)s) sudah terlewati.")),
    "objection_escalation": (t("Eskalasi: keberatan %(no)s belum ditanggapi"),
                             t("Atasan PPID belum menanggapi keberatan atas permohonan %(no)s yang jatuh tempo "
                               "%(due)s.")),
}


def run(now=None, *, batch_size=BATCH_SIZE):
    """Do the PPID work due at `now`; returns a Counter of what was done (keys prefixed "ppid_")."""
    sweep = _Sweep(now or timezone.now(), batch_size)
    with translation.override(settings.LANGUAGE_CODE):
        sweep.run()
    return sweep.counts


class _Sweep:
    def __init__(self, now, batch_size):
        self.now = now
        self.batch_size = batch_size
        self.counts = Counter()

    def run(self):
        """One query per table finds everything due (nothing due costs two queries); each item then
        goes through the steps that apply to it, every step claimed on its own."""
        window = reminder_window()
        now = self.now
        past_due = Q(due_at__lt=now) & (Q(overdue_at__isnull=True) | Q(escalated_at__isnull=True))
        soon = Q(due_at__gte=now, due_at__lte=now + window) & (
            Q(reminded_at__isnull=True) | Q(reminded_at__lt=F("due_at") - window))
        requests = (InformationRequest.objects.filter(state__in=OPEN).filter(past_due | soon)
                    .select_related("jurisdiction", "agency"))
        self._phase("decision", requests, [
            (lambda r: r.due_at < now and r.overdue_at is None, self.request_overdue),
            (lambda r: r.due_at < now and r.escalated_at is None, self.request_escalate),
            (lambda r: r.due_at >= now, self.request_remind),
        ])
        objection_past_due = Q(answer_due_at__lt=now) & (Q(overdue_at__isnull=True) | Q(escalated_at__isnull=True))
        objection_soon = Q(answer_due_at__gte=now, answer_due_at__lte=now + window, reminded_at__isnull=True)
        objections = (Objection.objects.filter(answered_at__isnull=True, request__state=RequestState.OBJECTED)
                      .filter(objection_past_due | objection_soon)
                      .select_related("request", "request__jurisdiction"))
        self._phase("objection", objections, [
            (lambda o: o.answer_due_at < now and o.overdue_at is None, self.objection_overdue),
            (lambda o: o.answer_due_at < now and o.escalated_at is None, self.objection_escalate),
            (lambda o: o.answer_due_at >= now, self.objection_remind),
        ])

    def _phase(self, name, queryset, steps):
        try:
            for batch in keyset_batches(queryset, self.batch_size):
                for item in batch:
                    for applies, handle in steps:
                        if not applies(item):
                            continue
                        try:
                            handle(item)
                        except Exception:
                            self.counts["ppid_errors"] += 1
                            logger.exception("ppid sweep: %s failed for %r", handle.__name__, item)
        except Exception:
            self.counts["ppid_errors"] += 1
            logger.exception("ppid sweep: %s phase failed", name)

    def _claim_and_notify(self, model, item, *, condition, update, count_key, users, key, kind, info_request, due):
        with transaction.atomic():
            claimed = model.objects.filter(pk=item.pk, **condition).update(**update)
            if claimed != 1:  # another worker did it, or the deadline moved since we read it
                self.counts["ppid_skipped"] += 1
                return
            title, body = TEXTS[key]
            values = {"no": info_request.registration_number, "due": local(due)}
            created = notices.notify(users, kind=kind, info_request=info_request, title=Text(title, **values),
                                     body=Text(body, **values),
                                     dedupe_key=f"ppid-{key}:{item.pk}:{int(due.timestamp())}")
        self.counts[count_key] += 1
        self.counts["ppid_notifications"] += len(created)
        if not users:
            logger.warning("ppid sweep: %s for %s reaches nobody", key, info_request.registration_number)

    # --- the decision deadline -----------------------------------------------------------------------

    def _request_claim(self, info_request, field, key, count_key, kind, users, extra=None):
        condition = {"state__in": OPEN, "due_at": info_request.due_at, **(extra or {})}
        self._claim_and_notify(InformationRequest, info_request, condition=condition, update={field: self.now},
                               count_key=count_key, users=users, key=key, kind=kind, info_request=info_request,
                               due=info_request.due_at)

    def request_overdue(self, info_request):
        self._request_claim(info_request, "overdue_at", "decision_overdue", "ppid_overdue", Kind.OVERDUE,
                            notices.officers(info_request), {"overdue_at__isnull": True})

    def request_escalate(self, info_request):
        self._request_claim(info_request, "escalated_at", "decision_escalation", "ppid_escalations",
                            Kind.ESCALATION, notices.superiors(info_request),
                            {"escalated_at__isnull": True, "overdue_at__isnull": False})

    def request_remind(self, info_request):
        self._request_claim(info_request, "reminded_at", "decision_reminder", "ppid_reminders", Kind.REMINDER,
                            notices.officers(info_request), {"reminded_at": info_request.reminded_at})

    # --- the atasan PPID's answer --------------------------------------------------------------------

    def _objection_claim(self, objection, field, key, count_key, kind, users, extra):
        condition = {"answered_at__isnull": True, "answer_due_at": objection.answer_due_at, **extra}
        self._claim_and_notify(Objection, objection, condition=condition, update={field: self.now},
                               count_key=count_key, users=users, key=key, kind=kind, info_request=objection.request,
                               due=objection.answer_due_at)

    def objection_overdue(self, objection):
        self._objection_claim(objection, "overdue_at", "objection_overdue", "ppid_objections_overdue", Kind.OVERDUE,
                              notices.superiors(objection.request), {"overdue_at__isnull": True})

    def objection_escalate(self, objection):
        self._objection_claim(objection, "escalated_at", "objection_escalation", "ppid_escalations",
                              Kind.ESCALATION, notices.leaders(objection.request),
                              {"escalated_at__isnull": True, "overdue_at__isnull": False})

    def objection_remind(self, objection):
        self._objection_claim(objection, "reminded_at", "objection_reminder", "ppid_reminders", Kind.REMINDER,
                              notices.superiors(objection.request), {"reminded_at__isnull": True})
