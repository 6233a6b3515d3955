"""Data-subject requests in the Django admin: find a person, export their data, erase it.

Superusers only. The look-up (e-mail, phone, NIK, username) always travels in a POST body, never
in a URL: addresses and NIKs do not belong in access logs. Registered from `accounts/admin.py`.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baruga.accounts import privacy
from baruga.accounts.models import PrivacyRequest, User


class SubjectForm(forms.Form):
    email = forms.CharField(label=gettext_lazy("E-mail"), required=False, max_length=254)
    phone = forms.CharField(label=gettext_lazy("Nomor telepon"), required=False, max_length=20)
    nik = forms.CharField(label=gettext_lazy("NIK"), required=False, max_length=16)
    username = forms.CharField(label=gettext_lazy("Nama pengguna (akun)"), required=False, max_length=150)
    reason = forms.CharField(label=gettext_lazy("Alasan / dasar permintaan"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    force_reason = forms.CharField(
        label=gettext_lazy("Alasan mengesampingkan masa retensi (hanya bila wajib, mis. perintah pengadilan)"),
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(label=gettext_lazy("Saya telah memeriksa identitas pemohon"), required=False)

    def lookup(self):
        data = self.cleaned_data
        user = None
        if data["username"]:
            user = User.objects.filter(username=data["username"]).first()
            if user is None:
                raise privacy.PrivacyError(_("Akun dengan nama pengguna itu tidak ada."))
        return {"email": data["email"] or None, "phone": data["phone"] or None, "nik": data["nik"] or None,
                "user": user}


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "status", "handled_at", "handled_by"]
    list_filter = ["status", "kind"]
    readonly_fields = ["user", "kind", "note", "status", "outcome", "created_at", "handled_at", "handled_by"]
    change_list_template = "admin/accounts/privacyrequest/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.subject_view)
        return [path("subjek/", view, name="accounts_privacyrequest_subject"), *super().get_urls()]

    def subject_view(self, request):
        if not request.user.is_superuser:
            raise PermissionDenied
        item = None
        if request.GET.get("permintaan"):
            item = get_object_or_404(PrivacyRequest, pk=request.GET["permintaan"])
        initial = {"username": item.user.username} if item is not None and item.user else {}
        form = SubjectForm(request.POST or None, initial=initial)
        context = {**self.admin_site.each_context(request), "opts": self.opts, "form": form, "item": item,
                   "title": _("Hak subjek data: cari, ekspor, hapus")}
        if request.method == "POST" and form.is_valid():
            operation = request.POST.get("operation", "find")
            try:
                response = self._operate(request, form, operation, item, context)
            except privacy.PrivacyError as exc:
                for message in exc.messages:
                    self.message_user(request, message, messages.ERROR)
                response = None
            if response is not None:
                return response
            self._preview(form, context)
        return TemplateResponse(request, "admin/accounts/privacyrequest/subject.html", context)

    def _preview(self, form, context):
        try:
            subject = privacy.find_subject(**form.lookup())
        except privacy.PrivacyError as exc:
            context["errors"] = exc.messages
            return
        context.update(subject=subject, reports=subject.reports, blockers=privacy.retention_blockers(subject),
                       retention_days=privacy.retention_days())

    def _operate(self, request, form, operation, item, context):
        data = form.cleaned_data
        if operation == "export":
            exported = privacy.export_subject(actor=request.user, reason=data["reason"], request=request,
                                              **form.lookup())
            response = HttpResponse(json.dumps(exported, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                                    content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="subjek-data-{timezone.now():%Y%m%d%H%M}.json"'
            response["Cache-Control"] = "no-store"
            return response
        if operation == "erase":
            if not data["confirm"]:
                raise privacy.PrivacyError(_("Centang konfirmasi bahwa identitas pemohon sudah diperiksa."))
            result = privacy.erase_subject(actor=request.user, reason=data["reason"],
                                           force_reason=data["force_reason"], request=request, **form.lookup())
            if item is not None and item.status == PrivacyRequest.Status.PENDING:
                PrivacyRequest.objects.filter(pk=item.pk).update(
                    status=PrivacyRequest.Status.DONE, handled_by=request.user, handled_at=timezone.now(), note="")
            self.message_user(request, _("Data pribadi dihapus: %(n)d laporan dianonimkan.")
                              % {"n": len(result.reports)}, messages.SUCCESS)
            return redirect(reverse("admin:accounts_privacyrequest_changelist"))
        if operation == "refuse" and item is not None:
            privacy.refuse_request(actor=request.user, item=item, reason=data["reason"], request=request)
            self.message_user(request, _("Permintaan ditolak."), messages.SUCCESS)
            return redirect(reverse("admin:accounts_privacyrequest_changelist"))
        return None
