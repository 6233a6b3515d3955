from django import template

from baruga.ppid import workflow

register = template.Library()


@register.filter
def ppid_history_label(event):
    return workflow.HISTORY_LABELS.get(event.action, event.action)
