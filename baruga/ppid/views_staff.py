"""PPID staff pages: the scoped inbox, a request's file with one POST endpoint per action,
turning a complaint report into a request, and the annual public report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baruga.complaints import selectors as complaint_selectors
from baruga.complaints.models import ReporterContact
from baruga.ppid import actions, deadlines, exports, forms, permissions, selectors, workflow
from baruga.security import detection


def ppid_staff_required(view):
    def wrapped(request, *args, **kwargs):
        if not permissions.is_ppid_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(wrapped)


@ppid_staff_required
def inbox(request):
    bucket = request.GET.get("status", "")
    overdue = request.GET.get("view") == "overdue"
    q = request.GET.get("q", "")[:100]
    qs = selectors.staff_inbox(request.user, bucket=bucket, overdue=overdue, q=q)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    context = {
        "page": page, "bucket": bucket, "overdue": overdue, "q": q, "now": timezone.now(),
        "buckets": [(key, label) for key, (_states, label) in selectors.INBOX_BUCKETS.items()],
        "can_report": bool(permissions.report_jurisdiction_ids(request.user)),
    }
    template = "ppid/staff/inbox.html#rows" if request.htmx else "ppid/staff/inbox.html"
    return render(request, template, context)


def _forms_for(allowed):
    builders = {
        "extend": forms.ExtendForm, "decide": forms.DecideForm, "answer_objection": forms.AnswerObjectionForm,
        "record_dispute": forms.DisputeForm,
    }
    return [(name, workflow.transition(name).label, builders[name](auto_id=f"id_{name}_%s"))
            for name in allowed if name in builders]


@ppid_staff_required
def detail(request, number):
    info_request = selectors.get_by_number(number, permissions.visible_requests(request.user))
    if info_request is None:
        raise Http404
    caps = permissions.capacities(request.user, info_request)
    selectors.with_details(info_request)
    allowed = [name for name in permissions.allowed_transitions(request.user, info_request)
               if name != "file_objection"]
    objection = info_request.objection_or_none
    can_add_documents = bool(caps & workflow.OFFICERS) and (
        info_request.is_open or actions.delivers_documents(info_request, objection))
    context = {
        "info_request": info_request, "caps": caps, "objection": objection,
        "dispute": info_request.dispute_or_none,
        "identity": info_request.identity if permissions.can_see_identity(request.user, info_request) else None,
        "deadlines": deadlines.request_explanations(info_request),
        "action_forms": _forms_for(allowed),
        "documents_form": forms.DocumentsForm(auto_id="id_documents_%s") if can_add_documents else None,
        "report_history": selectors.source_report_history(info_request),
        "objection_form": forms.ObjectionForm(auto_id="id_objection_%s")
        if "file_objection" in permissions.allowed_transitions(request.user, info_request)
        and actions.objection_open(info_request) else None,
    }
    return render(request, "ppid/staff/detail.html", context)


STAFF_ACTIONS = {
    "extend": (forms.ExtendForm, lambda u, r, d: actions.extend(actor=u, info_request=r, reason=d["reason"])),
    "decide": (forms.DecideForm, lambda u, r, d: actions.decide(
        actor=u, info_request=r, outcome=d["outcome"], decision_text=d["decision_text"],
        exemption_ground=d["exemption_ground"], consequence_test=d["consequence_test"], documents=d["documents"])),
    "file_objection": (forms.ObjectionForm, lambda u, r, d: actions.file_objection(
        actor=u, info_request=r, ground=d["ground"], reason=d["reason"])),
    "answer_objection": (forms.AnswerObjectionForm, lambda u, r, d: actions.answer_objection(
        actor=u, info_request=r, answer=d["answer"], text=d["text"])),
    "record_dispute": (forms.DisputeForm, lambda u, r, d: actions.record_dispute(
        actor=u, info_request=r, filed_on=d["filed_on"], registration_number=d["registration_number"],
        outcome=d["outcome"], decided_on=d["decided_on"], notes=d["notes"])),
    "add_documents": (forms.DocumentsForm, lambda u, r, d: actions.add_documents(
        actor=u, info_request=r, documents=d["documents"])),
}
DONE = {"add_documents": _("Dokumen diserahkan")}


@ppid_staff_required
@require_POST
def transition(request, number, action):
    if action not in STAFF_ACTIONS:
        raise Http404
    info_request = selectors.get_by_number(number, permissions.visible_requests(request.user))
    if info_request is None:
        raise Http404
    form_class, call = STAFF_ACTIONS[action]
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(request.user, info_request, form.cleaned_data)
        except actions.ActionError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            label = DONE.get(action) or workflow.transition(action).label
            messages.success(request, _("Berhasil: %(action)s.") % {"action": label})
    else:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
    return redirect("ppid:staff_detail", number=info_request.registration_number)


@login_required
def convert(request, tracking_id):
    """Turn a complaint-service "permintaan informasi" into a formal request (admin or PPID)."""
    report = complaint_selectors.get_by_tracking_id(tracking_id)
    if report is None or not permissions.can_convert_report(request.user, report):
        raise Http404
    if request.method == "POST":
        form = forms.ConvertForm(request.POST, report=report)
        if form.is_valid():
            data = form.cleaned_data
            try:
                info_request = actions.convert_report_to_request(actor=request.user, report=report, **data)
            except actions.ActionError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Laporan %(id)s dijadikan permohonan informasi %(no)s.") % {
                    "id": report.tracking_id, "no": info_request.registration_number})
                if permissions.can_view(request.user, info_request):
                    return redirect("ppid:staff_detail", number=info_request.registration_number)
                return redirect("complaints:staff_detail", tracking_id=report.tracking_id)
    else:
        contact = ReporterContact.objects.filter(report=report).first()
        form = forms.ConvertForm(report=report, initial={
            "name": getattr(contact, "name", ""), "email": getattr(contact, "email", ""),
            "phone": getattr(contact, "phone", ""), "address": getattr(contact, "address", ""),
            "identity_number": getattr(contact, "nik", ""), "information_wanted": f"{report.title}\n\n{report.body}",
            "agency": report.agency_id})
    return render(request, "ppid/staff/convert.html", {"form": form, "report": report})


@login_required
def convert_lookup(request):
    tracking_id = request.GET.get("laporan", "")
    report = complaint_selectors.get_by_tracking_id(tracking_id)
    if report is None or not permissions.can_convert_report(request.user, report):
        messages.error(request, _("Laporan tidak ditemukan atau tidak dapat Anda alihkan."))
        return redirect("ppid:inbox")
    return redirect("ppid:convert", tracking_id=report.tracking_id)


@login_required
def annual_report(request):
    jurisdiction_ids = permissions.report_jurisdiction_ids(request.user)
    if not jurisdiction_ids:
        raise Http404
    years = selectors.report_years()
    form = forms.ReportYearForm(request.GET or {"year": years[1]})
    year = form.cleaned_data["year"] if form.is_valid() else years[1]
    report = selectors.annual_report(year, jurisdiction_ids)
    output = request.GET.get("format", "")
    if output in ("xlsx", "pdf"):
        detection.downloaded(request, f"export.{output}")  # counted with attachment downloads
    if output == "xlsx":
        return _download(exports.xlsx(report), f"laporan-ppid-{year}.xlsx",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if output == "pdf":
        return _download(exports.pdf(report), f"laporan-ppid-{year}.pdf", "application/pdf")
    return render(request, "ppid/staff/annual_report.html", {
        "report": report, "years": years, "year": year, "form": form,
        "rows": [exports.display_row(row) for row in exports.summary_rows(report)], "headers": exports.SUMMARY_HEADERS,
        "grounds": exports.ground_rows(report), "objections": exports.objection_rows(report),
        "stale": list(selectors.stale_items(jurisdiction_ids)[:50]),
    })


def _download(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
