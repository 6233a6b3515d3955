"""The notifications JSON API: the caller's own notifications and preferences."""

import json

import pytest

from baruga.notifications import inbox, staff
from baruga.notifications.models import Notification, Preference

pytestmark = pytest.mark.urls("baruga.notifications.tests.urls")
API = "/api/v1/notifications"


def _notify(user, title, key):
    return staff.notify_staff(recipients=[user], kind=Notification.Kind.REMINDER, report=None, title=title,
                                 dedupe_key=key)[0]


def _put(client, data):
    return client.put(f"{API}/preferences", data=json.dumps(data), content_type="application/json")


def test_the_api_lists_the_callers_notifications_and_filters_unread(client, cast, dispatched_report):
    read = _notify(cast.eko, "Sudah dibaca", "uji:1")
    inbox.mark_read(user=cast.eko, notification=read)
    _notify(cast.gita, "Milik Gita", "uji:2")
    client.force_login(cast.eko)
    everything = client.get(API).json()
    assert {n["title"] for n in everything["items"]} >= {"Sudah dibaca"}
    assert "Milik Gita" not in {n["title"] for n in everything["items"]}
    unread = client.get(API, {"unread": "true"}).json()
    assert unread["unread_count"] == 1
    item, = unread["items"]
    assert item["kind"] == "dispatched" and item["report"] == dispatched_report.tracking_id and item["read_at"] is None


def test_marking_read_through_the_api_and_never_someone_elses(client, cast):
    mine, gitas = _notify(cast.eko, "Milik Eko", "uji:1"), _notify(cast.gita, "Milik Gita", "uji:2")
    client.force_login(cast.eko)
    response = client.post(f"{API}/{mine.pk}/read")
    assert response.status_code == 200 and response.json()["read_at"]
    refused = client.post(f"{API}/{gitas.pk}/read")
    assert refused.status_code == 404 and refused.json()["code"] == "not_found"
    gitas.refresh_from_db()
    assert gitas.read_at is None


def test_preferences_are_read_and_replaced(client, cast):
    client.force_login(cast.eko)
    assert client.get(f"{API}/preferences").json() == {
        "email_enabled": True, "digest_daily": False, "gateway_enabled": False, "gateway_phone": "", "language": "id"}
    response = _put(client, {"email_enabled": True, "digest_daily": True, "gateway_enabled": False,
                             "language": "en"})
    assert response.status_code == 200 and response.json()["language"] == "en"
    assert Preference.objects.get(user=cast.eko).digest_daily


def test_invalid_preferences_are_refused(client, cast, settings):
    settings.NOTIFY_GATEWAY_URL = ""
    client.force_login(cast.eko)
    wrong_language = _put(client, {"email_enabled": True, "digest_daily": False, "gateway_enabled": False,
                                   "language": "fr"})
    assert wrong_language.status_code == 422
    no_gateway = _put(client, {"email_enabled": True, "digest_daily": False, "gateway_enabled": True,
                               "gateway_phone": "081234567890", "language": "id"})
    assert no_gateway.status_code == 409 and no_gateway.json()["code"] == "refused"
    assert not Preference.objects.exists()


def test_the_api_needs_a_session(client, db):
    response = client.get(API)
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
