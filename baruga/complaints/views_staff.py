"""Staff pages: the scoped inbox, the report file and one POST endpoint per transition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from baruga.clocks import selectors as clock_selectors
from baruga.clocks import services as clock_services
from baruga.complaints import actions, forms, permissions, selectors, similar, suggest, workflow
from baruga.complaints.models import Response, State, Support
from baruga.directory.models import Agency, Category, Jurisdiction
from baruga.lib.keyset import CursorError, KeysetPage, keyset_page


def staff_required(view):
    def wrapped(request, *args, **kwargs):
        if not permissions.is_staff_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(wrapped)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


INBOX_PAGE_SIZE = 25
CURSOR_MAX_LENGTH = 200


def inbox_page(request, queryset, sort):
    """The inbox page a request asks for: `(page, total, notice)`.

    Pages go by cursor (`?after=…` / `?before=…`, baruga/lib/keyset.py): each starts where its neighbour
    stopped, through the index of the order, so page 200 costs what page 1 does. `?page=N` (links made
    before cursors) is still served, by OFFSET as it always was, and its pager carries on with cursors.
    A cursor that is not one of ours gives the first page and a notice, never an error.
    """
    keyset = selectors.inbox_keyset(sort)
    total = queryset.count()
    after, before = request.GET.get("after", ""), request.GET.get("before", "")
    number = request.GET.get("page", "")
    if not (after or before) and number not in ("", "1"):
        paginator = Paginator(queryset, INBOX_PAGE_SIZE)
        paginator.count = total  # counted above
        numbered = paginator.get_page(number)
        page = KeysetPage(list(numbered.object_list), keyset=keyset, has_next=numbered.has_next(),
                          has_previous=numbered.has_previous())
        return page, total, None
    try:
        if len(after) > CURSOR_MAX_LENGTH or len(before) > CURSOR_MAX_LENGTH:
            raise CursorError(after or before)
        return keyset_page(queryset, keyset, INBOX_PAGE_SIZE, after=after, before=before), total, None
    except CursorError:
        notice = _("Tautan halaman tidak dikenali atau tidak cocok dengan urutan ini; "
                   "berikut halaman pertama.")
        return keyset_page(queryset, keyset, INBOX_PAGE_SIZE), total, notice


@staff_required
@vary_on_headers("HX-Request")
def inbox(request):
    bucket = request.GET.get("status", "")
    view, sort = request.GET.get("view", ""), request.GET.get("sort", "")
    filters = {
        "bucket": bucket, "agency_id": _int_or_none(request.GET.get("agency")),
        "category_id": _int_or_none(request.GET.get("category")), "q": request.GET.get("q", "")[:100],
        "view": view if view in selectors.INBOX_VIEWS else "",
        "sort": sort if sort in selectors.INBOX_SORTS else "",
    }
    window = selectors.DeadlineWindow()
    page, total, notice = inbox_page(request, selectors.staff_inbox(request.user, window=window, **filters),
                                     filters["sort"])
    agency_ids = permissions.agency_ids(request.user)
    jurisdiction_ids = permissions.admin_jurisdiction_ids(request.user) | permissions.leader_jurisdiction_ids(
        request.user
    )
    context = {
        "page": page, "total": total, "page_notice": notice, "filters": filters,
        "counts": selectors.bucket_counts(request.user),
        "buckets": [(key, label) for key, (_states, label) in selectors.INBOX_BUCKETS.items()],
        "views": list(selectors.INBOX_VIEWS.items()), "view_counts": selectors.view_counts(request.user, window=window),
        "sorts": list(selectors.INBOX_SORTS.items()),
        "agencies": Agency.objects.filter(jurisdiction_id__in=jurisdiction_ids) if jurisdiction_ids
        else Agency.objects.filter(pk__in=agency_ids),
        "categories": Category.objects.filter(children__isnull=True, is_active=True).order_by("name"),
        "is_admin": bool(permissions.admin_jurisdiction_ids(request.user)),
    }
    # htmx swaps #rows (filters, pager); a history restore after a cache miss needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "complaints/staff/inbox.html#rows" if partial else "complaints/staff/inbox.html"
    return render(request, template, context)


@staff_required
def record_report(request):
    """Record a report received by phone, letter, at the desk or in the media (channel "staff")."""
    jurisdictions = selectors.recording_jurisdictions(request.user)
    if not jurisdictions.exists():
        raise Http404
    if request.method == "POST":
        form = forms.RecordReportForm(request.POST, request.FILES, jurisdictions=jurisdictions)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = actions.record_report(
                    actor=request.user, jurisdiction=data["jurisdiction"], source=data["source"],
                    source_url=data["source_url"], received_on=data["received_on"], kind=data["kind"],
                    title=data["title"], body=data["body"], location=data["location"], category=data["category"],
                    district=data["district"], address=data["address"], event_date=data["event_date"],
                    is_anonymous=data["is_anonymous"], is_confidential=data["is_confidential"],
                    contact_name=data["contact_name"], contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"], attachments=data["attachments"],
                    submission_token=data["submission_token"],
                )
            except actions.ActionError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Laporan dicatat dengan nomor pelacakan %(id)s.") % {
                    "id": report.tracking_id})
                if permissions.can_view(request.user, report):
                    return redirect("complaints:staff_detail", tracking_id=report.tracking_id)
                return redirect("complaints:record")  # an OPD sees it once the admin dispatches it there
    else:
        form = forms.RecordReportForm(jurisdictions=jurisdictions, initial={
            "submission_token": actions.new_submission_token(), "received_on": timezone.localdate()})
    return render(request, "complaints/staff/record.html", {"form": form})


def _chosen(request, name):
    """The id an admin picked from a suggestion ("Pakai" links: ?kategori=<id>), or None."""
    value = request.GET.get(name, "") if request is not None else ""
    return int(value) if value.isdigit() and len(value) < 10 else None


def _action_forms(report, allowed, request=None):
    def dispatch_form():
        form = forms.DispatchForm(report=report)
        agency = _chosen(request, "opd")
        if agency is not None and form.fields["agency"].queryset.filter(pk=agency).exists():
            form.initial["agency"] = agency
        return form

    builders = {
        "verify": lambda: forms.VerifyForm(report=report, initial={
            "title": report.title, "category": _chosen(request, "kategori") or report.category_id,
            "is_anonymous": report.is_anonymous, "is_confidential": report.is_confidential,
            "tags": ", ".join(t.name for t in report.tags.all())}),
        "request_info": lambda: forms.ReasonForm(),
        "dispatch": dispatch_form,
        "transfer": lambda: forms.TransferForm(report=report),
        "defer": lambda: forms.ReasonForm(),
        "resume": lambda: forms.NoteForm(),
        "archive": lambda: forms.ArchiveForm(),
        "merge": lambda: forms.MergeForm(),
        "accept": lambda: forms.EmptyForm(),
        "hand_back": lambda: forms.ReasonForm(),
        "respond": lambda: forms.RespondForm(),
        "approve_response": lambda: forms.EmptyForm(),
        "reject_response": lambda: forms.ReasonForm(),
        "finish": lambda: forms.NoteForm(),
    }
    return [(name, workflow.transition(name).label, builders[name]()) for name in allowed if name in builders]


@staff_required
def detail(request, tracking_id, *, reveal_form=None, revealed=None, status=200):
    report = selectors.get_by_tracking_id(tracking_id, permissions.visible_reports(request.user))
    if report is None:
        raise Http404
    caps = permissions.capacities(request.user, report)
    selectors.with_details(report, include_pending_responses=True)
    allowed = permissions.allowed_transitions(request.user, report)
    context = {
        "report": report, "caps": caps,
        "show_identity": permissions.shows_identity(request.user, report),
        "reveal_form": None if revealed else _reveal_form(request.user, report, reveal_form), "revealed": revealed,
        "notes": report.notes.select_related("author", "agency") if permissions.can_see_internal_notes(
            request.user, report) else None,
        "action_forms": _action_forms(report, allowed, request),
        "note_form": forms.InternalNoteForm() if caps & {workflow.ADMIN, workflow.AGENCY} else None,
        "similar": similar.for_verify(request.user, report) if workflow.ADMIN in caps else [],
        "suggestions": suggest.for_verification(report, request.user) if workflow.ADMIN in caps else [],
        "can_merge": "merge" in allowed,
        "support_count": Support.objects.filter(report=report).count(),
        "pending_response": next((r for r in report.visible_responses if r.status == Response.Status.PENDING), None),
    }
    context.update(_deadline_context(report, caps))
    return render(request, "complaints/staff/detail.html", context, status=status)


def _reveal_form(user, report, form):
    """The "Tampilkan identitas" form: for the admin of an anonim report only."""
    if permissions.shows_identity(user, report) or not (
            report.is_anonymous and permissions.can_reveal_identity(user, report)):
        return None
    return form or forms.RevealIdentityForm()


@staff_required
@require_POST
@never_cache
def reveal_identity(request, tracking_id):
    """An anonim reporter's identity, in this response only, after a written reason (audited)."""
    report = selectors.get_by_tracking_id(tracking_id, permissions.visible_reports(request.user))
    if report is None or not permissions.can_reveal_identity(request.user, report):
        raise Http404
    if not report.is_anonymous:
        return redirect("complaints:staff_detail", tracking_id=report.tracking_id)
    form = forms.RevealIdentityForm(request.POST)
    if form.is_valid():
        try:
            contact = actions.reveal_identity(actor=request.user, report=report, reason=form.cleaned_data["reason"],
                                              request=request)
        except actions.ActionError as exc:
            form.add_error("reason", exc)
        else:
            return detail(request, tracking_id, revealed={"contact": contact})
    return detail(request, tracking_id, reveal_form=form, status=400)


def _deadline_context(report, caps):
    """The "Batas waktu" section and the extension forms for whoever may use them."""
    deadlines = clock_selectors.report_deadlines(report)
    follow_up = clock_selectors.open_follow_up(deadlines)
    context = {"deadlines": deadlines, "extension_request_form": None, "extension_decision_form": None,
               "pending_extension": follow_up["pending_extension"] if follow_up else None, "extension_max": None}
    if follow_up is None or report.state not in (State.DISPATCHED, State.IN_PROGRESS):
        return context
    if context["pending_extension"] is None and workflow.AGENCY in caps:
        max_days = clock_services.max_extension(follow_up["clock"], report.ceiling_at, calendar=follow_up["calendar"])
        context["extension_max"] = max_days
        if max_days > 0:
            context["extension_request_form"] = forms.ExtensionRequestForm(
                max_days=max_days, ceiling_at=report.ceiling_at, auto_id="id_extension_%s")
    if context["pending_extension"] is not None and caps & {workflow.HEAD, workflow.ADMIN}:
        context["extension_decision_form"] = forms.ExtensionDecisionForm(auto_id="id_decision_%s")
    return context



STAFF_ACTIONS = {
    "verify": (forms.VerifyForm, lambda u, r, d: actions.verify(
        actor=u, report=r, title=d["title"], category=d["category"],
        tags=[t for t in d["tags"].split(",") if t.strip()], is_anonymous=d["is_anonymous"],
        is_confidential=d["is_confidential"])),
    "request_info": (forms.ReasonForm, lambda u, r, d: actions.request_info(actor=u, report=r, reason=d["reason"])),
    "dispatch": (forms.DispatchForm, lambda u, r, d: actions.dispatch(actor=u, report=r, agency=d["agency"],
                                                                      note=d["note"])),
    "transfer": (forms.TransferForm, lambda u, r, d: actions.transfer(
        actor=u, report=r, to_jurisdiction=d["to_jurisdiction"], reason=d["reason"])),
    "defer": (forms.ReasonForm, lambda u, r, d: actions.defer(actor=u, report=r, reason=d["reason"])),
    "resume": (forms.NoteForm, lambda u, r, d: actions.resume(actor=u, report=r, note=d["note"])),
    "archive": (forms.ArchiveForm, lambda u, r, d: actions.archive(actor=u, report=r, reason=d["reason"],
                                                                   note=d["note"])),
    "merge": (forms.MergeForm, lambda u, r, d: actions.merge(
        actor=u, report=r, into=selectors.get_by_tracking_id(d["into"], permissions.visible_reports(u)))),
    "accept": (forms.EmptyForm, lambda u, r, d: actions.accept(actor=u, report=r)),
    "hand_back": (forms.ReasonForm, lambda u, r, d: actions.hand_back(actor=u, report=r, reason=d["reason"])),
    "respond": (forms.RespondForm, lambda u, r, d: actions.respond(actor=u, report=r, body=d["body"],
                                                                   attachments=d["attachments"])),
    "approve_response": (forms.EmptyForm, lambda u, r, d: actions.approve_response(actor=u, report=r)),
    "reject_response": (forms.ReasonForm, lambda u, r, d: actions.reject_response(actor=u, report=r,
                                                                                  reason=d["reason"])),
    "finish": (forms.NoteForm, lambda u, r, d: actions.finish(actor=u, report=r, note=d["note"])),
    "note": (forms.InternalNoteForm, lambda u, r, d: actions.add_note(actor=u, report=r, body=d["body"])),
    "request_extension": (forms.ExtensionRequestForm, lambda u, r, d: actions.request_extension(
        actor=u, report=r, working_days=d["working_days"], reason=d["reason"])),
    "decide_extension": (forms.ExtensionDecisionForm, lambda u, r, d: actions.decide_extension(
        actor=u, report=r, approve=d["decision"] == "approve", reason=d["reason"])),
}

# Success messages of the actions that are not lifecycle transitions.
DONE_LABELS = {
    "note": lambda d: _("Catatan internal"),
    "request_extension": lambda d: workflow.HISTORY_LABELS["request_extension"],
    "decide_extension": lambda d: workflow.HISTORY_LABELS[
        "approve_extension" if d["decision"] == "approve" else "reject_extension"],
}

FORMS_NEEDING_REPORT = {forms.VerifyForm, forms.DispatchForm, forms.TransferForm}


@staff_required
@require_POST
def transition(request, tracking_id, action):
    if action not in STAFF_ACTIONS:
        raise Http404
    report = selectors.get_by_tracking_id(tracking_id, permissions.visible_reports(request.user))
    if report is None:
        raise Http404
    form_class, call = STAFF_ACTIONS[action]
    kwargs = {"report": report} if form_class in FORMS_NEEDING_REPORT else {}
    form = form_class(request.POST, request.FILES, **kwargs)
    if form.is_valid():
        try:
            call(request.user, report, form.cleaned_data)
        except actions.ActionError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            label = DONE_LABELS[action](form.cleaned_data) if action in DONE_LABELS else workflow.transition(
                action).label
            messages.success(request, _("Berhasil: %(action)s.") % {"action": label})
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
    if not permissions.visible_reports(request.user).filter(pk=report.pk).exists():
        return redirect("complaints:inbox")
    return redirect("complaints:staff_detail", tracking_id=report.tracking_id)


@staff_required
def suggestion_quality(request):
    """How well the category and OPD suggestions serve each jurisdiction's admins: the model's held-out
    accuracy and the accuracy as met (the decision among the suggestions shown). Admins see their own
    jurisdictions; the province's admin sees the regencies/cities too."""
    ids = permissions.admin_jurisdiction_ids(request.user)
    if not ids:
        raise Http404
    jurisdictions = Jurisdiction.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).order_by("code")
    return render(request, "complaints/staff/suggestions.html", {
        "figures": suggest.accuracy(jurisdictions),
        "min_confidence": round(suggest.min_confidence() * 100),
    })
