from django import template
from django.utils import timezone

from baruga.complaints import workflow
from baruga.lib.masking import mask_personal_data

register = template.Library()


@register.filter
def mask(text):
    return mask_personal_data(text)


@register.filter
def history_label(event):
    return workflow.HISTORY_LABELS.get(event.action, event.action)


@register.filter
def unit_name(event):
    """The unit that acted, never the officer."""
    if event.agency_id:
        return event.agency.name
    if event.jurisdiction_id:
        return event.jurisdiction.name
    return ""


@register.filter
def public_history(events):
    return [e for e in events if e.action not in workflow.INTERNAL_EVENTS]


@register.filter
def reason_for_reporter(event):
    return event.reason if event.action in workflow.REASONS_SHOWN_TO_REPORTER else ""


@register.filter
def is_overdue(report):
    return report.due_at is not None and report.due_at < timezone.now()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0)


@register.filter
def highlight(text, q):
    """An escaped excerpt of `text` with the words matching the search `q` in <mark> (lib/textsearch.py)."""
    from baruga.lib.textsearch import snippet

    return snippet(text, q)
