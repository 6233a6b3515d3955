"""`{% calendar_notice %}`: the calendar's estimates and the next year's SKB, for administrators.

Shown on the staff inbox (the page staff land on after signing in) to instance administrators and
to an administrator of any jurisdiction.
"""

from django import template

from baruga.accounts.models import Role
from baruga.clocks import calendar

register = template.Library()


@register.inclusion_tag("clocks/includes/calendar_notice.html", takes_context=True)
def calendar_notice(context):
    user = context.get("user")
    if not getattr(user, "is_authenticated", False):
        return {"show": False}
    memberships = getattr(user, "_baruga_memberships", None)  # read by the inbox already: no second query
    if memberships is None:
        is_admin = user.memberships.filter(role=Role.ADMIN).exists()
    else:
        is_admin = any(m.role == Role.ADMIN for m in memberships)
    is_admin = is_admin or user.is_superuser
    if not is_admin:
        return {"show": False}
    status = calendar.calendar_status()
    soon = status.estimates_within(calendar.NOTICE_DAYS)
    return {"show": bool(soon) or status.remind, "status": status, "soon": soon,
            "can_load": getattr(user, "is_staff", False)}
