from django.contrib import admin

from baruga.intake.models import InboundEmail


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    """Read-only log of the e-mails taken in: what became of each, and why one was refused."""

    list_display = ["received_at", "transport", "outcome", "reason", "report", "size", "message_id"]
    list_filter = ["outcome", "reason", "transport"]
    search_fields = ["message_id", "report__tracking_id"]  # the sender is encrypted: not searchable
    date_hierarchy = "received_at"
    readonly_fields = ["message_id", "transport", "sender", "size", "outcome", "reason", "detail", "report",
                       "received_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
