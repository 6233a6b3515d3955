"""Users, memberships and groups in the Django admin; every grant of a privilege is audited.

Role grants and revocations (a Membership, on its own page or inline on the user), the user flags
is_staff / is_superuser / is_active, groups and permissions (e.g. `audit.view_auditentry`) and
passwords set by an administrator all write an entry to `baruga.audit`, in the admin's transaction.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin as BaseStaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as BaseTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from baruga.accounts import admin_privacy  # noqa: F401  (data-subject requests: export, erasure)
from baruga.accounts import enrolment
from baruga.accounts.models import Membership, User
from baruga.audit import services as audit

PRIVILEGE_FLAGS = ("is_staff", "is_superuser", "is_active")


def _membership_facts(membership):
    """What a membership grants, as identifiers only."""
    return {"user_id": membership.user_id, "role": membership.role, "jurisdiction_id": membership.jurisdiction_id,
            "agency_id": membership.agency_id, "is_lead": membership.is_lead}


def _record_membership(request, action, membership, before=None):
    scope = membership.jurisdiction if membership.jurisdiction_id else (
        membership.agency.jurisdiction if membership.agency_id else None)
    details = {"membership_id": membership.pk, **_membership_facts(membership)}
    if before is not None:
        details["before"] = before
    audit.record(actor=request.user, action=action, target=membership, jurisdiction=scope, details=details,
                 request=request)


def _grants(holder):
    """The permissions (and, for a user, the groups) a user or a group holds, by name."""
    if isinstance(holder, Group):
        return {"permissions": _codes(holder.permissions)}
    return {"permissions": _codes(holder.user_permissions),
            "groups": sorted(holder.groups.values_list("name", flat=True))}


def _codes(permissions):
    return sorted(f"{app}.{code}" for app, code in permissions.values_list("content_type__app_label", "codename"))


def _difference(before, after):
    return {key: {"added": sorted(set(after[key]) - set(before[key])),
                  "removed": sorted(set(before[key]) - set(after[key]))}
            for key in after if set(after[key]) != set(before[key])}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["jurisdiction", "agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Kontak"), {"fields": ["phone"]}),)
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]
    # Names, e-mail and phone are encrypted: found by the whole e-mail or number (their blind indexes),
    # not by a part of them; the username by any part.
    search_fields = ["username", "email__exact", "phone__exact"]
    search_help_text = _("Cari dengan sebagian nama pengguna, atau e-mail / nomor telepon lengkap.")
    ordering = ["username"]
    actions = ["issue_enrolment_codes", "reset_second_factor"]

    def has_enrolment_permission(self, request):
        return enrolment.may_issue(request.user)

    @admin.action(description=_("Terbitkan kode pendaftaran dua langkah"), permissions=["enrolment"])
    def issue_enrolment_codes(self, request, queryset):
        """A new single-use code per selected staff account, shown once on the page this answers."""
        return self._codes_page(request, queryset, reset=False)

    @admin.action(description=_("Atur ulang dua langkah (hapus aplikasi, terbitkan kode baru)"),
                  permissions=["enrolment"])
    def reset_second_factor(self, request, queryset):
        return self._codes_page(request, queryset, reset=True)

    def _codes_page(self, request, queryset, *, reset):
        issued = []
        for user in queryset.order_by("username"):
            try:
                if reset:
                    enrolment.reset(actor=request.user, user=user, request=request)
                issued.append((user, enrolment.issue(actor=request.user, user=user, request=request)))
            except (enrolment.EnrolmentRefused, enrolment.NotAllowed) as exc:
                self.message_user(request, str(exc), messages.WARNING)
        if not issued:
            return None
        context = {**self.admin_site.each_context(request), "opts": self.opts, "issued": issued,
                   "title": gettext("Kode pendaftaran dua langkah"), "hours": settings.TWO_FACTOR_ENROLMENT_HOURS}
        response = TemplateResponse(request, "admin/accounts/user/enrolment_codes.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).values(*PRIVILEGE_FLAGS).first() if change else None
        super().save_model(request, obj, form, change)
        after = {flag: getattr(obj, flag) for flag in PRIVILEGE_FLAGS}
        if before is None:
            audit.record(actor=request.user, action="user.create", target=obj, details=after, request=request)
        elif before != after:
            changed = {flag: [before[flag], after[flag]] for flag in PRIVILEGE_FLAGS if before[flag] != after[flag]}
            audit.record(actor=request.user, action="user.privilege_change", target=obj, details=changed,
                         request=request)

    def save_related(self, request, form, formsets, change):
        before = _grants(form.instance)  # the m2m rows are still the old ones here
        super().save_related(request, form, formsets, change)
        changed = _difference(before, _grants(form.instance))
        if changed:
            audit.record(actor=request.user, action="user.permissions_change", target=form.instance,
                         details=changed, request=request)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        before = {m.pk: m for m in Membership.objects.filter(user=form.instance)}
        super().save_formset(request, form, formset, change)
        after = {m.pk: m for m in Membership.objects.filter(user=form.instance).select_related("agency")}
        for pk, membership in after.items():
            if pk not in before:
                _record_membership(request, "membership.grant", membership)
            elif _membership_facts(before[pk]) != _membership_facts(membership):
                _record_membership(request, "membership.change", membership, before=_membership_facts(before[pk]))
        for pk, membership in before.items():
            if pk not in after:
                _record_membership(request, "membership.revoke", membership)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit.record(actor=request.user, action="user.password_set", target=User.objects.get(pk=id),
                         request=request)
        return response


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "jurisdiction", "agency", "is_lead"]
    list_filter = ["role", "jurisdiction"]
    search_fields = ["user__username", "user__email__exact", "agency__name", "jurisdiction__name"]
    autocomplete_fields = ["user", "jurisdiction", "agency"]
    list_select_related = ["user", "jurisdiction", "agency"]

    def save_model(self, request, obj, form, change):
        old = Membership.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if old is None:
            _record_membership(request, "membership.grant", obj)
        elif _membership_facts(old) != _membership_facts(obj):
            _record_membership(request, "membership.change", obj, before=_membership_facts(old))

    def delete_model(self, request, obj):
        _record_membership(request, "membership.revoke", obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("jurisdiction", "agency__jurisdiction"):
            _record_membership(request, "membership.revoke", membership)
        super().delete_queryset(request, queryset)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Django's group admin; a change of a group's permissions changes every member's privileges."""

    def save_related(self, request, form, formsets, change):
        before = _grants(form.instance) if change else {"permissions": []}
        super().save_related(request, form, formsets, change)
        changed = _difference(before, _grants(form.instance))
        if changed:
            audit.record(actor=request.user, action="group.permissions_change", target=form.instance,
                         details={"group": form.instance.name, **changed}, request=request)

    def delete_model(self, request, obj):
        audit.record(actor=request.user, action="group.permissions_change", target=obj, request=request,
                     details={"group": obj.name, "deleted": True, **_difference(_grants(obj), {"permissions": []})})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            self.delete_model(request, group)


class SecondFactorDeviceAdmin:
    """django-otp's device pages, read-only: a superuser cannot add an authenticator or recovery codes
    for someone (that would let whoever holds the superuser password pass anyone's second factor,
    unaudited), change one (its key, its owner) nor see its secret (OTP_ADMIN_HIDE_SENSITIVE_DATA).
    Devices are set up by their owner with an enrolment code (`baruga.accounts.enrolment`: the admin
    action "Terbitkan kode pendaftaran dua langkah" on the users' list, audited); deleting one is a reset:
    audited, the owner told, and a new one needs a new enrolment code."""

    search_fields = ["user__username", "user__email__exact"]  # the e-mail is encrypted: the whole address
    search_help_text = _("Cari dengan sebagian nama pengguna atau e-mail lengkap.")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_inline_instances(self, request, obj=None):
        return []  # the recovery codes themselves are never shown nor added here

    def delete_model(self, request, obj):
        enrolment.reset(actor=request.user, user=obj.user, request=request)

    def delete_queryset(self, request, queryset):
        for user in {device.user for device in queryset.select_related("user")}:
            enrolment.reset(actor=request.user, user=user, request=request)

    def response_delete(self, request, obj_display, obj_id):
        # Django sends a viewer without the change permission to the admin's index; back to the list.
        response = super().response_delete(request, obj_display, obj_id)
        if isinstance(response, HttpResponseRedirect):
            response["Location"] = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
                                           current_app=self.admin_site.name)
        return response


admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(SecondFactorDeviceAdmin, BaseTOTPDeviceAdmin):
    __doc__ = SecondFactorDeviceAdmin.__doc__


@admin.register(StaticDevice)
class StaticDeviceAdmin(SecondFactorDeviceAdmin, BaseStaticDeviceAdmin):
    __doc__ = SecondFactorDeviceAdmin.__doc__
