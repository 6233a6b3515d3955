"""The security officer's pages: the dashboard, acknowledging events, lifting lock-outs, incidents.

Everyone without `security.view_securityevent` gets 404: the pages do not exist for them.
Lifting a lock-out is for superusers only.
"""

import copy
from functools import wraps

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from baruga.audit import services as audit
from baruga.lib.clientip import network_of
from baruga.security import incidents, selectors
from baruga.security.forms import IncidentForm
from baruga.security.models import Incident, SecurityEvent


def officer_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.can_view_security(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


def _audit(request, action, details):
    audit.record(actor=request.user, action=action, request=request, details=details)


@officer_required
def dashboard(request):
    now = timezone.now()
    incident_rows = [(incident, selectors.clock(incident, now)) for incident in selectors.incidents()]
    return render(request, "security/dashboard.html", {
        "counts": selectors.event_counts(now), "events": selectors.latest_events(),
        "lockouts": selectors.lockouts(now), "can_unlock": selectors.can_unlock(request.user),
        "incidents": incident_rows, "overdue": sum(1 for _i, c in incident_rows if c["state"] == "overdue"),
        "can_view_audit": request.user.has_perm("audit.view_auditentry"),
    })


@officer_required
@require_POST
def acknowledge(request, pk):
    updated = SecurityEvent.objects.filter(pk=pk, acknowledged_at__isnull=True).update(
        acknowledged_by=request.user, acknowledged_at=timezone.now())
    if updated:
        _audit(request, "security.acknowledge", {"event_id": pk})
        messages.success(request, _("Peristiwa ditandai sudah ditangani."))
    elif not SecurityEvent.objects.filter(pk=pk).exists():
        raise Http404
    return redirect("security:dashboard")


@officer_required
@require_POST
def unlock(request):
    if not selectors.can_unlock(request.user):
        raise Http404
    username, ip = request.POST.get("username", "").strip(), request.POST.get("ip", "").strip()
    if not username and not ip:
        messages.error(request, _("Pilih nama pengguna atau alamat yang akan dibuka."))
        return redirect("security:dashboard")
    removed = axes_reset(username=username) if username else axes_reset(ip=ip)
    _audit(request, "security.unlock", {"username": bool(username), "network": network_of(ip),
                                         "attempts_removed": removed})
    messages.success(request, _("Kunci dibuka: %(what)s.") % {"what": username or ip})
    return redirect("security:dashboard")


@officer_required
def incident_new(request):
    initial = {"detected_at": timezone.localtime().replace(second=0, microsecond=0)}
    event = SecurityEvent.objects.filter(pk=request.GET.get("peristiwa") or 0).first() if (
        request.GET.get("peristiwa", "").isdigit()) else None
    if event is not None:
        initial.update({"events": [event.pk], "severity": event.severity, "detected_at": timezone.localtime(
            event.created_at).replace(second=0, microsecond=0), "title": event.get_kind_display()})
    form = IncidentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        incident = incidents.open_incident(actor=request.user, incident=form.save(commit=False),
                                           events=list(form.cleaned_data["events"]),
                                           note=form.cleaned_data["note"], request=request)
        messages.success(request, _("Insiden dicatat."))
        return redirect("security:incident", pk=incident.pk)
    return render(request, "security/incident_form.html", {"form": form, "incident": None},
                  status=400 if form.errors else 200)


@officer_required
def incident_detail(request, pk):
    incident = get_object_or_404(Incident, pk=pk)
    before = copy.copy(incident)
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        incident = form.save(commit=False)
        incidents.update_incident(actor=request.user, incident=incident, before=before,
                                  note=form.cleaned_data["note"], request=request)
        form.save_m2m()
        messages.success(request, _("Insiden diperbarui."))
        return redirect("security:incident", pk=incident.pk)
    return render(request, "security/incident_form.html", {
        "form": form, "incident": incident, "clock": selectors.clock(incident),
        "entries": incident.entries.select_related("author"),
    }, status=400 if form.errors else 200)

