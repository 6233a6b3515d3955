from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from baruga.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["jurisdiction", "agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Kontak"), {"fields": ["phone"]}),)
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "jurisdiction", "agency", "is_lead"]
    list_filter = ["role", "jurisdiction"]
    search_fields = ["user__username", "user__first_name", "agency__name", "jurisdiction__name"]
    autocomplete_fields = ["user", "jurisdiction", "agency"]
    list_select_related = ["user", "jurisdiction", "agency"]
