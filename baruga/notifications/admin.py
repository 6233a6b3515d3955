from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from baruga.notifications import outbox
from baruga.notifications.models import DigestLog, Notification, OutboxMessage, Preference


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: rows change through delivery and the "kirim ulang" action, never by editing."""

    list_display = ["created_at", "channel", "to_address", "subject", "status", "attempts", "next_attempt_at",
                    "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["subject", "dedupe_key"]  # the address is encrypted: not searchable
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = ["channel", "to_address", "subject", "body", "language", "status", "attempts",
                       "next_attempt_at", "claimed_at", "last_error", "dedupe_key", "created_at", "sent_at",
                       "notification"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        # Rows are never edited by hand, but retrying them is what the change permission grants.
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.action(description=_("Kirim ulang pesan yang gagal"), permissions=["retry"])
    def retry(self, request, queryset):
        count = outbox.retry_now(queryset)
        skipped = queryset.count() - count
        self.message_user(request, ngettext("%(n)d pesan dijadwalkan kirim ulang.",
                                            "%(n)d pesan dijadwalkan kirim ulang.", count) % {"n": count},
                          messages.SUCCESS)
        if skipped:
            self.message_user(request, _("Pesan yang tidak berstatus gagal dilewati: %(n)d.") % {"n": skipped},
                              messages.WARNING)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username", "dedupe_key"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "report"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_enabled", "digest_daily", "gateway_enabled", "language"]
    list_filter = ["email_enabled", "digest_daily", "gateway_enabled", "language"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["date", "user", "count", "covered_until"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
