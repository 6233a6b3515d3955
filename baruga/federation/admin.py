from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from baruga.audit import services as audit
from baruga.federation import delivery
from baruga.federation.models import (
    FederatedReport,
    InboxMessage,
    OutboxMessage,
    Peer,
    PeerJurisdiction,
    PeerKey,
    SigningKey,
)


class PeerKeyInline(admin.TabularInline):
    model = PeerKey
    extra = 0
    fields = ["key_id", "public_key", "is_active", "created_at"]
    readonly_fields = ["created_at"]


class PeerJurisdictionInline(admin.TabularInline):
    model = PeerJurisdiction
    extra = 0
    autocomplete_fields = []


@admin.register(Peer)
class PeerAdmin(admin.ModelAdmin):
    list_display = ["name", "base_url", "instance_id", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "base_url"]
    readonly_fields = ["created_at", "lease_owner", "lease_until"]
    inlines = [PeerKeyInline, PeerJurisdictionInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(actor=request.user, action="federation.peer_change", target=obj, request=request,
                     details={"peer_id": obj.pk, "fields": sorted(form.changed_data), "created": not change})


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ["key_id", "is_active", "created_at", "retired_at"]
    fields = ["key_id", "public_key", "is_active", "created_at", "retired_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # manage.py federation_keys rotate

    def has_change_permission(self, request, obj=None):
        return False


@admin.action(description=_("Kirim ulang (coba lagi sekarang)"))
def retry(modeladmin, request, queryset):
    ids = delivery.retry(queryset)
    for message in OutboxMessage.objects.filter(pk__in=ids):
        audit.record(actor=request.user, action="federation.retry", target=message, report=message.report,
                     request=request, details={"message_id": str(message.message_id), "peer_id": message.peer_id})
    modeladmin.message_user(request, ngettext("%(n)d pesan dijadwalkan ulang.", "%(n)d pesan dijadwalkan ulang.",
                                              len(ids)) % {"n": len(ids)}, messages.SUCCESS)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "peer", "report_ref", "sequence", "status", "attempts", "next_attempt_at",
                    "sent_at"]
    list_filter = ["status", "type", "peer"]
    search_fields = ["report_ref", "message_id"]
    actions = [retry]
    list_select_related = ["peer"]
    fields = ["message_id", "peer", "type", "report_ref", "sequence", "status", "attempts", "next_attempt_at",
              "claimed_at", "sent_at", "key_id", "last_error", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InboxMessage)
class InboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "peer", "report_ref", "sequence", "status", "received_at", "applied_at"]
    list_filter = ["status", "type", "peer"]
    search_fields = ["report_ref", "message_id"]
    list_select_related = ["peer"]
    fields = ["message_id", "peer", "type", "report_ref", "sequence", "status", "received_at", "applied_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FederatedReport)
class FederatedReportAdmin(admin.ModelAdmin):
    list_display = ["report", "direction", "peer", "ref", "remote_tracking_id", "remote_state", "last_sequence",
                    "updated_at"]
    list_filter = ["direction", "peer", "remote_state"]
    search_fields = ["ref", "remote_tracking_id", "report__tracking_id"]
    list_select_related = ["report", "peer"]
    readonly_fields = [f.name for f in FederatedReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
