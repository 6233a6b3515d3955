"""Privileges granted or taken away in the Django admin are audited: roles, flags, permissions, passwords."""

from django.contrib.auth.models import Group, Permission

from baruga.accounts.models import Membership, Role, User
from baruga.audit.models import AuditEntry

MEMBERSHIPS = "/admin/accounts/membership/"


def _user_url(user):
    return f"/admin/accounts/user/{user.pk}/change/"


def _user_form(user, memberships=(), extra_memberships=(), **changes):
    """The POST of the user change page, with the memberships inline."""
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
        "phone": user.phone, "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"), "last_login_0": "", "last_login_1": "",
        "memberships-TOTAL_FORMS": str(len(memberships) + len(extra_memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)), "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for flag in ("is_active", "is_staff", "is_superuser"):
        if changes.pop(flag, getattr(user, flag)):
            data[flag] = "on"
    rows = [(m, {"id": m.pk, "role": m.role, "jurisdiction": m.jurisdiction_id or "", "agency": m.agency_id or ""})
            for m in memberships] + [(None, row) for row in extra_memberships]
    for i, (_m, row) in enumerate(rows):
        for key, value in row.items():
            data[f"memberships-{i}-{key}"] = "" if value is None else str(value)
        data[f"memberships-{i}-user"] = str(user.pk)
    data.update(changes)
    return data


def test_a_role_granted_on_the_membership_page_is_audited(admin_client, admin_user, cast):
    response = admin_client.post(f"{MEMBERSHIPS}add/", {"user": cast.ayu.pk, "role": Role.ADMIN,
                                                         "jurisdiction": cast.gowa.pk, "agency": ""})
    assert response.status_code == 302
    membership = Membership.objects.get(user=cast.ayu)
    entry = AuditEntry.objects.get(action="membership.grant")
    assert (entry.actor, entry.actor_label, entry.target_type, entry.target_id, entry.jurisdiction_ref) == (
        admin_user, "admin", "accounts.membership", str(membership.pk), "73.06")
    assert entry.details == {"membership_id": membership.pk, "user_id": cast.ayu.pk, "role": "admin",
                             "jurisdiction_id": cast.gowa.pk, "agency_id": None, "is_lead": False}


def test_a_role_changed_and_revoked_on_the_membership_page_is_audited(admin_client, cast):
    membership = Membership.objects.get(user=cast.citra)
    admin_client.post(f"{MEMBERSHIPS}{membership.pk}/change/", {
        "user": cast.citra.pk, "role": Role.ADMIN, "jurisdiction": cast.makassar.pk, "agency": "", "is_lead": "on"})
    change = AuditEntry.objects.get(action="membership.change")
    assert change.details["is_lead"] is True and change.details["before"]["is_lead"] is False
    admin_client.post(f"{MEMBERSHIPS}{membership.pk}/delete/", {"post": "yes"})
    revoke = AuditEntry.objects.get(action="membership.revoke")
    assert revoke.target_id == str(membership.pk) and revoke.details["role"] == "admin"
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_roles_revoked_in_bulk_are_each_audited(admin_client, cast):
    ids = list(Membership.objects.filter(user__in=[cast.eko, cast.fajar]).values_list("pk", flat=True))
    admin_client.post(MEMBERSHIPS, {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    revoked = sorted(int(e.target_id) for e in AuditEntry.objects.filter(action="membership.revoke"))
    assert revoked == sorted(ids)


def test_roles_granted_and_revoked_inline_on_the_user_and_the_superuser_flag_are_audited(admin_client, cast):
    eko = cast.eko
    current = list(eko.memberships.all())
    response = admin_client.post(_user_url(eko), _user_form(
        eko, memberships=current, extra_memberships=[{"role": Role.HEAD, "agency": cast.disdik.pk, "jurisdiction": ""}],
        is_superuser=True, **{"memberships-0-DELETE": "on"}))
    assert response.status_code == 302, response.context["adminform"].form.errors
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["membership.grant", "membership.revoke", "user.privilege_change"]
    assert AuditEntry.objects.get(action="membership.grant").details["agency_id"] == cast.disdik.pk
    assert AuditEntry.objects.get(action="membership.revoke").target_id == str(current[0].pk)
    flags = AuditEntry.objects.get(action="user.privilege_change")
    assert flags.details == {"is_superuser": [False, True]} and flags.target_id == str(eko.pk)


def test_granting_the_audit_permission_is_audited(admin_client, cast):
    permission = Permission.objects.get(content_type__app_label="audit", codename="view_auditentry")
    officers = Group.objects.create(name="Petugas keamanan")
    citra = cast.citra
    response = admin_client.post(_user_url(citra), _user_form(
        citra, memberships=list(citra.memberships.all()), user_permissions=[permission.pk], groups=[officers.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="user.permissions_change")
    assert entry.details == {"permissions": {"added": ["audit.view_auditentry"], "removed": []},
                             "groups": {"added": ["Petugas keamanan"], "removed": []}}


def test_a_groups_permissions_changed_in_the_admin_are_audited(admin_client, cast):
    permission = Permission.objects.get(content_type__app_label="audit", codename="view_auditentry")
    officers = Group.objects.create(name="Petugas keamanan")
    admin_client.post(f"/admin/auth/group/{officers.pk}/change/", {"name": officers.name, "permissions": [permission.pk]})
    entry = AuditEntry.objects.get(action="group.permissions_change")
    assert entry.details == {"group": "Petugas keamanan", "permissions": {"added": ["audit.view_auditentry"],
                                                                          "removed": []}}


def test_a_user_created_and_a_password_set_by_an_admin_are_audited(admin_client, cast):
    admin_client.post("/admin/accounts/user/add/", {
        "username": "baru", "password1": "sandi-yang-panjang-99", "password2": "sandi-yang-panjang-99",
        "usable_password": "true", "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    created = User.objects.get(username="baru")
    assert AuditEntry.objects.get(action="user.create").target_id == str(created.pk)
    admin_client.post(f"/admin/accounts/user/{cast.citra.pk}/password/", {
        "password1": "sandi-baru-yang-panjang-1", "password2": "sandi-baru-yang-panjang-1"})
    entry = AuditEntry.objects.get(action="user.password_set")
    assert entry.target_id == str(cast.citra.pk) and "sandi" not in str(entry.details)
