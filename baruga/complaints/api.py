"""The complaints API: citizens and the public (`citizen_router`), staff (`staff_router`).

Views parse input, look the report up through selectors/permissions, call the same
functions in `baruga.complaints.actions` as the pages, and render with `api_support`.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Form, Query, Router, Status

from baruga.api_auth import optional_session, report_secret, session_auth
from baruga.api_errors import ApiError, invalid, responses
from baruga.complaints import actions, api_support as support, permissions, selectors, similar, suggest, workflow
from baruga.complaints.api_schemas import (
    ActionResult, ArchiveIn, AttachmentOut, DispatchIn, ExtensionDecisionIn, ExtensionIn, InboxFilters,
    InternalNoteIn, MergeIn, NoteIn, PublicFilters, PublicReportPage, RateIn, ReasonIn,
    RECORDED_SOURCE_URL, RecordedReportFormIn, RecordedReportIn, ReportCreated, ReportFormIn, ReportIn, ReportView, RespondIn, RevealIn, StaffInboxPage,
    SimilarFilters, SimilarReports, SupportOut,
    StaffReportDetail, TextIn, TransferIn, VerifyIn, WHOLE_POINT,
)
from baruga.complaints.api_schemas import (
    ContactCorrectionIn, ContactOut, IdentityRevealed, InboxCounts, MyReportsFilters, MyReportsPage, SuggestionsOut,
)
from baruga.accounts import privacy
from baruga.lib.api_fields import Upload, upload_files
from baruga.complaints.models import Report
from baruga.lib import ratelimits
from baruga.security import detection

citizen_router = Router(tags=["reports"])
staff_router = Router(tags=["staff"], auth=session_auth)

REPORTER_AUTH = [report_secret, optional_session]
# Documents that these operations also serve callers without any credentials.
OPTIONAL_AUTH = {"security": [{"ReportSecretAuth": []}, {"OptionalSessionAuth": []}, {}]}
OPTIONAL_SESSION = {"security": [{"OptionalSessionAuth": []}, {}]}
ACTION_ERRORS = (400, 401, 403, 404, 409, 422)
REPORTER_RESPONSES = responses(ReportView, *ACTION_ERRORS)
PUBLIC_PAGE_SIZE = 20
INBOX_PAGE_SIZE = 25
# Photos/PDFs sent with an action: none or up to UPLOAD_MAX_FILES (their contents are checked by lib.uploads).
MORE_FILES = upload_files(required=False, most=settings.UPLOAD_MAX_FILES)


# Citizens and the public

@citizen_router.post("/reports",
                     response=responses({200: ReportCreated, 201: ReportCreated}, 400, 403, 409, 422, 429),
                     auth=optional_session, openapi_extra=OPTIONAL_SESSION)
def file_report(request, payload: ReportIn):
    """File a report as a guest (no session) or as the logged-in citizen.

    201 with the guest's secret; 200 with the same answer when the same submission is sent again
    (same `submission_token`, sender and text); 409 when the token was used for another report.
    Attachments: POST /reports/with-attachments (multipart), or POST /reports/{id}/attachments afterwards.
    """
    return _file(request, payload, ())


def _file(request, payload, attachments):
    ratelimits.enforce_api(request, "report")
    if payload.event_date is not None and payload.event_date > timezone.localdate():  # no schema knows today
        raise invalid(_("Tanggal kejadian tidak boleh di masa depan."), "event_date")
    location = support.regency(payload.location_code)
    data = payload.model_dump(exclude={"location_code", "district_id", "category_slug"})
    token = payload.submission_token
    repeat = token is not None and Report.objects.filter(submission_token=token).exists()
    try:
        report, secret = actions.submit_report(
            reporter=request.auth, location=location, district=support.district(payload.district_id, location),
            category=support.category(payload.category_slug), channel="api", attachments=attachments, **data,
        )
    except actions.ActionError as exc:
        if repeat:
            raise ApiError(409, "refused", " ".join(exc.messages)) from None
        raise
    return Status(200 if repeat else 201, support.created(request, report, secret))


@citizen_router.post("/reports/with-attachments",
                     response=responses({200: ReportCreated, 201: ReportCreated}, 400, 403, 409, 422, 429),
                     auth=optional_session, openapi_extra={**OPTIONAL_SESSION, "requestBody": {
                         "content": {"multipart/form-data": {"schema": {"allOf": WHOLE_POINT}}}}})
def file_report_with_attachments(request, payload: Form[ReportFormIn], files: list[Upload] = MORE_FILES):
    """The same as POST /reports, sent as multipart/form-data with up to UPLOAD_MAX_FILES photos (JPEG, PNG,
    WebP) or PDFs in `files`, stored with the report in one step (as the filing page does)."""
    return _file(request, payload, files or [])


@citizen_router.get("/me/reports", response=responses(MyReportsPage, 401, 422), auth=session_auth)
def my_reports(request, filters: Query[MyReportsFilters]):
    """The reports the caller filed with their account, newest first, 20 a page (the page /laporan-saya/)."""
    user = request.auth
    page = Paginator(selectors.citizen_reports(user), PUBLIC_PAGE_SIZE).get_page(filters.page)
    return {"items": [support.staff_item(r) for r in page], "count": page.paginator.count,
            "page": page.number, "pages": page.paginator.num_pages}


@citizen_router.get("/reports/{tracking_id}", response=responses(ReportView, 404, 429), auth=REPORTER_AUTH,
                    openapi_extra=OPTIONAL_AUTH)
def report_status(request, tracking_id: str):
    """The reporter's view with proof (X-Report-Secret or the owner's session); otherwise the public
    summary of a public report, or the status and history alone."""
    ratelimits.enforce_api(request, "track")
    try:
        report = support.report_or_404(tracking_id)
    except ApiError:
        detection.tracking_miss(request)
        raise
    return support.report_view(report, support.reporter_actor(request.auth, report))


@citizen_router.post("/reports/{tracking_id}/attachments", auth=REPORTER_AUTH,
                     response=responses({201: list[AttachmentOut]}, *ACTION_ERRORS))
def upload_attachments(request, tracking_id: str,
                       files: list[Upload] = upload_files(required=True, most=settings.UPLOAD_MAX_FILES)):
    """Add photos (JPEG, PNG, WebP) or PDFs while the report awaits verification or completion."""
    report = support.report_or_404(tracking_id)
    actor = support.require_reporter(request.auth, report)
    return Status(201, support.add_attachments(actor=actor, report=report, files=files))


def _reporter_action(request, tracking_id, name, call):
    report = support.report_or_404(tracking_id)
    actor = support.require_reporter(request.auth, report)
    support.run_action(actor, report, name, lambda: call(actor, report))
    return support.reporter_view(support.reload(report), actor)


@citizen_router.post("/reports/{tracking_id}/complete", response=REPORTER_RESPONSES, auth=REPORTER_AUTH)
def complete(request, tracking_id: str, payload: TextIn):
    """Send the completion the admin asked for (attachments: the attachments endpoint)."""
    return _reporter_action(request, tracking_id, "complete",
                            lambda a, r: actions.complete(actor=a, report=r, text=payload.text))


@citizen_router.post("/reports/{tracking_id}/complete/with-attachments", response=REPORTER_RESPONSES,
                     auth=REPORTER_AUTH)
def complete_with_attachments(request, tracking_id: str, payload: Form[TextIn],
                              files: list[Upload] = MORE_FILES):
    """The completion with photos/PDFs in one step (multipart/form-data: `text`, `files`), as on the track page."""
    return _reporter_action(request, tracking_id, "complete", lambda a, r: actions.complete(
        actor=a, report=r, text=payload.text, attachments=files or []))


@citizen_router.post("/reports/{tracking_id}/contact", response=responses(ContactOut, 400, 401, 403, 404, 422),
                     auth=REPORTER_AUTH)
def correct_contact(request, tracking_id: str, payload: ContactCorrectionIn):
    """The reporter corrects the identity they gave (UU 27/2022 right to correction); audited without values."""
    report = support.report_or_404(tracking_id)
    actor = support.require_reporter(request.auth, report)
    try:
        contact = privacy.correct_contact(actor=actor, report=report, field=payload.field, value=payload.value,
                                          request=request)
    except privacy.PrivacyError as exc:
        raise invalid(" ".join(exc.messages), "value") from None
    return {"name": contact.name, "email": contact.email, "phone": contact.phone, "nik": contact.nik,
            "address": contact.address}


@citizen_router.post("/reports/{tracking_id}/reopen", response=REPORTER_RESPONSES, auth=REPORTER_AUTH)
def reopen(request, tracking_id: str, payload: TextIn):
    """Not satisfied with the response: back to the OPD."""
    return _reporter_action(request, tracking_id, "reopen",
                            lambda a, r: actions.reopen(actor=a, report=r, text=payload.text))


@citizen_router.post("/reports/{tracking_id}/rate", response=REPORTER_RESPONSES, auth=REPORTER_AUTH)
def rate(request, tracking_id: str, payload: RateIn):
    return _reporter_action(request, tracking_id, "rate", lambda a, r: actions.rate(
        actor=a, report=r, rating=payload.rating, comment=payload.comment))


@citizen_router.get("/public/reports", response=responses(PublicReportPage, 400, 422))
def public_reports(request, filters: Query[PublicFilters]):
    """Public, non-confidential reports, newest first, personal data masked; follow `next_cursor`."""
    category = support.category(filters.category, "category", leaf=False)
    location = support.regency(filters.location, "location") if filters.location else None
    qs = selectors.public_list(q=filters.q, category_id=category and category.pk,
                               location_id=location and location.pk)
    page = list(support.after_cursor(qs, filters.cursor)[: PUBLIC_PAGE_SIZE + 1])
    more = len(page) > PUBLIC_PAGE_SIZE
    page = page[:PUBLIC_PAGE_SIZE]
    return {"items": [support.public_item(r) for r in page],
            "next_cursor": support.encode_cursor(page[-1]) if more else None}


@citizen_router.get("/public/reports/similar", response=responses(SimilarReports, 400, 422, 429))
def similar_reports(request, filters: Query[SimilarFilters]):
    """Up to five open public reports of the regency/city from the last 90 days that look like the text
    being written (the filing page's "Sudah dilaporkan?"), best first, each with its reasons. A point
    counts only with both `lat` and `lon`. Few words (or only stop words) find nothing."""
    ratelimits.enforce_api(request, "similar")
    location = support.regency(filters.location_code)
    category = support.category(filters.category_slug)
    point = (filters.lat, filters.lon) if filters.lat is not None and filters.lon is not None else (None, None)
    matches = similar.for_citizen(title=filters.title, body=filters.body, location=location,
                                  latitude=point[0], longitude=point[1], category_id=category and category.pk)
    return {"items": [support.similar_item(m) for m in matches]}


@citizen_router.post("/reports/{tracking_id}/support", response=responses({200: SupportOut, 201: SupportOut},
                                                                           401, 404, 409, 429),
                     auth=session_auth)
def support_report(request, tracking_id: str):
    """Support ("dukung") a public report still being handled, as the signed-in citizen: counted once per
    account (201 when counted now, 200 when it already was). Guests support on the report's web page."""
    ratelimits.enforce_api(request, "support")
    report = support.report_or_404(tracking_id, permissions.public_reports())
    try:
        created, count = actions.support_report(actor=request.auth, report=report)
    except actions.ActionError as exc:
        raise ApiError(409, "refused", " ".join(exc.messages)) from None
    return Status(201 if created else 200, {"tracking_id": report.tracking_id, "supported": created,
                                            "support_count": count})


# Staff

@staff_router.get("/reports", response=responses(StaffInboxPage, 400, 401, 403, 422))
def inbox(request, filters: Query[InboxFilters]):
    """The reports the caller may handle or oversee, newest first (or by deadline), 25 a page; with `q`
    and no `sort`, most relevant first."""
    user = support.require_staff(request.auth)
    category = support.category(filters.category, "category", leaf=False)
    qs = selectors.staff_inbox(user, bucket=filters.bucket or "", agency_id=filters.agency, q=filters.q,
                               view=filters.view or "", sort=filters.sort or "", ranked=not filters.sort)
    if category:
        qs = qs.filter(Q(category=category) | Q(category__parent=category))
    if filters.state:
        qs = qs.filter(state=filters.state)
    page = Paginator(qs, INBOX_PAGE_SIZE).get_page(filters.page)
    return {"items": [support.staff_item(r) for r in page], "count": page.paginator.count,
            "page": page.number, "pages": page.paginator.num_pages}


@staff_router.post("/recorded-reports", response=responses({200: ReportCreated, 201: ReportCreated}, 400, 401, 403,
                                                          409, 422))
def record_report(request, payload: RecordedReportIn):
    """Record a report a citizen made by phone, letter, at the desk or in the media (channel "staff").

    An admin records for their jurisdiction, an OPD's sub-admin or head for their OPD's jurisdiction
    (`jurisdiction_code`); anyone else gets 403. The report is then submitted like any other. 201; 200
    with the same answer for a repeated `submission_token`. The original (a scan, a screenshot):
    POST /staff/recorded-reports/with-attachments (multipart).
    """
    return _record(request, payload, ())


@staff_router.post("/recorded-reports/with-attachments",
                   response=responses({200: ReportCreated, 201: ReportCreated}, 400, 401, 403, 409, 422),
                   openapi_extra={"requestBody": {"content": {"multipart/form-data": {"schema": {
                       "allOf": [*WHOLE_POINT, *RECORDED_SOURCE_URL]}}}}})
def record_report_with_attachments(request, payload: Form[RecordedReportFormIn], files: list[Upload] = MORE_FILES):
    """The same as POST /staff/recorded-reports, as multipart/form-data with the original in `files`."""
    return _record(request, payload, files or [])


def _record(request, payload, attachments):
    user = support.require_staff(request.auth)
    jurisdiction = support.jurisdiction(payload.jurisdiction_code)
    if not permissions.can_record_for(user, jurisdiction):
        raise ApiError(403, "forbidden", _("Anda tidak berwenang mencatat laporan untuk instansi ini."))
    today = timezone.localdate()  # no schema knows today
    if payload.received_on > today:
        raise invalid(_("Tanggal diterima tidak boleh di masa depan."), "received_on")
    if payload.event_date is not None and payload.event_date > today:
        raise invalid(_("Tanggal kejadian tidak boleh di masa depan."), "event_date")
    location = support.regency(payload.location_code)
    token = payload.submission_token
    repeat = token is not None and Report.objects.filter(submission_token=token).exists()
    try:
        report = actions.record_report(
            actor=user, jurisdiction=jurisdiction, source=payload.source, source_url=payload.source_url,
            received_on=payload.received_on, kind=payload.kind, title=payload.title, body=payload.body,
            location=location, district=support.district(payload.district_id, location),
            category=support.category(payload.category_slug), address=payload.address,
            latitude=payload.latitude, longitude=payload.longitude, event_date=payload.event_date, is_anonymous=payload.is_anonymous,
            is_confidential=payload.is_confidential, contact_name=payload.contact_name,
            contact_email=payload.contact_email, contact_phone=payload.contact_phone, attachments=attachments,
            submission_token=token,
        )
    except actions.ActionError as exc:
        raise ApiError(409 if repeat else 400, "refused" if repeat else "invalid", " ".join(exc.messages)) from None
    return Status(200 if repeat else 201, support.created(request, report, None))


@staff_router.get("/inbox/counts", response=responses(InboxCounts, 401, 403))
def inbox_counts(request):
    """How many reports the caller sees in each bucket and deadline view (the inbox page's tabs)."""
    user = support.require_staff(request.auth)
    window = selectors.DeadlineWindow()
    buckets = selectors.bucket_counts(user)
    views = selectors.view_counts(user, window=window)
    return {"buckets": [{"key": k, "label": str(label), "count": buckets[k]}
                        for k, (_states, label) in selectors.INBOX_BUCKETS.items()],
            "views": [{"key": k, "label": str(label), "count": views[k]} for k, label in selectors.INBOX_VIEWS.items()]}


@staff_router.get("/reports/{tracking_id}", response=responses(StaffReportDetail, 401, 403, 404))
def staff_detail(request, tracking_id: str):
    user = support.require_staff(request.auth)
    return support.staff_detail(support.visible_report(user, tracking_id), user)


@staff_router.get("/reports/{tracking_id}/suggestions", response=responses(SuggestionsOut, 401, 403, 404))
def staff_suggestions(request, tracking_id: str):
    """The category (while SUBMITTED) or OPD (while VERIFIED) suggestions the admin sees on the report's page:
    at most three, each with its confidence and the words that weighed most; empty when no model is trained
    or the best is below the confidence threshold. Nothing is applied: verify or dispatch as usual. Admins of
    the report's jurisdiction only; other staff get an empty list."""
    user = support.require_staff(request.auth)
    report = support.visible_report(user, tracking_id)
    if workflow.ADMIN not in permissions.capacities(user, report):
        return {"target": None, "items": []}
    items = suggest.for_verification(report, user)
    return {"target": items[0].target if items else None,
            "items": [{"id": s.id, "name": s.label, "confidence": round(s.confidence, 4), "words": s.words}
                      for s in items]}


@staff_router.post("/reports/{tracking_id}/reveal-identity",
                   response=responses(IdentityRevealed, 400, 401, 403, 404, 409, 422))
def reveal_identity(request, tracking_id: str, payload: RevealIn):
    """An anonim reporter's identity, for the admin only, in this answer only; the reason (10+ characters)
    and the caller go to the audit trail."""
    user = support.require_staff(request.auth)
    report = support.visible_report(user, tracking_id)
    if not permissions.can_reveal_identity(user, report):
        raise ApiError(403, "forbidden", _("Anda tidak berwenang membuka identitas pelapor laporan ini."))
    if not report.is_anonymous:
        raise ApiError(409, "refused", _("Identitas pelapor laporan ini tidak disembunyikan."))
    try:
        contact = actions.reveal_identity(actor=user, report=report, reason=payload.reason, request=request)
    except actions.ActionError as exc:
        raise invalid(" ".join(exc.messages), "reason") from None
    return {"tracking_id": report.tracking_id, "identity": support.identity_of(contact)}


def _act(request, tracking_id, name, call):
    user = support.require_staff(request.auth)
    report = support.visible_report(user, tracking_id)
    support.run_action(user, report, name, lambda: call(user, report))
    report = support.reload(report)
    label = action_label(name)
    still_visible = permissions.can_view(user, report)
    return {"message": _("Berhasil: %(action)s.") % {"action": label}, "tracking_id": report.tracking_id,
            "state": report.state, "state_label": str(report.get_state_display()),
            "report": support.staff_detail(report, user) if still_visible else None}


def action_label(name):
    labels = {"note": _("Catatan internal"), "request_extension": _("Minta perpanjangan"),
              "decide_extension": _("Keputusan perpanjangan")}
    return labels[name] if name in labels else workflow.transition(name).label


def _verify(user, report, data):
    return actions.verify(
        actor=user, report=report, title=report.title if data.title is None else data.title,
        category=support.category(data.category_slug) if data.category_slug else report.category,
        tags=data.tags, is_anonymous=data.is_anonymous, is_confidential=data.is_confidential,
    )


def _merge(user, report, data):
    into = selectors.get_by_tracking_id(data.into, permissions.visible_reports(user))
    if into is None:
        raise invalid(_("Nomor laporan tujuan tidak ditemukan."), "into")
    return actions.merge(actor=user, report=report, into=into)


# name -> (body schema or None, call(user, report, payload))
STAFF_ACTIONS = {
    "verify": (VerifyIn, _verify),
    "request_info": (ReasonIn, lambda u, r, d: actions.request_info(actor=u, report=r, reason=d.reason)),
    "dispatch": (DispatchIn, lambda u, r, d: actions.dispatch(
        actor=u, report=r, agency=support.agency(d.agency_id), note=d.note)),
    "transfer": (TransferIn, lambda u, r, d: actions.transfer(
        actor=u, report=r, to_jurisdiction=support.jurisdiction(d.jurisdiction_code), reason=d.reason)),
    "defer": (ReasonIn, lambda u, r, d: actions.defer(actor=u, report=r, reason=d.reason)),
    "resume": (NoteIn, lambda u, r, d: actions.resume(actor=u, report=r, note=d.note)),
    "archive": (ArchiveIn, lambda u, r, d: actions.archive(actor=u, report=r, reason=d.reason, note=d.note)),
    "merge": (MergeIn, _merge),
    "accept": (None, lambda u, r, d: actions.accept(actor=u, report=r)),
    "hand_back": (ReasonIn, lambda u, r, d: actions.hand_back(actor=u, report=r, reason=d.reason)),
    "respond": (RespondIn, lambda u, r, d: actions.respond(actor=u, report=r, body=d.text)),
    "approve_response": (None, lambda u, r, d: actions.approve_response(actor=u, report=r)),
    "reject_response": (ReasonIn, lambda u, r, d: actions.reject_response(actor=u, report=r, reason=d.reason)),
    "finish": (NoteIn, lambda u, r, d: actions.finish(actor=u, report=r, note=d.note)),
    "note": (InternalNoteIn, lambda u, r, d: actions.add_note(actor=u, report=r, body=d.body)),
    "request_extension": (ExtensionIn, lambda u, r, d: actions.request_extension(
        actor=u, report=r, working_days=d.working_days, reason=d.reason)),
    "decide_extension": (ExtensionDecisionIn, lambda u, r, d: actions.decide_extension(
        actor=u, report=r, approve=d.approve, reason=d.reason)),
}
# The URL of the internal-note endpoint reads as a collection.
PATHS = {"note": "notes"}


def _endpoint(name, schema, call):
    """One POST endpoint per staff action, typed by its body schema."""
    if schema is None:
        def view(request, tracking_id: str):
            return _act(request, tracking_id, name, lambda u, r: call(u, r, None))
    else:
        def view(request, tracking_id: str, payload: schema):
            return _act(request, tracking_id, name, lambda u, r: call(u, r, payload))
    view.__name__ = f"staff_{name}"
    summary = "notes: internal note" if name == "note" else f"{name}: {action_label(name)}"
    staff_router.post(f"/reports/{{tracking_id}}/{PATHS.get(name, name)}", operation_id=f"staff_{name}",
                      summary=summary, response=responses(ActionResult, *ACTION_ERRORS))(view)


for _name, (_schema, _call) in STAFF_ACTIONS.items():
    _endpoint(_name, _schema, _call)


@staff_router.post("/reports/{tracking_id}/respond/with-attachments", operation_id="staff_respond_with_attachments",
                   response=responses(ActionResult, *ACTION_ERRORS))
def respond_with_attachments(request, tracking_id: str, payload: Form[RespondIn],
                             files: list[Upload] = MORE_FILES):
    """respond with photos/PDFs (multipart/form-data: `text`, `files`), as the staff page does."""
    return _act(request, tracking_id, "respond", lambda u, r: actions.respond(
        actor=u, report=r, body=payload.text, attachments=files or []))
