"""Template filters over a report's history entries that follow the complaint lifecycle (`workflow`)."""

from django import template

from baruga.complaints import workflow

register = template.Library()


@register.filter
def history_label(event):
    return workflow.HISTORY_LABELS.get(event.action, event.action)


@register.filter
def public_history(events):
    return [e for e in events if e.action not in workflow.INTERNAL_EVENTS]


@register.filter
def reason_for_reporter(event):
    return event.reason if event.action in workflow.REASONS_SHOWN_TO_REPORTER else ""
