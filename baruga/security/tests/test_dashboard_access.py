"""Only the security officer (and superusers) may see the dashboard; for everyone else it does not exist."""

import pytest

from baruga.accounts.models import User
from baruga.security.tests.officers import make_officer

PAGES = ["/keamanan/", "/keamanan/insiden/baru/"]


@pytest.mark.parametrize("who", ["ayu", "eko", "citra", "budi", "indah"])
def test_citizens_and_staff_without_the_permission_get_404(client, cast, who):
    client.force_login(getattr(cast, who))
    for page in PAGES:
        assert client.get(page).status_code == 404, page


def test_an_is_staff_account_without_the_permission_gets_404(client, db):
    client.force_login(User.objects.create_user("operator", is_staff=True))
    assert client.get("/keamanan/").status_code == 404


def test_anonymous_visitors_get_404(client, db):
    assert client.get("/keamanan/").status_code == 404


def test_the_officer_and_a_superuser_see_it(client, db):
    client.force_login(make_officer())
    for page in PAGES:
        assert client.get(page).status_code == 200, page
    client.force_login(User.objects.create_superuser("root", "root@contoh.id", "x"))
    assert client.get("/keamanan/").status_code == 200


def test_an_officer_may_not_lift_a_lock_out(client, db):
    client.force_login(make_officer())
    assert client.post("/keamanan/buka-kunci/", {"username": "eko"}).status_code == 404


def test_a_staff_member_cannot_acknowledge_events(client, cast):
    from baruga.security.models import SecurityEvent

    event = SecurityEvent.objects.create(kind="mass_download", severity="high")
    client.force_login(cast.citra)
    assert client.post(f"/keamanan/peristiwa/{event.pk}/tandai/").status_code == 404
    event.refresh_from_db()
    assert event.acknowledged_at is None
