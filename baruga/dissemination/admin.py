"""Read-only views for superusers: every change goes through `baruga.dissemination.actions` (the staff
pages under /humas/), which check, record the history and write the audit trail."""

from django.contrib import admin

from baruga.dissemination.models import Contract, MediaPartner, Placement, Publication


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MediaPartner)
class MediaPartnerAdmin(ReadOnly):
    list_display = ["name", "kind", "jurisdiction", "verification", "verification_valid_until", "is_active"]
    list_filter = ["kind", "verification", "jurisdiction"]
    search_fields = ["name", "registration_number"]


@admin.register(Contract)
class ContractAdmin(ReadOnly):
    list_display = ["partner", "year", "number", "starts_on", "ends_on", "value", "quota"]
    list_filter = ["year"]


@admin.register(Publication)
class PublicationAdmin(ReadOnly):
    list_display = ["title", "kind", "jurisdiction", "agency", "state", "published_at"]
    list_filter = ["state", "kind", "jurisdiction"]
    search_fields = ["title"]


@admin.register(Placement)
class PlacementAdmin(ReadOnly):
    list_display = ["publication", "partner", "own_channel", "placed_on", "views", "impressions", "engagement"]
    list_filter = ["placed_on"]
    exclude = ["proof"]
