"""The PPID's legal periods, counted in working days by the business calendar of the jurisdiction.

Regulatory defaults (UU 14/2008, PerKI 1/2021), each overridable in settings:
- PPID_DECISION_DAYS (10): the PPID decides within 10 working days of registration;
- PPID_EXTENSION_DAYS (7): extendable once, by 7 working days, with a written notice;
- PPID_OBJECTION_WINDOW_DAYS (30): an objection within 30 working days of its ground;
- PPID_OBJECTION_ANSWER_DAYS (30): the atasan PPID answers within 30 working days;
- PPID_DISPUTE_WINDOW_DAYS (14): the requester may go to the Komisi Informasi within 14 working days
  of the answer (or of the missed answer deadline).
Counting starts the working day after the event, and a period ends at office close of its last
working day, exactly as for complaint clocks (`baruga.clocks.calendar.BusinessCalendar.explain`).
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.clocks.calendar import calendar_of

DEFAULTS = {
    "PPID_DECISION_DAYS": 10,
    "PPID_EXTENSION_DAYS": 7,
    "PPID_OBJECTION_WINDOW_DAYS": 30,
    "PPID_OBJECTION_ANSWER_DAYS": 30,
    "PPID_DISPUTE_WINDOW_DAYS": 14,
    "PPID_DOCUMENT_LINK_DAYS": 14,
    "PPID_PERIODIC_STALE_MONTHS": 6,
}


def days(name):
    return int(getattr(settings, name, DEFAULTS[name]))


def calendar_for(jurisdiction_id):
    return calendar_of(jurisdiction_id)


def after(start, working_days, jurisdiction_id, calendar=None):
    """The moment `working_days` working days after `start` (office close of the last one)."""
    return (calendar or calendar_for(jurisdiction_id)).explain(start, working_days).due


def local(moment):
    if moment is None:
        return "—"
    value = timezone.localtime(moment)
    return f"{value:%d-%m-%Y %H:%M} {value.tzname()}"


def explain(start, working_days, jurisdiction_id, calendar=None, *, label=""):
    """How a period was computed, for pages and the API."""
    explanation = (calendar or calendar_for(jurisdiction_id)).explain(start, working_days)
    skipped = [{"date": d, "reason": reason} for d, reason in explanation.skipped]
    phrase = explanation.skipped_phrase()
    values = {"n": working_days, "start": local(start), "skipped": phrase, "due": local(explanation.due)}
    return {
        "label": label,
        "start": start,
        "working_days": working_days,
        "due": explanation.due,
        "skipped": skipped,
        "skipped_phrase": phrase,
        "summary": (_("%(n)d hari kerja sejak %(start)s, %(skipped)s; batas %(due)s.") if phrase
                    else _("%(n)d hari kerja sejak %(start)s; batas %(due)s.")) % values,
    }


def decision_explanation(info_request, calendar=None):
    text = explain(info_request.registered_at, info_request.working_days + info_request.extension_days,
                   info_request.jurisdiction_id, calendar, label=_("Keputusan PPID"))
    if info_request.extension_days:
        text["summary"] += " " + _("Termasuk perpanjangan %(n)d hari kerja.") % {"n": info_request.extension_days}
    return text


def request_explanations(info_request, calendar=None):
    """Every period of a request that has started, in order."""
    calendar = calendar or calendar_for(info_request.jurisdiction_id)
    result = [decision_explanation(info_request, calendar)]
    objection = getattr(info_request, "objection", None)  # the reverse one-to-one raises when absent
    if objection is not None:
        result.append(explain(objection.ground_at, days("PPID_OBJECTION_WINDOW_DAYS"), info_request.jurisdiction_id,
                              calendar, label=_("Pengajuan keberatan")))
        result.append(explain(objection.filed_at, days("PPID_OBJECTION_ANSWER_DAYS"), info_request.jurisdiction_id,
                              calendar, label=_("Tanggapan atasan PPID")))
        start = dispute_window_start(objection)
        if start is not None:
            result.append(explain(start, days("PPID_DISPUTE_WINDOW_DAYS"), info_request.jurisdiction_id, calendar,
                                  label=_("Pengajuan sengketa ke Komisi Informasi")))
    return result


def dispute_window_start(objection, now=None):
    """The answer, or the missed answer deadline; None while the atasan PPID still has time."""
    if objection.answered_at is not None:
        return objection.answered_at
    now = now or timezone.now()
    if objection.answer_due_at < now:
        return objection.answer_due_at
    return None
