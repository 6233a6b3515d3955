from django.contrib import admin

from baruga.directory.models import Agency, Category, CategoryRoute, District, Jurisdiction


class DistrictInline(admin.TabularInline):
    model = District
    extra = 0


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "is_external", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name"]
    inlines = [DistrictInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "jurisdiction", "requires_response_approval", "is_active"]
    list_filter = ["jurisdiction", "requires_response_approval", "is_active"]
    search_fields = ["name", "short_name"]
    list_select_related = ["jurisdiction"]


class RouteInline(admin.TabularInline):
    model = CategoryRoute
    extra = 0
    autocomplete_fields = ["jurisdiction", "agency"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "authority", "is_active", "position"]
    list_filter = ["authority", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RouteInline]
    list_select_related = ["parent"]
