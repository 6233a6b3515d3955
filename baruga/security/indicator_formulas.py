"""Program indicators computed from the security module (the contract: baruga/indicators/formulas.py).

Security events and incidents belong to the installation, not to one jurisdiction: they count for
the jurisdiction that runs it (the highest one not served by another system, the province in
South Sulawesi). For any other jurisdiction the value is None with an explanation, never 0.
Backup drills are the runs of `manage.py backup --verify` (decrypt the archive, check every hash), recorded
as `BackupCheck` rows by the command.
"""

import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.security.models import BackupCheck, Incident, SecurityEvent


def _runs_installation(jurisdiction):
    parent = jurisdiction.parent
    return not jurisdiction.is_external and (parent is None or parent.is_external)


def _moments(start, end):
    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


def _elsewhere():
    return {"value": None, "numerator": None, "denominator": None,
            "explanation": _("Dicatat untuk seluruh instalasi, pada wilayah induknya.")}


def events_detected(jurisdiction, start, end):
    """Attacks and misuse the detection rules raised in the period."""
    if not _runs_installation(jurisdiction):
        return _elsewhere()
    since, until = _moments(start, end)
    n = SecurityEvent.objects.filter(created_at__gte=since, created_at__lt=until).count()
    return {"value": n, "numerator": n, "denominator": None,
            "explanation": _("%(n)d peristiwa keamanan terdeteksi") % {"n": n}}


def incidents_within_3x24h(jurisdiction, start, end):
    """Personal-data breaches detected in the period whose subjects and authority were told within 3×24 h."""
    if not _runs_installation(jurisdiction):
        return _elsewhere()
    since, until = _moments(start, end)
    counts = (Incident.objects.filter(personal_data_breach=True, detected_at__gte=since, detected_at__lt=until)
              .aggregate(total=Count("pk"), in_time=Count("pk", filter=Q(
                  subjects_notified_at__lte=F("notify_deadline"), authority_notified_at__lte=F("notify_deadline")))))
    total, in_time = counts["total"], counts["in_time"]
    return {"value": round(100 * in_time / total, 2) if total else None, "numerator": in_time, "denominator": total,
            "explanation": _("%(n)d dari %(d)d insiden data pribadi diberitahukan dalam 3×24 jam")
            % {"n": in_time, "d": total}}


def backup_drills(jurisdiction, start, end):
    """Backup archives checked in the period by the recovery drill (`manage.py backup --verify`) and found whole."""
    if not _runs_installation(jurisdiction):
        return _elsewhere()
    since, until = _moments(start, end)
    checks = BackupCheck.objects.filter(checked_at__gte=since, checked_at__lt=until).aggregate(
        total=Count("pk"), ok=Count("pk", filter=Q(ok=True)))
    total, ok = checks["total"], checks["ok"]
    return {"value": ok, "numerator": ok, "denominator": total,
            "explanation": _("%(n)d dari %(d)d uji cadangan (backup --verify) berhasil") % {"n": ok, "d": total}}


FORMULAS = {
    "security.events_detected": events_detected,
    "security.incidents_within_3x24h": incidents_within_3x24h,
    "security.backup_drills": backup_drills,
}
LABELS = {
    "security.backup_drills": gettext_lazy("Uji cadangan berhasil"),
    "security.events_detected": gettext_lazy("Peristiwa keamanan terdeteksi"),
    "security.incidents_within_3x24h": gettext_lazy("Insiden data pribadi diberitahukan dalam 3×24 jam"),
}
UNITS = {"security.backup_drills": "jumlah", "security.events_detected": "jumlah", "security.incidents_within_3x24h": "persen"}
