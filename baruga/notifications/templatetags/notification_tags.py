from django import template

from baruga.notifications import inbox

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context):
    """The nav badge: one COUNT on the (recipient, read_at) index."""
    user = context.get("user")
    return inbox.unread_count(user) if user is not None and user.is_authenticated else 0
