from django.contrib import admin

from baruga.complaints.models import Report, ReportEvent, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class EventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "from_state", "to_state", "jurisdiction", "agency", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through the lifecycle actions, never by editing rows."""

    list_display = ["tracking_id", "title", "kind", "state", "jurisdiction", "agency", "created_at"]
    list_filter = ["state", "kind", "jurisdiction"]
    search_fields = ["tracking_id", "title"]
    list_select_related = ["jurisdiction", "agency"]
    inlines = [EventInline]
    exclude = ["guest_secret_hash", "submission_token"]

    def get_exclude(self, request, obj=None):
        # Who filed an anonim report is opened only by the audited reveal (actions.reveal_identity),
        # never by a look at this page.
        hidden = ["reporter"] if obj is None or obj.is_anonymous else []
        return [*self.exclude, *hidden]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
