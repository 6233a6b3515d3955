"""The OPD head's phone app at /pimpinan/: four short lists, one-tap decisions, installable (PWA).

Every page is plain HTML that works without JavaScript (forms POST with CSRF and redirect back);
htmx swaps the decided item in place and updates the badge out of band. `static/headapp/app.js`
registers the service worker (`sw.js`, served by `service_worker` so it is scoped to /pimpinan/)
and sets the app badge. Decisions go through `complaints.actions`, which check the capacity.
"""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from baruga.complaints import actions, forms, permissions
from baruga.complaints.models import Response
from baruga.complaints import selectors as selectors_complaints
from baruga.headapp import selectors
from baruga.lib import pwa
from baruga.lib.tracking import normalise_tracking_id

PAGES = {
    "approvals": ("headapp:home", gettext_lazy("Persetujuan")),
    "escalated": ("headapp:escalated", gettext_lazy("Eskalasi")),
    "overdue": ("headapp:overdue", gettext_lazy("Terlambat")),
    "today": ("headapp:today", gettext_lazy("Hari ini")),
}
ICONS = ("headapp/icon-192.png", "headapp/icon-512.png")
NOT_ALLOWED = "Anda tidak berwenang melakukan tindakan ini pada laporan ini."  # the action layer's own words


def head_app_user_required(view):
    """Signed-in staff with a head, sub-admin or leader membership; others get 403."""

    def wrapped(request, *args, **kwargs):
        if not selectors.may_use(request.user):
            raise PermissionDenied(_("Aplikasi pimpinan hanya untuk kepala OPD, sub-admin OPD dan pimpinan daerah."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(wrapped)


def _page(request, which):
    counts = selectors.counts(request.user)
    context = {
        "which": which, "counts": counts, "items": selectors.lists(request.user, which),
        "synced_at": timezone.now(), "tabs": _tabs(),
        "title": PAGES[which][1], "limit": selectors.LIST_LIMIT, "is_head": bool(selectors.scope(request.user).head_agencies),
    }
    return render(request, f"headapp/{which}.html", context)


@never_cache
@head_app_user_required
def home(request):
    """What waits for my approval: follow-ups and extension requests."""
    return _page(request, "approvals")


@never_cache
@head_app_user_required
def escalated(request):
    return _page(request, "escalated")


@never_cache
@head_app_user_required
def overdue(request):
    return _page(request, "overdue")


@never_cache
@head_app_user_required
def today(request):
    return _page(request, "today")


def offline(request):
    """The shell shown when offline on a page never synced; cached by the service worker at install."""
    return render(request, "headapp/offline.html", {"tabs": [(key, url, label) for key, (url, label) in PAGES.items()]})


# --- decisions -------------------------------------------------------------------------------------

def _report_for_action(tracking_id):
    """The report as the action layer sees it: the action checks the actor's capacity itself, and a
    report outside the actor's scope or an unknown number get the same refusal (nothing is revealed)."""
    return selectors_complaints.get_by_tracking_id(tracking_id)


def _number(tracking_id):
    number = normalise_tracking_id(tracking_id)
    if number is None:
        raise Http404
    return number


def _back(request):
    target = request.POST.get("next", "")
    if target.startswith(reverse("headapp:home")) and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("headapp:home")


def _done(request, *, ok, message, item_id, status=200):
    """After a decision: htmx gets the item replaced by the message and the badge out of band;
    a plain form post is redirected back with the message."""
    if request.htmx:
        context = {"ok": ok, "message": message, "item_id": item_id, "counts": selectors.counts(request.user)}
        return render(request, "headapp/includes/decided.html", context, status=status)
    (messages.success if ok else messages.error)(request, message)
    return _back(request)


def _run(request, item_id, call):
    try:
        call()
    except actions.ActionError as exc:
        return _done(request, ok=False, message=" ".join(exc.messages), item_id=item_id)
    return None


def _visible_report(request, tracking_id):
    report = selectors_complaints.get_by_tracking_id(
        _number(tracking_id), permissions.visible_reports(request.user))
    if report is None:
        raise Http404
    return report


@never_cache
@head_app_user_required
def detail(request, tracking_id):
    """A report inside the app: what was reported, the responses (the one waiting for approval whole),
    the head's decisions; the staff page for everything else."""
    report = _visible_report(request, tracking_id)
    selectors_complaints.with_details(report, include_pending_responses=True)
    pending = next((r for r in report.visible_responses if r.status == Response.Status.PENDING), None)
    may_decide = report.agency_id in selectors.scope(request.user).head_agencies
    return render(request, "headapp/detail.html", {
        "report": report, "pending_response": pending if may_decide else None,
        "responses": [r for r in report.visible_responses if r.status != Response.Status.PENDING],
        "counts": selectors.counts(request.user), "tabs": _tabs(), "title": report.title,
    })


def _tabs():
    return [(key, url, label) for key, (url, label) in PAGES.items()]


@require_http_methods(["GET", "POST"])
@never_cache
@head_app_user_required
def approve(request, tracking_id):
    """GET: the follow-up in full and a confirmation (publishing it cannot be taken back: the reporter
    is told at once); htmx swaps it into the list item. POST: approve and publish."""
    item_id = f"response-{tracking_id}"
    if request.method == "GET":
        report = _visible_report(request, tracking_id)
        response = Response.objects.filter(report=report, status=Response.Status.PENDING).first()
        context = {"r": report, "response": response, "item_id": item_id, "counts": selectors.counts(request.user),
                   "next": request.GET.get("next", ""), "title": _("Setujui tindak lanjut"), "tabs": _tabs()}
        template = "headapp/includes/approve_confirm.html" if request.htmx else "headapp/approve.html"
        return render(request, template, context)
    report = _report_for_action(tracking_id)
    if report is None:
        return _done(request, ok=False, message=_(NOT_ALLOWED), item_id=item_id)
    refused = _run(request, item_id, lambda: actions.approve_response(actor=request.user, report=report))
    return refused or _done(request, ok=True, item_id=item_id, message=_(
        "Tindak lanjut %(id)s disetujui dan diterbitkan.") % {"id": report.tracking_id})


@head_app_user_required
def return_response(request, tracking_id):
    """Return a follow-up to the OPD with a reason. GET: the short form alone (e.g. after an error)."""
    item_id = f"response-{tracking_id}"
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = _report_for_action(tracking_id)
        if report is None:
            return _done(request, ok=False, message=_(NOT_ALLOWED), item_id=item_id)
        refused = _run(request, item_id, lambda: actions.reject_response(
            actor=request.user, report=report, reason=form.cleaned_data["reason"]))
        return refused or _done(request, ok=True, item_id=item_id, message=_(
            "Tindak lanjut %(id)s dikembalikan ke OPD.") % {"id": report.tracking_id})
    status = 400 if request.method == "POST" else 200
    return render(request, "headapp/return.html", {"form": form, "tracking_id": _number(tracking_id),
                                                   "counts": selectors.counts(request.user)}, status=status)


@head_app_user_required
def decide_extension(request, tracking_id):
    item_id = f"extension-{tracking_id}"
    form = forms.ExtensionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve_it = form.cleaned_data["decision"] == "approve"
        if approve_it or form.cleaned_data["reason"].strip():
            report = _report_for_action(tracking_id)
            if report is None:
                return _done(request, ok=False, message=_(NOT_ALLOWED), item_id=item_id)
            refused = _run(request, item_id, lambda: actions.decide_extension(
                actor=request.user, report=report, approve=approve_it, reason=form.cleaned_data["reason"]))
            message = (_("Perpanjangan %(id)s disetujui.") if approve_it else _("Perpanjangan %(id)s ditolak."))
            return refused or _done(request, ok=True, item_id=item_id, message=message % {"id": report.tracking_id})
        form.add_error("reason", _("Alasan wajib diisi jika perpanjangan ditolak."))
    if request.method == "GET":
        form = forms.ExtensionDecisionForm(initial={"decision": "reject"})
    status = 400 if request.method == "POST" else 200
    return render(request, "headapp/extension.html", {"form": form, "tracking_id": _number(tracking_id),
                                                      "counts": selectors.counts(request.user)}, status=status)


# --- installable app -------------------------------------------------------------------------------

@require_GET
def manifest(request):
    return pwa.manifest_response({
        "name": "Baruga Pimpinan", "short_name": "Pimpinan", "lang": "id",
        "description": _("Persetujuan, eskalasi dan laporan terlambat untuk pimpinan OPD."),
        "id": reverse("headapp:home"), "start_url": reverse("headapp:home"), "scope": reverse("headapp:home"),
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#0b5394",
        "icons": [{"src": static(path), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                  for path, size in zip(ICONS, (192, 512))]
        + [{"src": static(ICONS[1]), "sizes": "512x512", "type": "image/png", "purpose": "maskable"}],
    })


def shell_urls():
    """What the worker caches at install: the offline page and the assets every page uses."""
    return [reverse("headapp:offline"), static("headapp/headapp.css"), static("headapp/app.js"),
            static("vendor/htmx/htmx.min.js"), *[static(path) for path in ICONS]]


@require_GET
def service_worker(request):
    """sw.js from the static files, with the (hashed) shell URLs and a version prepended.

    Served under /pimpinan/ so its scope is the app; a new static build changes the version and
    the browser installs the new worker."""
    return pwa.worker_response(
        source_path="headapp/sw.js", name="BARUGA_PIMPINAN", scope=reverse("headapp:home"),
        config={"shell": shell_urls(), "offline": reverse("headapp:offline"),
                "scope": reverse("headapp:home"), "login": reverse("accounts:login")})
