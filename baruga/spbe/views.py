"""SPBE pages: the staff list (open an assessment), an assessment's summary (index, charts, comparison,
what would raise it, actions), one indicator (criteria, answer, evidence, review), evidence downloads,
exports, and the public page of final indexes. Every change goes through `actions`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baruga.audit import services as audit
from baruga.spbe import actions, charts, exports, forms, permissions, scoring, selectors, workflow
from baruga.spbe.models import Evidence, Review, State

TOP_RAISES = 10


def spbe_user_required(view):
    def wrapped(request, *args, **kwargs):
        if not permissions.is_spbe_user(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(wrapped)


def _assessment(request, pk):
    assessment = selectors.get_visible(request.user, pk)
    if assessment is None:
        raise Http404
    return assessment


def _errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


@spbe_user_required
def staff_list(request):
    jurisdictions = permissions.openable_jurisdictions(request.user)
    form = forms.OpenForm(request.POST or None, jurisdictions=jurisdictions) if jurisdictions else None
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                assessment = actions.open_assessment(request.user, jurisdiction=form.cleaned_data["jurisdiction"],
                                                     year=form.cleaned_data["year"])
            except actions.ActionError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Evaluasi mandiri SPBE dibuka."))
                return redirect("spbe:detail", pk=assessment.pk)
    assessments = list(selectors.staff_list(request.user))
    for a in assessments:
        a.shown_index = a.index if a.is_final else scoring.index(a.instrument.indicators, selectors.levels_of(a))
        a.can_review = workflow.EVALUATOR in permissions.capacities(request.user, a)
    return render(request, "spbe/staff_list.html", {"assessments": assessments, "form": form})


@spbe_user_required
def detail(request, pk):
    assessment = _assessment(request, pk)
    caps = permissions.capacities(request.user, assessment)
    summary = selectors.summary(assessment)
    instrument = assessment.instrument
    mode = "next" if request.GET.get("naik") == "berikut" else "top"
    domain_items = [{"label": row.name, "value": row.index, "note": row.predikat} for row, _a in summary["domains"]]
    aspect_items = [{"label": a.name, "value": a.index, "note": a.predikat}
                    for _row, aspects in summary["domains"] for a in aspects]
    history = selectors.history(assessment)
    context = {
        "assessment": assessment, "instrument": instrument, "summary": summary, "caps": caps,
        "is_team": workflow.TEAM in caps, "is_evaluator": workflow.EVALUATOR in caps,
        "allowed": permissions.allowed(request.user, assessment),
        "domain_chart": charts.index_bars("chart-domain", "h-domain", domain_items),
        "aspect_chart": charts.index_bars("chart-aspect", "h-aspect", aspect_items),
        "history": history,
        "history_chart": charts.index_bars("chart-history", "h-history", [
            {"label": str(h["year"]) + ("" if h["final"] else " " + _("(sementara)")), "value": h["index"],
             "note": h["predikat"]} for h in history]),
        "comparison": selectors.comparison(assessment),
        "raises": scoring.raise_options(instrument, summary["levels"], mode=mode, limit=TOP_RAISES),
        "raise_mode": mode,
        "rows": selectors.rows(assessment),
        "events": assessment.events.select_related("actor")[:200],
        "history_labels": workflow.HISTORY_LABELS,
    }
    return render(request, "spbe/detail.html", context)


@spbe_user_required
def indicator(request, pk, code):
    assessment = _assessment(request, pk)
    instrument = assessment.instrument
    item = instrument.indicator(code)
    if item is None:
        raise Http404
    answer = assessment.answers.prefetch_related("evidence").get(indicator_code=item.code)
    caps = permissions.capacities(request.user, assessment)
    can_answer = (workflow.TEAM in caps and assessment.state in (State.DRAFT, State.RETURNED)
                  and (assessment.state == State.DRAFT or answer.review == Review.CHANGE))
    can_review = workflow.EVALUATOR in caps and assessment.state == State.SUBMITTED
    answer_form = review_form = None
    if can_answer:
        answer_form = forms.AnswerForm(
            request.POST or None, request.FILES or None, instrument=instrument, indicator=item,
            initial={"level": answer.level, "justification": answer.justification}, auto_id="id_answer_%s")
        if request.method == "POST" and request.POST.get("form") == "answer":
            if answer_form.is_valid():
                try:
                    actions.save_answer(request.user, assessment, indicator_code=item.code,
                                        level=answer_form.cleaned_data["level"],
                                        justification=answer_form.cleaned_data["justification"],
                                        files=answer_form.cleaned_data["evidence"])
                except actions.ActionError as exc:
                    for message in exc.messages:
                        answer_form.add_error(None, message)
                else:
                    messages.success(request, _("Jawaban indikator %(no)d disimpan.") % {"no": item.number})
                    return redirect(_next_url(assessment, item, request))
    if can_review:
        review_form = forms.ReviewForm(request.POST if request.POST.get("form") == "review" else None,
                                       auto_id="id_review_%s")
        if request.method == "POST" and request.POST.get("form") == "review":
            if review_form.is_valid():
                try:
                    actions.review(request.user, assessment, indicator_code=item.code,
                                   decision=review_form.cleaned_data["decision"], note=review_form.cleaned_data["note"])
                except actions.ActionError as exc:
                    for message in exc.messages:
                        review_form.add_error(None, message)
                else:
                    messages.success(request, _("Reviu indikator %(no)d disimpan.") % {"no": item.number})
                    return redirect(_next_url(assessment, item, request))
    if request.method == "POST" and not (can_answer or can_review):
        messages.error(request, _("Indikator ini tidak dapat diubah pada status “%(state)s”.")
                       % {"state": assessment.get_state_display()})
        return redirect("spbe:indicator", pk=assessment.pk, code=item.code)
    indicators = instrument.indicators
    position = indicators.index(item)
    return render(request, "spbe/indicator.html", {
        "assessment": assessment, "instrument": instrument, "item": item, "answer": answer,
        "aspect": instrument.aspect(item.aspect_code), "domain": instrument.domain(item.domain_code),
        "answer_form": answer_form, "review_form": review_form,
        "previous": indicators[position - 1] if position else None,
        "next": indicators[position + 1] if position + 1 < len(indicators) else None,
        "levels": [(n, name, item.criterion(n)) for n, name in instrument.levels],
    })


def _next_url(assessment, item, request):
    if request.POST.get("then") == "next":
        following = assessment.instrument.indicators
        position = following.index(item)
        if position + 1 < len(following):
            return reverse("spbe:indicator", args=[assessment.pk, following[position + 1].code])
    return reverse("spbe:indicator", args=[assessment.pk, item.code])


MOVES = {
    "submit": (actions.submit, _("Evaluasi diajukan kepada evaluator provinsi.")),
    "return_for_changes": (actions.return_for_changes, _("Evaluasi dikembalikan kepada tim untuk perbaikan.")),
    "finalise": (actions.finalise, _("Evaluasi ditetapkan final.")),
}


@spbe_user_required
@require_POST
def move(request, pk, action):
    if action not in MOVES:
        raise Http404
    assessment = _assessment(request, pk)
    call, done = MOVES[action]
    try:
        call(request.user, assessment)
    except actions.ActionError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("spbe:detail", pk=assessment.pk)


@spbe_user_required
def evidence(request, pk, evidence_id):
    assessment = _assessment(request, pk)
    item = Evidence.objects.filter(pk=evidence_id, answer__assessment=assessment).first()
    if item is None:
        raise Http404
    response = FileResponse(item.file.open("rb"), content_type=item.content_type, as_attachment=True,
                            filename=f"data-dukung-{item.answer.indicator_code}-{item.pk}{item.extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@spbe_user_required
def export(request, pk, fmt):
    assessment = _assessment(request, pk)
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    audit.record(actor=request.user, action="spbe.export", target=assessment, jurisdiction=assessment.jurisdiction,
                 details={"format": fmt, "year": assessment.year}, request=request)
    if fmt == "xlsx":
        return exports.xlsx_response(assessment)
    response = HttpResponse(exports.pdf(assessment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename_base(assessment)}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def public(request):
    """Final indexes of every jurisdiction, newest year first (only FINAL assessments are public)."""
    finals = list(selectors.public_finals())
    years = sorted({a.year for a in finals}, reverse=True)
    try:
        year = int(request.GET.get("tahun") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    shown = [a for a in finals if a.year == year]
    return render(request, "spbe/public.html", {
        "years": years, "year": year, "finals": shown,
        "chart": charts.index_bars("chart-public", "h-public",
                                   [{"label": a.jurisdiction.name, "value": a.index, "note": a.predikat}
                                    for a in shown]),
    })
