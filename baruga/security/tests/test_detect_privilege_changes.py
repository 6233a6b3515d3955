"""Privilege changes raise events: roles granted or revoked, is_staff / is_superuser, permissions."""

from django.contrib.auth.models import Permission

from baruga.accounts.models import Membership, Role, User
from baruga.security.models import SecurityEvent


def _privilege_events():
    return SecurityEvent.objects.filter(kind="privilege_change").order_by("id")


def test_a_role_granted_and_revoked_raises_two_medium_events(cast):
    SecurityEvent.objects.all().delete()
    membership = Membership.objects.create(user=cast.ayu, role=Role.ADMIN, jurisdiction=cast.gowa)
    membership.delete()
    grant, revoke = _privilege_events()
    assert (grant.severity, grant.details["change"], grant.details["account_id"]) == (
        "medium", "membership.grant", cast.ayu.pk)
    assert grant.details["role"] == "admin" and grant.details["jurisdiction_id"] == cast.gowa.pk
    assert (revoke.severity, revoke.details["change"]) == ("medium", "membership.revoke")


def test_making_an_account_superuser_is_a_high_event(cast):
    SecurityEvent.objects.all().delete()
    cast.ayu.is_superuser = True
    cast.ayu.save()
    event = _privilege_events().get()
    assert event.severity == "high"
    assert event.details["flags"] == {"is_superuser": [False, True]}


def test_is_staff_granted_or_revoked_is_medium(cast):
    SecurityEvent.objects.all().delete()
    cast.ayu.is_staff = True
    cast.ayu.save()
    cast.ayu.is_staff = False
    cast.ayu.save()
    assert [e.severity for e in _privilege_events()] == ["medium", "medium"]


def test_saving_an_account_without_changing_its_flags_raises_nothing(cast):
    SecurityEvent.objects.all().delete()
    cast.ayu.first_name = "Ayu Lestari"
    cast.ayu.save()
    cast.ayu.save(update_fields=["last_login"])
    assert not _privilege_events().exists()


def test_a_permission_granted_to_an_account_is_an_event(cast):
    SecurityEvent.objects.all().delete()
    cast.ayu.user_permissions.add(Permission.objects.get(codename="view_securityevent"))
    event = _privilege_events().get()
    assert event.details["change"] == "user.permissions" and event.details["account_id"] == cast.ayu.pk


def test_a_new_superuser_is_recorded(db):
    User.objects.create_superuser("root", "root@contoh.id", "x")
    event = _privilege_events().get()
    assert event.details["change"] == "user.create_privileged" and event.severity == "medium"


def test_a_high_privilege_event_notifies_but_leaves_the_audit_to_the_admin(cast):
    from baruga.audit.models import AuditEntry
    from baruga.notifications.models import Notification
    from baruga.security.tests.officers import make_officer

    sari = make_officer()
    cast.ayu.is_superuser = True
    cast.ayu.save()
    assert Notification.objects.filter(recipient=sari, kind="escalation").count() == 1
    assert not AuditEntry.objects.filter(action="security.event").exists()
