"""Security events (read-only) and incidents in the Django admin; the dashboard is /keamanan/."""

from django.contrib import admin

from baruga.security.models import Incident, IncidentEntry, SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "severity", "ip", "actor", "acknowledged_at"]
    list_filter = ["severity", "kind"]
    date_hierarchy = "created_at"
    readonly_fields = ["kind", "severity", "actor", "ip", "details", "created_at", "acknowledged_by", "acknowledged_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IncidentEntryInline(admin.TabularInline):
    model = IncidentEntry
    extra = 1
    fields = ["at", "author", "text"]
    autocomplete_fields = ["author"]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Model validation (Incident.clean) gives the same messages here as on /keamanan/insiden/."""

    list_display = ["title", "severity", "status", "detected_at", "personal_data_breach", "notify_deadline",
                    "subjects_notified_at", "authority_notified_at"]
    list_filter = ["status", "severity", "personal_data_breach"]
    readonly_fields = ["notify_deadline", "created_by", "created_at", "updated_at"]
    filter_horizontal = ["events"]
    inlines = [IncidentEntryInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
