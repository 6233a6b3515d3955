"""The dashboard: counts per severity and kind for 24 hours and 7 days, events to acknowledge, lock-outs."""

import datetime as dt

from django.utils import timezone

from baruga.accounts.models import User
from baruga.accounts.tests.helpers import password_login
from baruga.security.models import SecurityEvent
from baruga.security.tests.officers import make_officer


def _event(kind, severity, days_ago=0.0):
    event = SecurityEvent.objects.create(kind=kind, severity=severity)
    SecurityEvent.objects.filter(pk=event.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
    return event


def _row(page, css_class):
    start = page.index(f'class="{css_class}"')
    return page[start:page.index("</tr>", start)]


def test_the_counts_split_24_hours_and_7_days(client, db):
    _event("mass_download", "high")
    _event("mass_download", "high", days_ago=3)
    _event("tracking_enumeration", "medium", days_ago=0.5)
    _event("tracking_enumeration", "medium", days_ago=10)  # too old for either
    client.force_login(make_officer())
    SecurityEvent.objects.filter(kind="privilege_change").delete()  # making the officer raised some
    page = client.get("/keamanan/").text
    assert "<td>1</td><td>2</td>" in _row(page, "severity-high")
    assert "<td>1</td><td>1</td>" in _row(page, "severity-medium")
    assert "<td>1</td><td>2</td>" in _row(page, "kind-mass_download")


def test_an_officer_acknowledges_an_event(client, db):
    event = _event("mass_download", "high")
    officer = make_officer()
    client.force_login(officer)
    response = client.post(f"/keamanan/peristiwa/{event.pk}/tandai/")
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.acknowledged_by == officer and event.acknowledged_at is not None
    assert "ditangani sari" in client.get("/keamanan/").text


def test_locked_out_accounts_and_addresses_are_listed_and_a_superuser_unlocks_them(client, cast):
    for _ in range(5):
        password_login(client, "eko", password="bukan-kata-sandinya-9", REMOTE_ADDR="198.51.100.7")
    root = User.objects.create_superuser("root", "root@contoh.id", "x")
    client.force_login(root)
    page = client.get("/keamanan/").text
    assert "<code>eko</code>" in page and "<code>198.51.100.7</code>" in page
    client.post("/keamanan/buka-kunci/", {"username": "eko"})
    client.logout()
    assert password_login(client, "eko", REMOTE_ADDR="192.0.2.1").status_code == 302
