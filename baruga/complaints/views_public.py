"""Pages for citizens and the public: file, receipt, track, answer, rate, public list."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.contrib.auth.decorators import login_required
from django.views.decorators.cache import never_cache

from baruga.accounts import privacy
from baruga.clocks import selectors as clock_selectors
from baruga.complaints import actions, permissions, selectors, similar
from baruga.complaints.forms import (
    CompleteForm, ContactCorrectionForm, PrivateLinkEmailForm, PublicSearchForm, RateForm, ReopenForm, ReportForm,
    SimilarForm, TrackForm,
)
from baruga.complaints.models import Attachment, ReporterContact, Support
from baruga.complaints.paging import CappedPaginator
from baruga.directory import places
from baruga.lib import maps, receipts, uploads
from baruga.security import detection
from baruga.lib.ratelimits import limited



def home(request):
    return render(request, "complaints/home.html", {
        "track_form": TrackForm(), "recent": selectors.recent_public(),
    })


@limited("report", methods=("POST",))
def file_report(request):
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report, secret = actions.submit_report(
                    reporter=request.user, kind=data["kind"], title=data["title"], body=data["body"],
                    location=data["location"], category=data["category"], district=data["district"],
                    address=data["address"], latitude=data["latitude"], longitude=data["longitude"],
                    event_date=data["event_date"], is_anonymous=data["is_anonymous"],
                    is_confidential=data["is_confidential"], contact_name=data.get("contact_name", ""),
                    contact_email=data.get("contact_email", ""), contact_phone=data.get("contact_phone", ""),
                    attachments=data["attachments"], submission_token=data["submission_token"],
                )
            except actions.ActionError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                response = redirect("complaints:receipt", tracking_id=report.tracking_id)
                if secret:
                    receipts.remember(response, report.tracking_id, secret)
                return response
    else:
        form = ReportForm(user=request.user, initial={"submission_token": actions.new_submission_token()})
    return maps.allow_tiles(render(request, "complaints/file.html", _file_context(form)))


def _file_context(form, **extra):
    return {"form": form, "map_places": places.map_places(), "map_tile_url": settings.MAP_TILE_URL,
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION, **extra}


@limited("similar")
def similar_reports(request):
    """The filing page's "Sudah dilaporkan?" box: up to five open public reports that look the same.

    Asked by htmx while the citizen types (GET with the form's title, body, location, category and point);
    without JavaScript it is never asked and the form files as usual. Bad input gets its message in the
    box, with status 400, and nothing is searched."""
    form = SimilarForm(request.GET)
    if not form.is_valid():
        errors = [message if name == "__all__" else f"{form.fields[name].label}: {message}"
                  for name, field_errors in form.errors.items() for message in field_errors]
        return render(request, "complaints/includes/similar.html", {"errors": errors}, status=400)
    data = form.cleaned_data
    matches = similar.for_citizen(title=data["title"], body=data["body"], location=data["location"],
                                  latitude=data["latitude"], longitude=data["longitude"],
                                  category_id=getattr(data["category"], "pk", None))
    return render(request, "complaints/includes/similar.html", {"matches": matches})


# A guest's browser is counted once per report through a random token in this signed cookie.
SUPPORT_COOKIE = "baruga_dukung"
SUPPORT_COOKIE_SALT = "complaints.support"
SUPPORT_COOKIE_AGE = 365 * 24 * 3600


def _guest_support_token(request):
    return request.get_signed_cookie(SUPPORT_COOKIE, default="", salt=SUPPORT_COOKIE_SALT)


def _has_supported(request, report):
    if request.user.is_authenticated:
        return Support.objects.filter(report=report, user=request.user).exists()
    token = _guest_support_token(request)
    return bool(token) and Support.objects.filter(report=report, guest_key=actions.guest_support_key(token)).exists()


@require_POST
@limited("support")
def support(request, tracking_id):
    report = selectors.get_by_tracking_id(tracking_id)
    if report is None or not permissions.is_public(report):
        raise Http404
    token = "" if request.user.is_authenticated else (_guest_support_token(request) or uuid.uuid4().hex)
    try:
        created, _count = actions.support_report(actor=request.user, report=report, guest_token=token)
    except actions.ActionError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("complaints:public_detail", tracking_id=report.tracking_id)
    messages.success(request, _("Terima kasih, dukungan Anda tercatat.") if created else
                     _("Anda sudah mendukung laporan ini; dukungan dihitung sekali."))
    response = redirect(reverse("complaints:public_detail", args=[report.tracking_id]) + "#dukung")
    if token:
        response.set_signed_cookie(SUPPORT_COOKIE, token, salt=SUPPORT_COOKIE_SALT, max_age=SUPPORT_COOKIE_AGE,
                                   httponly=True, samesite="Lax", secure=request.is_secure())
    return response


@never_cache  # it shows the private link
@limited("receipt_email", methods=("POST",))
def receipt(request, tracking_id):
    report = selectors.get_by_tracking_id(tracking_id)
    if report is None:
        raise Http404
    secret = receipts.recall(request, report.tracking_id)
    is_owner = request.user.is_authenticated and report.filer_id == request.user.pk
    if not secret and not is_owner:
        # The receipt belongs to the browser that filed the report; others go to tracking.
        return redirect("complaints:track", tracking_id=report.tracking_id)
    follow_url = None
    email_form = PrivateLinkEmailForm()
    if secret:
        follow_url = receipts.follow_url(request, "complaints:track", report.tracking_id, secret)
        if request.method == "POST":
            email_form = PrivateLinkEmailForm(request.POST)
            if email_form.is_valid():
                try:
                    queued = actions.send_private_link(report=report, secret=secret, follow_url=follow_url,
                                                       email=email_form.cleaned_data["email"])
                except actions.ActionError as exc:
                    for message in exc.messages:
                        email_form.add_error("email", message)
                else:
                    messages.success(request, _("Tautan pribadi dikirim ke %(email)s. Periksa juga folder spam.")
                                     % {"email": email_form.cleaned_data["email"]} if queued else
                                     _("Tautan pribadi sudah pernah dikirim ke alamat itu."))
                    return redirect(request.path)
    has_contact = report.filer_id is not None or _has_contact(report)
    return render(request, "complaints/receipt.html", {
        "report": report, "follow_url": follow_url, "email_form": email_form, "has_contact": has_contact})


def _has_contact(report):
    """Whether the guest gave an e-mail address or a phone number, read from the blind indexes ("" when
    empty): nothing is decrypted for it."""
    return ReporterContact.objects.filter(report=report).exclude(email_index="", phone_index="").exists()


@limited("track")
def track_lookup(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        report = selectors.get_by_tracking_id(form.cleaned_data["tracking_id"])
        if report is not None:
            return redirect("complaints:track", tracking_id=report.tracking_id)
        detection.tracking_miss(request)
        form.add_error("tracking_id", _("Nomor pelacakan tidak ditemukan. Periksa kembali penulisannya."))
    return render(request, "complaints/track_lookup.html", {"form": form}, status=404 if form.errors else 200)


def _reporter_actor(request, report):
    """The account owner, or a guest proving the private link; None for anyone else."""
    secret = request.POST.get("k") or request.GET.get("k")
    guest = permissions.guest_access(report, secret)
    if guest:
        return guest, secret
    if request.user.is_authenticated and report.filer_id == request.user.pk:
        return request.user, None
    return None, None


@limited("track")
def track(request, tracking_id):
    report = selectors.get_by_tracking_id(tracking_id)
    if report is None:
        detection.tracking_miss(request)
        raise Http404
    actor, secret = _reporter_actor(request, report)
    selectors.with_details(report)
    context = {"report": report, "is_reporter": actor is not None, "secret": secret,
               "is_public": permissions.is_public(report),
               "deadlines": clock_selectors.report_deadlines(report, for_staff=False)}
    if actor is not None:
        allowed = permissions.allowed_transitions(actor, report)
        context.update({
            "can_complete": "complete" in allowed, "can_reopen": "reopen" in allowed,
            "can_rate": "rate" in allowed and report.rating is None,
            "complete_form": CompleteForm(), "reopen_form": ReopenForm(), "rate_form": RateForm(),
            "correction_form": ContactCorrectionForm(),
            "request_info_reason": next(
                (e.reason for e in reversed(report.history) if e.action == "request_info"), ""
            ),
        })
    return render(request, "complaints/track.html", context)


REPORTER_ACTIONS = {
    "complete": (CompleteForm, lambda a, r, d: actions.complete(actor=a, report=r, text=d["text"],
                                                                 attachments=d["attachments"])),
    "reopen": (ReopenForm, lambda a, r, d: actions.reopen(actor=a, report=r, text=d["text"])),
    "rate": (RateForm, lambda a, r, d: actions.rate(actor=a, report=r, rating=d["rating"], comment=d["comment"])),
    "correct_contact": (ContactCorrectionForm, lambda a, r, d: privacy.correct_contact(
        actor=a, report=r, field=d["field"], value=d["value"])),
}

REPORTER_DONE = {
    "complete": _("Terima kasih, kelengkapan laporan sudah dikirim."),
    "reopen": _("Tanggapan Anda sudah diteruskan kembali ke OPD."),
    "rate": _("Terima kasih atas penilaian Anda."),
    "correct_contact": _("Data identitas Anda sudah dikoreksi."),
}


@require_POST
def reporter_action(request, tracking_id, action):
    report = selectors.get_by_tracking_id(tracking_id)
    if report is None or action not in REPORTER_ACTIONS:
        raise Http404
    actor, secret = _reporter_actor(request, report)
    if actor is None:
        raise Http404
    form_class, call = REPORTER_ACTIONS[action]
    form = form_class(request.POST, request.FILES)
    url = reverse("complaints:track", args=[report.tracking_id]) + (f"?k={secret}" if secret else "")
    if form.is_valid():
        try:
            call(actor, report, form.cleaned_data)
        except ValidationError as exc:  # ActionError and PrivacyError alike
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, REPORTER_DONE[action])
            return redirect(url)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(url)


# A search counts at most this many matches ("more than 1,000 reports"); see paging.CappedPaginator.
SEARCH_COUNT_CAP = 1000
# Pages of a common term's results read by walking the newest-first index (selectors.search, walk=True).
WALK_PAGES = 10


def public_list(request):
    form = PublicSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    options = {"q": filters.get("q", ""), "category_id": getattr(filters.get("category"), "pk", None),
               "location_id": getattr(filters.get("location"), "pk", None)}
    qs = selectors.public_list(**options)
    cap = SEARCH_COUNT_CAP if options["q"].strip() else None
    paginator = CappedPaginator(qs, 20, cap=cap)
    try:
        number = paginator.validate_number(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        number = 1
    if paginator.capped and number <= WALK_PAGES:
        # A common term: the newest matches are found faster by walking the date index.
        paginator = CappedPaginator(selectors.public_list(**options, walk=True), 20, count_queryset=qs, cap=cap)
    elif cap and not paginator.capped:
        # At most SEARCH_COUNT_CAP matches: most relevant first (ranking more would read them all).
        paginator = CappedPaginator(selectors.public_list(**options, ranked=True), 20, count_queryset=qs, cap=cap)
    page = paginator.get_page(request.GET.get("page"))
    template = "complaints/public_list.html#results" if request.htmx else "complaints/public_list.html"
    return render(request, template, {"form": form, "page": page, "q": options["q"]})


@limited("public_report")
def public_detail(request, tracking_id):
    report = selectors.get_by_tracking_id(tracking_id)
    if report is None or not permissions.is_public(report):
        # The same 404 for an unknown ID and one that is not public: both are a guess that missed.
        detection.tracking_miss(request)
        raise Http404
    selectors.with_details(report)
    return render(request, "complaints/public_detail.html", {
        "report": report, "support_count": Support.objects.filter(report=report).count(),
        "can_support": report.state in actions.SUPPORTABLE_STATES, "supported": _has_supported(request, report)})


def _attachment_or_404(request, pk):
    """The attachment if this request may see it: staff who see the report, the reporter (account or private
    link) and, for a public report, everyone; an OPD's response only once published."""
    item = Attachment.objects.select_related("report", "report__jurisdiction", "response").filter(pk=pk).first()
    if item is None:
        raise Http404
    report = item.report
    published_response = item.response_id is None or item.response.status == "published"
    actor, _secret = _reporter_actor(request, report)
    allowed = (
        permissions.can_view(request.user, report)
        or (actor is not None and published_response)
        or (permissions.is_public(report) and published_response)
    )
    if not allowed:
        raise Http404
    return item


@limited("attachment", key="user_or_ip")
def attachment(request, pk):
    item = _attachment_or_404(request, pk)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type,
                            as_attachment=not item.is_image, filename=f"lampiran-{item.pk}{item.extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    detection.downloaded(request, "attachment")
    return response


@limited("thumbnail", key="user_or_ip")
def attachment_thumbnail(request, pk):
    """A small JPEG of a photo attachment, made once and kept beside the file (`<file>.thumb.jpg`).

    The permission check is the attachment's own, on every request; the browser may keep the
    thumbnail privately for a day (the stored photo never changes), revalidating by ETag."""
    item = _attachment_or_404(request, pk)
    if not item.is_image:
        raise Http404
    etag = f'"thumb-{item.pk}-{item.sha256[:16]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(_thumbnail_bytes(item), content_type="image/jpeg")
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=86400"
    return response


def _thumbnail_bytes(item):
    storage, name = item.file.storage, f"{item.file.name}.thumb.jpg"
    if storage.exists(name):
        with storage.open(name, "rb") as kept:
            return kept.read()
    with item.file.open("rb") as source:
        data = uploads.thumbnail(source)
    saved = storage.save(name, ContentFile(data))
    if saved != name:  # another request kept it first; keep one copy
        storage.delete(saved)
    return data


@login_required
def my_reports(request):
    page = Paginator(selectors.citizen_reports(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "complaints/my_reports.html", {"page": page})
