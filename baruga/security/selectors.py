"""Reads for the security dashboard: who may see it, counts, lock-outs, the incidents' clocks."""

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Case, Count, Max, Sum, Value, When
from django.utils import timezone

from baruga.security.models import Incident, SecurityEvent, Severity

PERIODS = (("24h", dt.timedelta(hours=24)), ("7d", dt.timedelta(days=7)))
LATEST_EVENTS = 50


def can_view_security(user):
    """The security officer: holders of `security.view_securityevent` (superusers hold every permission)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and user.has_perm("security.view_securityevent"))


def can_unlock(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def event_counts(now=None):
    """{"by_severity": [(label, {"24h": n, "7d": n})], "by_kind": [...]}, zero rows for severity left in."""
    now = now or timezone.now()
    since = {name: now - delta for name, delta in PERIODS}
    recent = SecurityEvent.objects.filter(created_at__gte=since["7d"])
    rows = recent.values("severity", "kind", "created_at")
    by_severity = {value: {name: 0 for name, _d in PERIODS} for value in Severity.values}
    by_kind = {}
    for row in rows:
        for name, _d in PERIODS:
            if row["created_at"] >= since[name]:
                by_severity[row["severity"]][name] += 1
                by_kind.setdefault(row["kind"], {n: 0 for n, _x in PERIODS})[name] += 1
    return {
        "by_severity": [(Severity(value).label, value, by_severity[value]) for value in reversed(Severity.values)],
        "by_kind": sorted(((SecurityEvent.Kind(kind).label, kind, counts) for kind, counts in by_kind.items()),
                          key=lambda item: -item[2]["7d"]),
    }


def latest_events(limit=LATEST_EVENTS):
    return SecurityEvent.objects.select_related("actor", "acknowledged_by")[:limit]


def lockouts(now=None):
    """Usernames and addresses currently locked out by django-axes (failures within the cool-off)."""
    now = now or timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    limit = settings.AXES_FAILURE_LIMIT

    def grouped(field):
        return [
            {"value": row[field], "failures": row["failures"],
             "until": row["last"] + settings.AXES_COOLOFF_TIME}
            for row in recent.exclude(**{f"{field}__isnull": True}).values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit).order_by("-last")
        ]

    return {"usernames": grouped("username"), "ips": grouped("ip_address")}


def incidents():
    """Open incidents first (newest first), closed ones after."""
    closed = Case(When(status=Incident.Status.CLOSED, then=Value(1)), default=Value(0))
    return Incident.objects.annotate(event_count=Count("events"), is_closed=closed).order_by("is_closed",
                                                                                              "-detected_at")


def clock(incident, now=None):
    """The UU PDP 3×24-hour clock of one incident, for display."""
    if not incident.personal_data_breach:
        return {"state": "none"}
    if incident.notification_done:
        return {"state": "late" if incident.notified_late else "done"}
    remaining = incident.remaining(now)
    seconds = int(remaining.total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return {"state": "overdue" if seconds < 0 else "running", "hours": hours, "minutes": minutes,
            "deadline": incident.notify_deadline,
            "missing_subjects": incident.subjects_notified_at is None,
            "missing_authority": incident.authority_notified_at is None}


def overdue_incidents(now=None):
    now = now or timezone.now()
    return Incident.objects.filter(personal_data_breach=True, notify_deadline__lt=now).exclude(
        subjects_notified_at__isnull=False, authority_notified_at__isnull=False)
