"""API keys in the Django admin: create (the secret shown once), list, revoke ("Cabut kunci"). Both audited."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from baruga.apikeys import services
from baruga.apikeys.models import ApiKey, Scope


class ApiKeyCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(label=_("Cakupan"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiKey
        fields = ["name", "owner", "scopes", "expires_at", "rate_limit"]


class ApiKeyChangeForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["name"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "owner", "scope_list", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "name", "owner__username"]
    autocomplete_fields = ["owner"]
    actions = ["revoke"]
    readonly_fields = ["prefix", "owner", "scope_list", "rate_limit", "expires_at", "created_at", "created_by",
                       "revoked_at", "revoked_by", "last_used_at"]

    @admin.display(description=_("cakupan"))
    def scope_list(self, obj):
        return ", ".join(obj.scopes or [])

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = ApiKeyCreateForm if obj is None else ApiKeyChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "owner", "scopes", "expires_at", "rate_limit"]
        return ["name", *self.readonly_fields]

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who held which key stays

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        data = form.cleaned_data
        key, secret = services.create_key(
            owner=data["owner"], name=data["name"], scopes=data["scopes"], expires_at=data["expires_at"],
            rate_limit=data["rate_limit"], created_by=request.user,
        )
        obj.pk = key.pk
        obj.__dict__.update({k: v for k, v in key.__dict__.items() if not k.startswith("_")})
        request._baruga_new_api_key = secret

    def save_related(self, request, form, formsets, change):
        pass  # no relations to save; the form's scopes are already on the key

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(request, "_baruga_new_api_key", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "key": obj, "secret": secret,
                   "title": _("Kunci API dibuat")}
        response = TemplateResponse(request, "apikeys/admin/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Cabut kunci"), permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            services.revoke_key(key=key, actor=request.user)
            count += 1
        self.message_user(request, ngettext("%(n)d kunci dicabut.", "%(n)d kunci dicabut.", count) % {"n": count},
                          messages.SUCCESS)
