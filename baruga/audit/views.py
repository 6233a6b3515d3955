"""The security officer's viewer: the trail, one entry, and a bounded check of the chain.

Everyone without `audit.view_auditentry` gets 404: the page does not exist for them.
"""

from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from baruga.audit import selectors, services
from baruga.audit.forms import AuditFilterForm
from baruga.audit.models import AuditEntry
from baruga.audit.verify import VIEWER_LIMIT, verify_chain

PAGE_SIZE = 50


def officer_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.can_view_audit(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


@officer_required
def entry_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.entries(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {
        "form": form, "page": page, "labels": services.ACTIONS, "verify_limit": VIEWER_LIMIT,
    })


@officer_required
def entry_detail(request, pk):
    entry = get_object_or_404(AuditEntry, pk=pk)
    return render(request, "audit/detail.html", {
        "entry": entry, "label": services.ACTIONS.get(entry.action, ""), "chain": selectors.chain_status(entry),
    })


@officer_required
@require_POST
def verify(request):
    result = verify_chain(last=VIEWER_LIMIT)
    services.record(actor=request.user, action="audit.verify", request=request, details={
        "checked": result.checked, "findings": result.total_findings, "first_seq": result.first_seq,
        "last_seq": result.last_seq,
    })
    return render(request, "audit/verify.html", {"result": result, "verify_limit": VIEWER_LIMIT})
