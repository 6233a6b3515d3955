from django import template
from django.utils import timezone

from baruga.lib.masking import mask_personal_data
from baruga.lib.textsearch import snippet

register = template.Library()


@register.filter
def mask(text):
    return mask_personal_data(text)


@register.filter
def unit_name(event):
    """The unit that acted, never the officer."""
    if event.agency_id:
        return event.agency.name
    if event.jurisdiction_id:
        return event.jurisdiction.name
    return ""


@register.filter
def is_overdue(report):
    return report.due_at is not None and report.due_at < timezone.now()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0)


@register.filter
def highlight(text, q):
    """An escaped excerpt of `text` with the words matching the search `q` in <mark> (lib/textsearch.py)."""
    return snippet(text, q)
