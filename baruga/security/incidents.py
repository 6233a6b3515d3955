"""Recording incidents and their timeline: the only code that writes `Incident` outside the admin.

Phases follow Perpres 47/2023 (detect, isolate/contain, eradicate, recover, close); every change
of phase or of a notification time becomes a timeline entry, so the after-action review reads
what happened when. A personal-data breach starts the UU 27/2022 3×24-hour notification clock
at `detected_at` (`Incident.notify_deadline`).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baruga.audit import services as audit
from baruga.security.models import Incident, IncidentEntry

TRACKED_TIMES = {
    "subjects_notified_at": lambda: _("Subjek data diberi tahu pada %(at)s."),
    "authority_notified_at": lambda: _("Lembaga diberi tahu pada %(at)s."),
}


def _audit(actor, action, incident, request, details):
    audit.record(actor=actor, action=action, target=incident, request=request,
                 details={"incident_id": incident.pk, **details})


def _local(value):
    return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")


def open_incident(*, actor, incident, events=(), note="", request=None):
    """Store a new incident (validated by the caller's form or `full_clean`) with its first entry."""
    with transaction.atomic():
        incident.created_by = actor
        incident.full_clean()
        incident.save()
        if events:
            incident.events.set(events)
        IncidentEntry.objects.create(incident=incident, author=actor, text=note or _(
            "Insiden dicatat (tahap: %(status)s).") % {"status": incident.get_status_display()})
        _audit(actor, "incident.open", incident, request, {
            "severity": incident.severity, "personal_data_breach": incident.personal_data_breach,
            "events": [e.pk for e in events]})
    return incident


def update_incident(*, actor, incident, before, note="", request=None):
    """Save an edited incident; `before` is the stored copy, to describe what changed in the timeline."""
    lines = []
    if before.status != incident.status:
        lines.append(_("Tahap: %(old)s → %(new)s.") % {"old": before.get_status_display(),
                                                         "new": incident.get_status_display()})
    if before.severity != incident.severity:
        lines.append(_("Tingkat: %(old)s → %(new)s.") % {"old": before.get_severity_display(),
                                                           "new": incident.get_severity_display()})
    if before.personal_data_breach != incident.personal_data_breach:
        lines.append(_("Ditandai sebagai kebocoran data pribadi; jam 3×24 jam berjalan.")
                     if incident.personal_data_breach else _("Tanda kebocoran data pribadi dicabut."))
    for field, text in TRACKED_TIMES.items():
        value = getattr(incident, field)
        if value and value != getattr(before, field):
            lines.append(text() % {"at": _local(value)})
    if note.strip():
        lines.append(note.strip())
    with transaction.atomic():
        incident.full_clean()
        incident.save()
        if lines:
            IncidentEntry.objects.create(incident=incident, author=actor, text="\n".join(lines))
        _audit(actor, "incident.update", incident, request, {"status": incident.status, "changes": len(lines)})
    return incident
