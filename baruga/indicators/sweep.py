"""Reminders before a reporting deadline, run by the clock sweep (`clocks.sweep`, phase "indicators").

For the next `ReportingRound` whose reminder window has opened (its `remind_working_days` working
days before `due_on`, on each jurisdiction's business calendar), every jurisdiction still missing a
reported value of the period gets one notification per admin: the dedupe key
"indicators:<round>:<jurisdiction>" makes a second sweep (or a second worker) send nothing again.

Once a local day, the computed indicators of the current year are recomputed for the province and
its regencies/cities, so the matrix never shows figures older than a day (one query per sweep to
know; two workers recomputing at once write the same rows, each locked).
"""

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from baruga.clocks.calendar import is_working_day
from baruga.directory.models import Jurisdiction, Level
from baruga.indicators import actions, permissions, selectors
from baruga.indicators.models import Indicator, Kind, ReportingRound, Value, ValueStatus, period_label
from baruga.notifications.models import Notification
from baruga.notifications.staff import jurisdiction_admins, notify_staff

TITLE = gettext_lazy("Pengingat: laporan indikator kinerja %(period)s jatuh tempo %(due)s")
BODY = gettext_lazy("%(n)d indikator kinerja %(period)s untuk %(place)s belum dilaporkan: %(names)s. Batas "
                    "pelaporan %(due)s (%(days)d hari kerja lagi).")
DONE = (ValueStatus.SUBMITTED, ValueStatus.VERIFIED)


def working_days_until(today, due_on, jurisdiction_id):
    """Working days after `today` up to and including `due_on`."""
    days, day = 0, today
    while day < due_on:
        day += dt.timedelta(days=1)
        days += is_working_day(day, jurisdiction_id)
    return days


def run(now=None):
    counts = Counter()
    now = now or timezone.now()
    today = timezone.localdate(now)
    with translation.override(settings.LANGUAGE_CODE):
        for round_ in ReportingRound.objects.filter(due_on__gte=today).order_by("due_on")[:4]:
            counts["indicator_reminders"] += _remind(round_, today)
        if getattr(settings, "INDICATORS_DAILY_RECOMPUTE", True):
            counts["indicator_values_computed"] += _daily_recompute(now, today)
    return counts


def _daily_recompute(now, today):
    last = Value.objects.filter(status=ValueStatus.COMPUTED, year=today.year, semester=0).aggregate(
        last=Max("entered_at"))["last"]
    if last is not None and timezone.localdate(last) >= today:
        return 0
    province = selectors.home_province()
    if province is None:
        return 0
    return actions.recompute_all(actor=permissions.SYSTEM, province=province, year=today.year, semester=0)


def _remind(round_, today):
    reported = list(Indicator.objects.filter(kind=Kind.REPORTED, is_active=True).order_by("position"))
    if not reported:
        return 0
    sent = 0
    jurisdictions = Jurisdiction.objects.filter(is_active=True, is_external=False,
                                                level__in=[Level.PROVINCE, Level.REGENCY, Level.CITY])
    done = set(Value.objects.filter(year=round_.year, semester=round_.semester, status__in=DONE,
                                    indicator__in=reported).values_list("jurisdiction_id", "indicator_id"))
    for jurisdiction in jurisdictions:
        days = working_days_until(today, round_.due_on, jurisdiction.pk)
        if days > round_.remind_working_days:
            continue
        missing = [i for i in reported if (jurisdiction.pk, i.pk) not in done]
        if not missing:
            continue
        period = period_label(round_.year, round_.semester)
        due = round_.due_on.strftime("%d-%m-%Y")
        created = notify_staff(
            recipients=jurisdiction_admins(jurisdiction.pk), kind=Notification.Kind.REMINDER, report=None,
            title=TITLE % {"period": period, "due": due},
            body=BODY % {"n": len(missing), "period": period, "place": jurisdiction.name, "due": due, "days": days,
                         "names": ", ".join(i.name for i in missing[:5]) + ("…" if len(missing) > 5 else "")},
            dedupe_key=f"indicators:{round_.pk}:{jurisdiction.pk}")
        sent += len(created)
    return sent
