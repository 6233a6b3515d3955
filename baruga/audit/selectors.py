"""Reads of the audit trail for the security officer's viewer."""

import datetime as dt

from django.utils import timezone

from baruga.audit.models import AuditEntry
from baruga.audit.services import compute_hash
from baruga.lib.tracking import normalise_tracking_id


def can_view_audit(user):
    """The security officer: whoever holds `audit.view_auditentry` (superusers hold every permission)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm("audit.view_auditentry"))


def _start_of(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def entries(*, action="", actor="", report="", date_from=None, date_to=None):
    """Entries newest first, filtered; dates are whole local days, both ends included."""
    qs = AuditEntry.objects.all()
    if action:
        qs = qs.filter(action=action)
    if actor:
        qs = qs.filter(actor_label=actor.strip())
    if report:
        qs = qs.filter(report_ref=normalise_tracking_id(report) or report.strip().upper())
    if date_from:
        qs = qs.filter(created_at__gte=_start_of(date_from))
    if date_to:
        qs = qs.filter(created_at__lt=_start_of(date_to + dt.timedelta(days=1)))
    return qs.order_by("-id")


def chain_status(entry):
    """How one entry stands in the chain: its own hash, and the link to its predecessor."""
    if entry.seq is None:
        return {"sealed": False}
    previous = None
    if entry.seq > 1:
        previous = AuditEntry.objects.filter(seq=entry.seq - 1).values("id", "entry_hash").first()
    return {
        "sealed": True,
        "hash_ok": compute_hash(entry) == entry.entry_hash,
        "previous": previous,
        "link_ok": (previous is not None and previous["entry_hash"] == entry.prev_hash) if entry.seq > 1 else None,
    }
