from django.contrib import admin

from baruga.audit import services as audit
from baruga.indicators.models import Indicator, Program, ReportingRound, Target, Value


class AuditedAdmin(admin.ModelAdmin):
    """Changes made in the admin are audited like the staff pages' actions."""

    audit_action = "indicator.edit"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(actor=request.user, action=self.audit_action, target=obj, request=request,
                     details={"via": "admin", "model": obj._meta.model_name, "fields": sorted(form.changed_data)})


@admin.register(Program)
class ProgramAdmin(AuditedAdmin):
    list_display = ["code", "name", "position"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["code", "name", "program", "unit", "direction", "kind", "formula_key", "is_published", "is_active"]
    list_filter = ["program", "kind", "is_published", "is_active"]


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    audit_action = "indicator.set_target"
    list_display = ["indicator", "jurisdiction", "year", "semester", "value"]
    list_filter = ["year", "indicator__program"]


@admin.register(ReportingRound)
class ReportingRoundAdmin(AuditedAdmin):
    audit_action = "indicator.set_round"
    list_display = ["year", "semester", "due_on", "remind_working_days"]


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    """Read-only: values change only through the audited actions (entry, verification, computation)."""

    list_display = ["indicator", "jurisdiction", "year", "semester", "value", "status"]
    list_filter = ["status", "year", "indicator__program"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
