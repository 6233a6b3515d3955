"""Assessments in the Django admin, read only: every change goes through `baruga.spbe.actions`."""

from django.contrib import admin

from baruga.spbe.models import Answer, Assessment, Event


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["indicator_code", "level", "review", "review_note", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnly):
    list_display = ["jurisdiction", "year", "state", "index", "predikat", "instrument_code"]
    list_filter = ["year", "state"]
    search_fields = ["jurisdiction__name", "jurisdiction__code"]
    inlines = [AnswerInline]


@admin.register(Event)
class EventAdmin(ReadOnly):
    list_display = ["created_at", "assessment", "action", "indicator_code", "actor"]
    list_filter = ["action"]
