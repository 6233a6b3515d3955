from django.contrib import admin

from baruga.open311.models import Submission


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Which API key filed which report through Open311 (read-only)."""

    list_display = ["report", "api_key", "service_code", "created_at"]
    list_select_related = ["report", "api_key"]
    search_fields = ["report__tracking_id", "api_key__prefix"]
    readonly_fields = ["report", "api_key", "token", "service_code", "account_id", "device_id", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
