"""The trail in the Django admin: read-only for holders of `audit.view_auditentry`."""

from django.contrib import admin

from baruga.audit.models import AuditCheckpoint, AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "seq", "created_at", "actor_label", "action", "report_ref", "target_type", "target_id"]
    list_filter = ["action"]
    search_fields = ["=actor_label", "=report_ref", "=action"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = ["id", "created_at", "actor", "actor_label", "action", "target_type", "target_id", "report",
              "report_ref", "jurisdiction", "jurisdiction_ref", "reason", "details", "ip", "seq", "prev_hash",
              "entry_hash", "sealed_at", "key_id"]
    readonly_fields = fields


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    list_display = ["seq", "entry_hash", "created_at", "key_id"]
    readonly_fields = ["seq", "entry_hash", "created_at", "count", "legacy_through", "key_id", "signature"]
