"""Read-mostly admin: datasets change only through `actions` (the staff pages, the API)."""

from django.contrib import admin

from baruga.satudata.models import Dataset, Group, HarvestSource, License


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "jurisdiction", "state", "access_level", "metadata_modified", "is_demo"]
    list_filter = ["state", "access_level", "jurisdiction", "is_demo"]
    search_fields = ["name", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(License)
class LicenseAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "is_open", "position"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["title", "name", "position"]


@admin.register(HarvestSource)
class HarvestSourceAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "kind", "jurisdiction", "is_active", "last_run_at"]
