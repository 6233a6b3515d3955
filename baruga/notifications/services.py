"""Notifying people. `notify_staff` is the one entry point for staff notifications.

Each (recipient, dedupe_key) pair is stored once (a unique constraint), so a sweep that runs twice,
or on two workers at once, notifies each person once per cause.
"""

from django.db import IntegrityError, transaction

from baruga.accounts.models import Membership, Role
from baruga.notifications.models import Notification


def notify_staff(*, recipients, kind, report, title, body="", dedupe_key):
    """Create one notification per recipient for this cause; returns the ones newly created."""
    created = []
    for user in {u.pk: u for u in recipients}.values():
        try:
            with transaction.atomic():
                created.append(Notification.objects.create(
                    recipient=user, kind=kind, report=report, title=title[:200], body=body, dedupe_key=dedupe_key,
                ))
        except IntegrityError:
            continue  # this person was already notified of this cause
    return created


def members(*, roles, jurisdiction_id=None, agency_id=None, lead_only=False):
    """Active users holding one of `roles` over the given jurisdiction or agency."""
    qs = Membership.objects.filter(role__in=roles, user__is_active=True).select_related("user")
    if jurisdiction_id is not None:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if lead_only:
        qs = qs.filter(is_lead=True)
    return [m.user for m in qs]


def agency_staff(agency_id):
    return members(roles=[Role.SUBADMIN, Role.HEAD], agency_id=agency_id)


def agency_heads(agency_id):
    return members(roles=[Role.HEAD], agency_id=agency_id)


def jurisdiction_admins(jurisdiction_id, *, lead_only=False):
    return members(roles=[Role.ADMIN], jurisdiction_id=jurisdiction_id, lead_only=lead_only)


def jurisdiction_leaders(jurisdiction_id):
    return members(roles=[Role.LEADER], jurisdiction_id=jurisdiction_id)


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
