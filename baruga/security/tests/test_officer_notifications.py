"""A high event notifies every security officer and is written to the audit trail; a medium one is not."""

from baruga.audit.models import AuditEntry
from baruga.notifications.models import Notification
from baruga.security import detection
from baruga.security.models import SecurityEvent
from baruga.security.tests.officers import make_officer


def test_a_high_event_notifies_the_officers_and_is_audited(cast, django_capture_on_commit_callbacks):
    sari = make_officer()
    with django_capture_on_commit_callbacks(execute=True):
        event = detection.raise_event(kind=SecurityEvent.Kind.MASS_DOWNLOAD, severity="high", actor=cast.citra,
                                      ip="192.0.2.0/24", details={"downloads": 100})
    notification = Notification.objects.get(recipient=sari)
    assert notification.kind == "escalation" and notification.report is None
    assert "Unduhan/ekspor massal" in notification.title and "192.0.2.0/24" in notification.body
    assert not Notification.objects.filter(recipient__in=[cast.citra, cast.eko, cast.ayu]).exists()
    entry = AuditEntry.objects.get(action="security.event")
    assert entry.details == {"event_id": event.pk, "kind": "mass_download", "severity": "high"}


def test_a_medium_event_is_only_stored(cast):
    sari = make_officer()
    detection.raise_event(kind=SecurityEvent.Kind.TRACKING_ENUMERATION, severity="medium")
    assert not Notification.objects.filter(recipient=sari).exists()
    assert not AuditEntry.objects.filter(action="security.event").exists()


def test_the_officers_are_the_permission_holders_and_superusers(cast):
    from baruga.accounts.models import User

    sari = make_officer()
    root = User.objects.create_superuser("root", "root@contoh.id", "x")
    User.objects.create_superuser("pensiun", "p@contoh.id", "x", is_active=False)
    assert set(detection.security_officers()) == {sari, root}


def test_an_officer_with_a_role_reads_it_in_the_notification_centre(client, cast):
    from django.contrib.auth.models import Permission

    cast.citra.user_permissions.add(Permission.objects.get(codename="view_securityevent"))
    detection.raise_event(kind=SecurityEvent.Kind.CREDENTIAL_STUFFING, severity="high", ip="192.0.2.0/24")
    notification = Notification.objects.get(recipient=cast.citra)
    client.force_login(cast.citra)
    assert "Credential stuffing" in client.get("/petugas/notifikasi/").text
    assert client.get(f"/petugas/notifikasi/{notification.pk}/").status_code in (200, 302)
