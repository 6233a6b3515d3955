"""Staff pages (/humas/): publications and their lifecycle, placements and reach, media partners with
their contracts and the per-partner payment report, and the indicators. Views parse and call actions."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baruga.directory.models import Jurisdiction
from baruga.dissemination import actions, exports, forms, permissions, selectors, workflow
from baruga.dissemination.models import MediaPartner, Placement, PublicationState


def staff_required(view):
    def wrapped(request, *args, **kwargs):
        if not permissions.is_dissemination_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(wrapped)


def humas_required(view):
    def wrapped(request, *args, **kwargs):
        if not permissions.is_humas(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return login_required(wrapped)


def _refused(request, exc):
    for message in exc.messages:
        messages.error(request, message)


def _file(field, content_type, filename):
    response = FileResponse(field.open("rb"), content_type=content_type, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- publications --------------------------------------------------------------------------------------

@staff_required
def index(request):
    state = request.GET.get("status", "")
    q = request.GET.get("q", "")[:100]
    page = Paginator(selectors.staff_publications(request.user, state=state, q=q), 25).get_page(request.GET.get("page"))
    return render(request, "dissemination/staff/index.html", {
        "page": page, "state": state, "q": q, "states": PublicationState.choices,
        "is_humas": permissions.is_humas(request.user),
    })


@staff_required
def publication_new(request):
    form = forms.PublicationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            publication = actions.create_publication(actor=request.user, jurisdiction=form.cleaned_data["jurisdiction"],
                                                     data=form.data_object())
        except actions.ActionError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Berhasil: draf publikasi disimpan."))
            return redirect("dissemination:publication", publication.pk)
    return render(request, "dissemination/staff/publication_form.html", {"form": form, "publication": None})


def _visible_publication(request, pk):
    publication = permissions.visible_publications(request.user).select_related(
        "jurisdiction", "agency", "author", "approved_by", "public_information", "category").filter(pk=pk).first()
    if publication is None:
        raise Http404
    return publication


@staff_required
def publication_edit(request, pk):
    publication = _visible_publication(request, pk)
    if not permissions.can_edit(request.user, publication):
        messages.error(request, _("Publikasi hanya dapat diubah penulisnya atau humas selama masih draf."))
        return redirect("dissemination:publication", pk)
    form = forms.PublicationForm(request.POST or None, request.FILES or None, user=request.user,
                                 publication=publication)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_publication(actor=request.user, publication=publication, data=form.data_object())
        except actions.ActionError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Berhasil: draf diperbarui."))
            return redirect("dissemination:publication", pk)
    return render(request, "dissemination/staff/publication_form.html", {"form": form, "publication": publication})


@staff_required
def publication(request, pk):
    publication = _visible_publication(request, pk)
    allowed = permissions.allowed_transitions(request.user, publication)
    can_place = permissions.can_record_placement(request.user, publication) and publication.is_public
    return render(request, "dissemination/staff/publication.html", {
        "publication": publication, "allowed": allowed,
        "labels": {t.name: t.label for t in workflow.WORKFLOW},
        "can_edit": permissions.can_edit(request.user, publication),
        "reason_form": forms.ReasonForm(), "approve_form": forms.ApproveForm(),
        "events": publication.events.select_related("actor"), "history_labels": workflow.HISTORY_LABELS,
        "attachments": publication.attachments.all(),
        "placements": publication.placements.select_related("partner", "contract"),
        "placement_form": forms.PlacementForm(publication=publication) if can_place else None,
        "can_place": can_place,
    })


@staff_required
@require_POST
def transition(request, pk, action):
    publication = _visible_publication(request, pk)
    if action not in ("submit", "return_to_draft", "approve", "publish", "withdraw"):
        raise Http404
    try:
        if action in ("return_to_draft", "withdraw"):
            form = forms.ReasonForm(request.POST)
            reason = form.data.get("reason", "")
            getattr(actions, action)(actor=request.user, publication=publication, reason=reason)
        elif action == "approve":
            form = forms.ApproveForm(request.POST)
            scheduled = form.cleaned_data.get("scheduled_at") if form.is_valid() else None
            if not form.is_valid():
                raise actions.ActionError(_("Jadwal terbit tidak sah."))
            actions.approve(actor=request.user, publication=publication, scheduled_at=scheduled)
        else:
            getattr(actions, action)(actor=request.user, publication=publication)
    except actions.ActionError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Berhasil: %(action)s.") % {"action": workflow.WORKFLOW[action].label})
    return redirect("dissemination:publication", pk)


# --- placements ----------------------------------------------------------------------------------------

@staff_required
@require_POST
def placement_add(request, pk):
    publication = _visible_publication(request, pk)
    form = forms.PlacementForm(request.POST, request.FILES, publication=publication)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.record_placement(actor=request.user, publication=publication, partner=d.get("partner"),
                                     own_channel=d.get("own_channel", ""), url=d["url"], placed_on=d["placed_on"],
                                     proof=d.get("proof"), views=d.get("views"), impressions=d.get("impressions"),
                                     engagement=d.get("engagement"))
        except actions.ActionError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Berhasil: penayangan dicatat."))
            return redirect("dissemination:publication", pk)
    # The page again, with the form's errors and what was typed (a chosen file must be chosen again).
    response = publication_page_with(request, publication, form)
    response.status_code = 400
    return response


def publication_page_with(request, publication, placement_form):
    return render(request, "dissemination/staff/publication.html", {
        "publication": publication, "allowed": permissions.allowed_transitions(request.user, publication),
        "labels": {t.name: t.label for t in workflow.WORKFLOW},
        "can_edit": permissions.can_edit(request.user, publication),
        "reason_form": forms.ReasonForm(), "approve_form": forms.ApproveForm(),
        "events": publication.events.select_related("actor"), "history_labels": workflow.HISTORY_LABELS,
        "attachments": publication.attachments.all(),
        "placements": publication.placements.select_related("partner", "contract"),
        "placement_form": placement_form, "can_place": True,
    })


def _visible_placement(request, pk):
    placement = Placement.objects.select_related("publication").filter(pk=pk).first()
    if placement is None or not permissions.can_record_placement(request.user, placement.publication):
        raise Http404
    return placement


@staff_required
@require_POST
def reach_update(request, pk):
    placement = _visible_placement(request, pk)
    form = forms.ReachForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.ActionError(_("Jangkauan harus berupa bilangan bulat."))
        actions.update_reach(actor=request.user, placement=placement, **form.cleaned_data)
    except actions.ActionError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Berhasil: jangkauan diperbarui."))
    return redirect("dissemination:publication", placement.publication_id)


@staff_required
def proof(request, pk):
    placement = _visible_placement(request, pk)
    if not placement.proof:
        raise Http404
    ext = ".pdf" if placement.proof_content_type == "application/pdf" else "." + placement.proof_content_type.split("/")[-1]
    return _file(placement.proof, placement.proof_content_type, f"bukti-tayang-{placement.pk}{ext}")


@humas_required
def reach_import(request):
    form = forms.ReachImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.import_reach_csv(actor=request.user, upload=form.cleaned_data["file"])
        except actions.ActionError as exc:
            form.add_error("file", exc)
        else:
            if not result.errors:
                messages.success(request, _("Berhasil: jangkauan %(n)d penayangan diperbarui.") % {"n": result.updated})
                return redirect("dissemination:reach_import")
    return render(request, "dissemination/staff/reach_import.html", {"form": form, "result": result},
                  status=400 if (result and result.errors) or form.errors else 200)


# --- partners ------------------------------------------------------------------------------------------

@humas_required
def partners(request):
    return render(request, "dissemination/staff/partners.html", {
        "partners": selectors.partners_with_contracts(request.user), "today": timezone.localdate()})


@humas_required
def partner_new(request):
    form = forms.PartnerForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            partner = actions.create_partner(actor=request.user, jurisdiction=form.cleaned_data["jurisdiction"],
                                             data=form.data_object())
        except actions.ActionError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Berhasil: mitra media disimpan."))
            return redirect("dissemination:partner", partner.pk)
    return render(request, "dissemination/staff/partner_form.html", {"form": form, "partner": None})


def _visible_partner(request, pk):
    partner = permissions.visible_partners(request.user).select_related("jurisdiction").filter(pk=pk).first()
    if partner is None:
        raise Http404
    return partner


def _default_period():
    today = timezone.localdate()
    return dt.date(today.year, today.month, 1), today


@humas_required
def partner(request, pk):
    partner = _visible_partner(request, pk)
    form = forms.PartnerForm(request.POST or None, request.FILES or None, user=request.user, partner=partner)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_partner(actor=request.user, partner=partner, data=form.data_object())
        except actions.ActionError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Berhasil: data mitra diperbarui."))
            return redirect("dissemination:partner", pk)
    start, end = _default_period()
    contracts = list(partner.contracts.all())
    counts = actions.placement_counts([c.pk for c in contracts])
    for c in contracts:
        c.used = counts.get(c.pk, 0)
    return render(request, "dissemination/staff/partner.html", {
        "partner": partner, "form": form, "contracts": contracts, "contract_form": forms.ContractForm(),
        "report_form": forms.ReportForm(initial={"start": start, "end": end}),
    }, status=400 if form.errors else 200)


@humas_required
@require_POST
def contract_add(request, pk):
    partner = _visible_partner(request, pk)
    form = forms.ContractForm(request.POST)
    if form.is_valid():
        try:
            actions.add_contract(actor=request.user, partner=partner, **form.cleaned_data)
        except actions.ActionError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Berhasil: kontrak disimpan."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errors:
                messages.error(request, f"{label}: {e}" if label else e)
    return redirect("dissemination:partner", pk)


@humas_required
def partner_report(request, pk):
    partner = _visible_partner(request, pk)
    form = forms.ReportForm(request.GET)
    fmt = request.GET.get("format", "xlsx")
    if not form.is_valid() or fmt not in ("xlsx", "pdf"):
        for e in form.non_field_errors() or [_("Isi periode laporan dengan tanggal yang sah.")]:
            messages.error(request, e)
        return redirect("dissemination:partner", pk)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    actions.record_export(actor=request.user, partner=partner, start=start, end=end, fmt=fmt)
    if fmt == "pdf":
        return exports.pdf_response(partner, start, end)
    return exports.xlsx_response(partner, start, end)


@humas_required
def verification_evidence(request, pk):
    partner = _visible_partner(request, pk)
    if not partner.verification_evidence:
        raise Http404
    ext = ".pdf" if partner.verification_evidence_type == "application/pdf" else ".img"
    return _file(partner.verification_evidence, partner.verification_evidence_type, f"verifikasi-{partner.pk}{ext}")


# --- indicators ----------------------------------------------------------------------------------------

@staff_required
def indicators(request):
    form = forms.ReportForm(request.GET or None)
    start, end = (form.cleaned_data["start"], form.cleaned_data["end"]) if form.is_bound and form.is_valid() else (
        dt.date(timezone.localdate().year, 1, 1), timezone.localdate())
    if not form.is_bound:
        form = forms.ReportForm(initial={"start": start, "end": end})
    ids = permissions.indicator_jurisdiction_ids(request.user)
    rows = [(j, selectors.indicators(j, start, end)) for j in Jurisdiction.objects.filter(pk__in=ids).order_by("name")]
    return render(request, "dissemination/staff/indicators.html", {
        "form": form, "rows": rows, "start": start, "end": end, "is_humas": permissions.is_humas(request.user)})
