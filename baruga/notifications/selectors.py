"""Reads of notifications. A user only ever reaches their own: every query here is scoped to them."""

from django.db.models import BooleanField, ExpressionWrapper, Q

from baruga.notifications.models import Notification


def notifications_for(user, *, unread=None):
    qs = Notification.objects.filter(recipient=user)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return qs


def centre(user):
    """The notification centre: unread first, newest first; the report's tracking number in the same query."""
    return (notifications_for(user).select_related("report").only(*CENTRE_FIELDS)
            .alias(is_read=ExpressionWrapper(Q(read_at__isnull=False), output_field=BooleanField()))
            .order_by("is_read", "-created_at", "-id"))


CENTRE_FIELDS = ("kind", "title", "body", "created_at", "read_at", "recipient_id", "report__tracking_id")


def own(user, pk):
    """One of the user's notifications, or None (someone else's is as good as missing)."""
    return notifications_for(user).select_related("report").only(*CENTRE_FIELDS).filter(pk=pk).first()
