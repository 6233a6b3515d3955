"""Pages: the province's matrix, an indicator's page for one jurisdiction (history, live computation,
entry, verification, target), verification queue, exports, evidence; the public program pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baruga.audit import services as audit
from baruga.directory.models import Jurisdiction
from baruga.indicators import actions, charts, exports, formulas, forms, permissions, selectors
from baruga.indicators.models import Indicator, Program, Value
from baruga.lib.lifecycle import ActionError


def _year(request):
    try:
        year = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, actions.MIN_YEAR), actions.MAX_YEAR)


def _scope_or_404(user):
    scope = permissions.matrix_scope(user)
    if scope is None:
        raise Http404
    return scope


def _matrix_for(request):
    province, ids, sees_all = _scope_or_404(request.user)
    program = Program.objects.filter(code=request.GET.get("program", "")).first()
    sort = request.GET.get("urut", "lagging")
    order = "asc" if request.GET.get("arah") == "asc" else "desc"
    return selectors.matrix(province, ids, _year(request), indicators=selectors.active_indicators(program),
                            sort=sort, order=order, sees_all=sees_all), program


@login_required
def matrix(request):
    m, program = _matrix_for(request)
    province = m.province
    context = {"m": m, "program": program, "programs": Program.objects.all(),
               "columns": list(zip(m.indicators, m.averages)),
               "is_evaluator": permissions.is_evaluator(request.user, province),
               "pending": len(selectors.pending_verification(province)) if permissions.is_evaluator(
                   request.user, province) else 0,
               "next_round": selectors.next_round(timezone.localdate()),
               "query": request.GET.urlencode()}
    return render(request, "indicators/matrix.html", context)


@login_required
def export(request, fmt):
    m, _program = _matrix_for(request)
    audit.record(actor=request.user, action="indicator.export", jurisdiction=m.province, request=request,
                 details={"format": fmt, "year": m.year, "rows": len(m.rows)})
    if fmt == "xlsx":
        return exports.xlsx_response(m)
    response = HttpResponse(exports.pdf_bytes(m), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kinerja-{m.year}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def recompute(request):
    province, _ids, _all = _scope_or_404(request.user)
    year = _year(request)
    try:
        done = actions.recompute_all(actor=request.user, province=province, year=year,
                                     semester=int(request.POST.get("semester", 0) or 0), request=request)
        messages.success(request, _("%(n)d nilai indikator dihitung ulang.") % {"n": done})
    except (ActionError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [_("Periode tidak valid.")])))
    return redirect(f"{reverse('indicators:matrix')}?tahun={year}")


def _detail_objects(request, code, jurisdiction_code):
    indicator = get_object_or_404(Indicator, code=code)
    jurisdiction = get_object_or_404(Jurisdiction, code=jurisdiction_code)
    _province, ids, _all = _scope_or_404(request.user)
    if jurisdiction.pk not in ids:
        raise Http404
    return indicator, jurisdiction


@login_required
def detail(request, code, jurisdiction_code):
    indicator, jurisdiction = _detail_objects(request, code, jurisdiction_code)
    year = _year(request)
    live = None
    live_form = forms.LiveForm(request.GET if "start" in request.GET else None)
    if indicator.is_computed and live_form.is_bound and live_form.is_valid():
        live = formulas.compute(indicator.formula_key, jurisdiction, live_form.cleaned_data["start"],
                                live_form.cleaned_data["end"])
    province = permissions.province_of(jurisdiction)
    context = {
        "indicator": indicator, "jurisdiction": jurisdiction, "year": year,
        "available": (not indicator.is_computed) or formulas.is_available(indicator.formula_key),
        "history": selectors.value_history(indicator, jurisdiction),
        "targets": indicator.targets.filter(jurisdiction=jurisdiction).order_by("-year", "semester"),
        "can_enter": not indicator.is_computed and permissions.can_enter(request.user, jurisdiction),
        "is_evaluator": province is not None and permissions.is_evaluator(request.user, province),
        "value_form": forms.ValueForm(initial={"year": year, "semester": 0}),
        "target_form": forms.TargetForm(initial={"year": year, "semester": 0}),
        "return_form": forms.ReturnForm(), "live_form": live_form, "live": live,
        "indicator_form": forms.IndicatorForm(initial={"name": indicator.name, "definition": indicator.definition,
                                                       "is_published": indicator.is_published,
                                                       "is_active": indicator.is_active}),
    }
    for value in context["history"]:
        value.can_verify = permissions.can_verify(request.user, value) and value.status == "submitted"
    return render(request, "indicators/detail.html", context)


def _back(indicator, jurisdiction):
    return redirect("indicators:detail", code=indicator.code, jurisdiction_code=jurisdiction.code)


def _refuse(request, exc):
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_POST
def enter(request, code, jurisdiction_code):
    indicator = get_object_or_404(Indicator, code=code)
    jurisdiction = get_object_or_404(Jurisdiction, code=jurisdiction_code)
    form = forms.ValueForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(indicator, jurisdiction)
    data = form.cleaned_data
    try:
        actions.enter_value(actor=request.user, indicator=indicator, jurisdiction=jurisdiction, year=data["year"],
                            semester=data["semester"], value=data["value"], source=data["source"],
                            note=data["note"], evidence=data["evidence"], request=request)
        messages.success(request, _("Nilai disimpan dan menunggu verifikasi provinsi."))
    except ActionError as exc:
        _refuse(request, exc)
    return _back(indicator, jurisdiction)


@login_required
@require_POST
def decide(request, pk, decision):
    value = get_object_or_404(Value.objects.select_related("indicator", "jurisdiction"), pk=pk)
    if not permissions.can_view_value(request.user, value):
        raise Http404
    try:
        if decision == "verifikasi":
            actions.verify_value(actor=request.user, value=value, request=request)
            messages.success(request, _("Nilai diverifikasi."))
        elif decision == "kembalikan":
            actions.return_value(actor=request.user, value=value, reason=request.POST.get("reason", ""),
                                 request=request)
            messages.success(request, _("Nilai dikembalikan kepada pelapor."))
        else:
            raise Http404
    except ActionError as exc:
        _refuse(request, exc)
    if request.POST.get("next") == "queue":
        return redirect("indicators:queue")
    return _back(value.indicator, value.jurisdiction)


@login_required
@require_POST
def target(request, code, jurisdiction_code):
    indicator = get_object_or_404(Indicator, code=code)
    jurisdiction = get_object_or_404(Jurisdiction, code=jurisdiction_code)
    form = forms.TargetForm(request.POST)
    if form.is_valid():
        try:
            actions.set_target(actor=request.user, indicator=indicator, jurisdiction=jurisdiction,
                               year=form.cleaned_data["year"], semester=form.cleaned_data["semester"],
                               value=form.cleaned_data["value"], request=request)
            messages.success(request, _("Target disimpan."))
        except ActionError as exc:
            _refuse(request, exc)
    else:
        messages.error(request, _("Periksa isian target."))
    return _back(indicator, jurisdiction)


@login_required
@require_POST
def edit_indicator(request, code, jurisdiction_code):
    indicator = get_object_or_404(Indicator, code=code)
    jurisdiction = get_object_or_404(Jurisdiction, code=jurisdiction_code)
    form = forms.IndicatorForm(request.POST)
    if form.is_valid():
        try:
            actions.update_indicator(actor=request.user, indicator=indicator, request=request, **form.cleaned_data)
            messages.success(request, _("Indikator diperbarui."))
        except ActionError as exc:
            _refuse(request, exc)
    else:
        messages.error(request, _("Nama indikator wajib diisi."))
    return _back(indicator, jurisdiction)


@login_required
def queue(request):
    province, _ids, _all = _scope_or_404(request.user)
    if not permissions.is_evaluator(request.user, province):
        raise Http404
    values = selectors.pending_verification(province)
    for value in values:
        value.can_verify = permissions.can_verify(request.user, value)
    return render(request, "indicators/queue.html", {"values": values, "return_form": forms.ReturnForm()})


@login_required
def evidence(request, pk):
    value = get_object_or_404(Value, pk=pk)
    if not value.evidence or not permissions.can_view_value(request.user, value):
        raise Http404
    ext = ".pdf" if value.evidence_type == "application/pdf" else ""
    response = FileResponse(value.evidence.open("rb"), content_type=value.evidence_type, as_attachment=True,
                            filename=f"bukti-{value.pk}{ext}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- public ----------------------------------------------------------------------------------------

def public_index(request):
    return render(request, "indicators/public_index.html", {"programs": selectors.published_programs()})


def public_program(request, code):
    program = get_object_or_404(Program, code=code)
    province = selectors.home_province()
    if province is None or not program.indicators.filter(is_published=True, is_active=True).exists():
        raise Http404
    year = _year(request)
    m = selectors.public_program(program, province, year)
    sections = []
    for n, indicator in enumerate(m.indicators):
        items = [{"label": row.jurisdiction.short_name or row.jurisdiction.name, "value": row.cells[n].number,
                  "target": row.cells[n].target, "light": row.cells[n].light} for row in m.rows
                 if row.cells[n].available]
        available = any(row.cells[n].available for row in m.rows)
        with_values = [i for i in items if i["value"] is not None]
        sections.append({
            "indicator": indicator, "available": available, "average": m.averages[n],
            "province_cell": next((row.cells[n] for row in m.rows if row.jurisdiction.pk == province.pk), None),
            "chart": charts.bars(f"chart-{indicator.code}", f"h-{indicator.code}", with_values,
                                 unit=indicator.unit, target_label=_("target")) if with_values else None,
        })
    return render(request, "indicators/public_program.html", {
        "program": program, "province": province, "year": year, "sections": sections,
        "programs": selectors.published_programs(), "years": range(timezone.localdate().year, 2022, -1)})
