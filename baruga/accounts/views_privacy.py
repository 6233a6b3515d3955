"""/akun/data-saya/: a citizen sees what Baruga holds about them, downloads it, asks for erasure.

The download is a POST (it writes an audit entry; a link prefetcher must not trigger it) and is
never cached. Erasure is only *requested* here; an administrator checks the retention schedule
and carries it out (`baruga.accounts.privacy.erase_subject`).
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from baruga.accounts import privacy
from baruga.accounts.models import PrivacyRequest


class ErasureRequestForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Keterangan (opsional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(label=gettext_lazy(
        "Saya mengerti: akun saya dinonaktifkan dan identitas saya dihapus dari laporan-laporan saya; "
        "isi laporan tetap disimpan sebagai arsip pelayanan publik."))


@never_cache
@login_required
def my_data(request, form=None):
    subject = privacy.find_subject(user=request.user, match_addresses=False)
    reports = subject.reports
    return render(request, "accounts/my_data.html", {
        "account": request.user, "reports": reports,
        "blockers": privacy.retention_blockers(subject), "retention_days": privacy.retention_days(),
        "requests": PrivacyRequest.objects.filter(user=request.user),
        "form": form or ErasureRequestForm(),
    })


@never_cache
@login_required
@require_POST
def my_data_export(request):
    data = privacy.export_subject(actor=request.user, user=request.user, request=request)
    response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="data-saya-{timezone.localdate():%Y%m%d}.json"'
    return response


@never_cache
@login_required
@require_POST
def my_data_erase(request):
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        return my_data(request, form=form)
    try:
        privacy.request_erasure(user=request.user, note=form.cleaned_data["note"], request=request)
    except privacy.PrivacyError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return my_data(request, form=form)
    messages.success(request, _("Permintaan penghapusan data Anda sudah kami terima dan akan diputuskan admin."))
    return redirect("accounts:my_data")
