"""The notifications API: the caller's own notification centre and preferences.

Mounted by `baruga.api` with ``api.add_router("/", "baruga.notifications.api.router")``. Session authentication
(`baruga.api_auth.session_auth`: unsafe methods need ``X-CSRFToken``), errors in the API's one shape.
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema

from baruga.lib.api_fields import NATIONAL_PHONE, Flag, Input

from baruga.api_auth import session_auth
from baruga.api_errors import ApiError, invalid, not_found, responses
from baruga.notifications import inbox, selectors

router = Router(tags=["notifications"], auth=session_auth)


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    report: str | None = Field(None, description="The report's tracking number, if the notification is about one.")
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationList(Schema):
    unread_count: int
    items: list[NotificationOut]


class NotificationFilters(Schema):
    unread: bool | None = Field(None, description="true: only unread; false: only read; absent: all.")
    limit: int = Field(50, ge=1, le=200)
    before: int | None = Field(None, description="Cursor: only notifications with a smaller id (older).")


class PreferencesSchema(Input):
    email_enabled: Flag
    digest_daily: Flag
    gateway_enabled: Flag
    gateway_phone: str = Field("", max_length=20, pattern=NATIONAL_PHONE)
    language: Literal["id", "en"]

    # The service's rule, stated for clients: SMS/WhatsApp needs a number.
    model_config = {"json_schema_extra": {
        "if": {"properties": {"gateway_enabled": {"const": True}}},
        "then": {"properties": {"gateway_phone": {"minLength": 1}}},
    }}


def _out(n):
    return NotificationOut(id=n.pk, kind=n.kind, kind_label=str(n.get_kind_display()), title=n.title, body=n.body,
                           report=n.report.tracking_id if n.report_id else None, created_at=n.created_at,
                           read_at=n.read_at)


def _preferences_out(p):
    return PreferencesSchema(email_enabled=p.email_enabled, digest_daily=p.digest_daily,
                             gateway_enabled=p.gateway_enabled, gateway_phone=p.gateway_phone, language=p.language)


@router.get("/notifications", response=NotificationList)
def list_notifications(request, filters: Query[NotificationFilters]):
    """The caller's notifications, newest first (`before` pages back)."""
    qs = selectors.notifications_for(request.auth, unread=filters.unread).select_related("report")
    if filters.before is not None:
        qs = qs.filter(pk__lt=filters.before)
    items = [_out(n) for n in qs.order_by("-id")[: filters.limit]]
    return NotificationList(unread_count=inbox.unread_count(request.auth), items=items)


@router.post("/notifications/{notification_id}/read", response=responses(NotificationOut, 404))
def mark_read(request, notification_id: int):
    """Mark one of the caller's notifications read (404 for anyone else's)."""
    notification = selectors.own(request.auth, notification_id)
    if notification is None:
        raise not_found()
    return _out(inbox.mark_read(user=request.auth, notification=notification))


@router.get("/notifications/preferences", response=PreferencesSchema)
def get_preferences(request):
    return _preferences_out(inbox.preference_of(request.auth))


@router.put("/notifications/preferences", response=responses(PreferencesSchema, 400, 409))
def put_preferences(request, payload: PreferencesSchema):
    """Replace the caller's preferences (a gateway phone is normalised to +62…)."""
    try:
        preference = inbox.save_preferences(user=request.auth, **payload.model_dump())
    except inbox.GatewayUnavailable as exc:
        raise ApiError(409, "refused", " ".join(exc.messages)) from None
    except ValidationError as exc:
        raise invalid(" ".join(exc.messages)) from None
    return _preferences_out(preference)
