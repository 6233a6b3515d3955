"""Staff pages for the produsen data, the walidata (and pendukung) and the pembina data: the list, a
dataset's file with its actions (one POST endpoint per action), uploads, the review checklist and the
walidata's indicator dashboard. Every change goes through `actions`."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from baruga.audit.services import ACTIONS
from baruga.directory.models import Jurisdiction
from baruga.lib.lifecycle import ActionError
from baruga.satudata import actions, datastore, forms, indicators, loading, permissions, selectors, workflow
from baruga.satudata.models import Resource, State


def data_staff_required(view):
    def wrapped(request, *args, **kwargs):
        if not permissions.is_data_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(wrapped)


@data_staff_required
def inbox(request):
    state = request.GET.get("status", "")
    q = request.GET.get("q", "")[:100]
    qs = selectors.staff_inbox(request.user, state=state, q=q)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "satudata/staff/inbox.html", {
        "page": page, "state": state, "q": q, "states": State.choices,
        "queue": list(selectors.review_queue(request.user)[:50]),
        "can_create": permissions.creatable_agencies(request.user).exists(),
        "is_steward": bool(permissions.steward_jurisdiction_ids(request.user)), "today": timezone.localdate(),
    })


@data_staff_required
def create(request):
    agencies = permissions.creatable_agencies(request.user).select_related("jurisdiction")
    if not agencies.exists():
        raise Http404
    form = forms.DatasetForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = actions.create_dataset(request.user, agency=form.cleaned_data["agency"],
                                             data=form.action_data(), request=request)
        except ActionError as e:
            forms.apply_errors(form, e)
        else:
            messages.success(request, _("Draf dataset dibuat. Tambahkan berkas atau tautan datanya."))
            return redirect("satudata:staff_add_resource", dataset.pk)
    return render(request, "satudata/staff/form.html", {"form": form, "dataset": None})


@data_staff_required
def edit(request, pk):
    dataset = selectors.staff_dataset(request.user, pk)
    form = forms.DatasetForm(request.POST or None, initial=forms.DatasetForm.initial_for(dataset))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_dataset(request.user, dataset, data=form.action_data(), request=request)
        except ActionError as e:
            forms.apply_errors(form, e)
        else:
            messages.success(request, _("Metadata disimpan."))
            return redirect("satudata:staff_detail", dataset.pk)
    return render(request, "satudata/staff/form.html", {"form": form, "dataset": dataset})


def _allowed(user, dataset):
    caps = permissions.capacities(user, dataset)
    return set(workflow.WORKFLOW.available(dataset.state, caps)), caps


@data_staff_required
def detail(request, pk):
    dataset = selectors.staff_dataset(request.user, pk)
    allowed, caps = _allowed(request.user, dataset)
    checks = actions.latest_checklist(dataset)
    return render(request, "satudata/staff/detail.html", {
        "dataset": dataset, "allowed": allowed, "caps": caps,
        "resources": list(selectors.resources_of(dataset).prefetch_related("versions")),
        "events": _labelled(dataset.events.select_related("actor").order_by("-created", "-id")),
        "comments": dataset.comments.select_related("author"),
        "review_form": forms.ReviewForm(initial_checks=checks, auto_id="id_review_%s"),
        "note_form": forms.NoteForm(auto_id="id_note_%s"), "comment_form": forms.CommentForm(auto_id="id_c_%s"),
        "missing": actions.missing_for_submission(dataset) if "submit" in allowed else [],
        "can_edit": bool({"edit", "edit_submitted"} & allowed), "principles": workflow.PRINCIPLES,
        "checks": checks, "today": timezone.localdate(),
    })


def _labelled(events):
    """History entries with Indonesian labels: the audit trail's for the action, the states' for the move."""
    out = []
    for event in events:
        event.label = ACTIONS.get(f"satudata.{event.action}", event.action)
        event.from_label = State(event.from_state).label if event.from_state in State.values else ""
        event.to_label = State(event.to_state).label if event.to_state in State.values else ""
        out.append(event)
    return out


@data_staff_required
def add_resource(request, pk):
    dataset = selectors.staff_dataset(request.user, pk)
    allowed, _caps = _allowed(request.user, dataset)
    if not {"edit", "edit_submitted"} & allowed:
        raise Http404
    form = forms.ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            resource = actions.add_resource(request.user, dataset, name=d["name"], description=d["description"],
                                            url=d["url"], upload=d["upload"], sheet=d["sheet"] or None,
                                            request=request)
        except ActionError as e:
            forms.apply_errors(form, e)
        else:
            _report_load(request, resource)
            return redirect("satudata:staff_resource", dataset.pk, resource.pk)
    return render(request, "satudata/staff/add_resource.html", {"form": form, "dataset": dataset})


def _report_load(request, resource):
    if resource.datastore_phase in ("pending", "loading"):
        messages.success(request, _("Berkas disimpan dan dapat diunduh; tabelnya sedang dimuat di latar belakang."))
    elif resource.datastore_status in (Resource.DatastoreStatus.FAILED, Resource.DatastoreStatus.TOO_LARGE):
        messages.warning(request, _("Berkas disimpan dan dapat diunduh, tetapi tidak dapat dimuat ke tabel: %(why)s")
                         % {"why": " ".join(resource.datastore_messages)})
    elif resource.datastore_status == Resource.DatastoreStatus.WARNINGS:
        messages.warning(request, _("Berkas disimpan dan dimuat ke tabel, dengan catatan di bawah."))
    else:
        messages.success(request, _("Sumber daya disimpan."))


STALE_LOAD = dt.timedelta(minutes=30)


@data_staff_required
@vary_on_headers("HX-Request")
def resource(request, pk, resource_id):
    dataset = selectors.staff_dataset(request.user, pk)
    res = selectors.resource_of(dataset, resource_id)
    allowed, _caps = _allowed(request.user, dataset)
    can_edit = bool({"edit", "edit_submitted"} & allowed)
    version_form = forms.NewVersionForm(auto_id="id_v_%s")
    sheet_form = forms.SheetForm(auto_id="id_s_%s")
    if request.method == "POST":
        if not can_edit:
            raise Http404
        kind = request.POST.get("kind")
        try:
            if kind == "version":
                version_form = forms.NewVersionForm(request.POST, request.FILES, auto_id="id_v_%s")
                if version_form.is_valid():
                    res = actions.update_resource(request.user, res, upload=version_form.cleaned_data["upload"],
                                                  sheet=version_form.cleaned_data["sheet"] or None, request=request)
                    _report_load(request, res)
                    return redirect("satudata:staff_resource", dataset.pk, res.pk)
            elif kind == "sheet":
                sheet_form = forms.SheetForm(request.POST, auto_id="id_s_%s")
                if sheet_form.is_valid():
                    res = actions.reload_datastore(request.user, res, sheet=sheet_form.cleaned_data["sheet"],
                                                   request=request)
                    _report_load(request, res)
                    return redirect("satudata:staff_resource", dataset.pk, res.pk)
            elif kind == "reload":
                res = actions.reload_datastore(request.user, res, request=request)
                _report_load(request, res)
                return redirect("satudata:staff_resource", dataset.pk, res.pk)
            elif kind == "delete":
                actions.delete_resource(request.user, res, request=request)
                messages.success(request, _("Sumber daya dihapus dari dataset; berkasnya tetap disimpan."))
                return redirect("satudata:staff_detail", dataset.pk)
        except ActionError as e:
            for m in e.messages:
                messages.error(request, m)
    phase = res.datastore_phase
    table = getattr(res, "datastore", None) if res.datastore_active else None
    status = {"resource": res, "phase": phase, "table": table, "progress": loading.progress(res),
              "waiting": phase in ("pending", "loading")}
    if request.htmx:
        # The status line polls itself while the load runs; once it has ended, the whole page is reloaded
        # (preview, messages) with htmx's HX-Refresh.
        response = render(request, "satudata/staff/resource.html#load-status", status)
        if not status["waiting"]:
            response["HX-Refresh"] = "true"
        return response
    # While a new version loads, the old table is still stored: no preview of it under the new file's name.
    fields, rows = ([], []) if status["waiting"] else datastore.preview(res, 10)
    stale = status["waiting"] and res.last_modified is not None and res.last_modified < timezone.now() - STALE_LOAD
    return render(request, "satudata/staff/resource.html", {
        **status, "dataset": dataset, "versions": res.versions.order_by("-number"), "can_edit": can_edit,
        "version_form": version_form, "sheet_form": sheet_form, "fields": fields, "rows": rows,
        "can_reload": can_edit and res.url_type == Resource.UrlType.UPLOAD and (phase == "error" or stale),
    })


ACTS = {"submit", "check", "publish", "return", "withdraw", "republish", "delete", "comment", "recommend"}


@require_POST
@data_staff_required
def act(request, pk, action):
    dataset = selectors.staff_dataset(request.user, pk)
    if action not in ACTS:
        raise Http404
    review = forms.ReviewForm(request.POST)
    review.is_valid()
    note = (request.POST.get("note") or "").strip()
    try:
        if action == "submit":
            actions.submit(request.user, dataset, note=note, request=request)
            messages.success(request, _("Dataset diajukan ke walidata."))
        elif action == "check":
            actions.save_checklist(request.user, dataset, checklist=review.checklist(), note=note, request=request)
            messages.success(request, _("Daftar periksa disimpan."))
        elif action == "publish":
            actions.publish(request.user, dataset, checklist=review.checklist(), note=note, request=request)
            messages.success(request, _("Dataset diterbitkan di portal."))
        elif action == "return":
            actions.return_dataset(request.user, dataset, note=note, checklist=review.checklist(), request=request)
            messages.success(request, _("Dataset dikembalikan ke produsen data."))
        elif action == "withdraw":
            actions.withdraw(request.user, dataset, note=note, request=request)
            messages.success(request, _("Dataset ditarik dari publikasi."))
        elif action == "republish":
            actions.republish(request.user, dataset, note=note, request=request)
            messages.success(request, _("Dataset diterbitkan kembali."))
        elif action == "delete":
            actions.delete_dataset(request.user, dataset, note=note, request=request)
            messages.success(request, _("Dataset dihapus."))
            return redirect("satudata:staff_inbox")
        elif action == "comment":
            actions.add_comment(request.user, dataset, body=request.POST.get("body", ""), request=request)
            messages.success(request, _("Komentar disimpan."))
        elif action == "recommend":
            actions.recommend(request.user, dataset, body=request.POST.get("body", ""), request=request)
            messages.success(request, _("Rekomendasi disimpan."))
    except ActionError as e:
        for m in e.messages:
            messages.error(request, m)
    return redirect("satudata:staff_detail", dataset.pk)


@data_staff_required
def indicator(request):
    """The walidata's dashboard: per jurisdiction, OPDs with published and current data, overdue datasets."""
    ids = permissions.reviewer_jurisdiction_ids(request.user) | permissions.advisor_jurisdiction_ids(request.user)
    if request.user.is_superuser:
        ids = set(Jurisdiction.objects.filter(is_active=True).exclude(level="national").values_list("pk", flat=True))
    if not ids:
        raise Http404
    now = timezone.now()
    summaries = [indicators.summary(j, now) for j in Jurisdiction.objects.filter(pk__in=ids).order_by("code")]
    overdue = (indicators.overdue_datasets(now).filter(jurisdiction_id__in=ids)
               .select_related("agency", "jurisdiction").order_by("last_update")[:100])
    return render(request, "satudata/staff/indicator.html", {"summaries": summaries, "overdue": overdue})
