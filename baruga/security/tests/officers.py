"""The security officer of the detection and dashboard tests: a user holding the permission through a group."""

from django.contrib.auth.models import Group, Permission

from baruga.accounts.models import User
from conftest import PASSWORD


def make_officer(username="sari", *, membership_of=None):
    """sari, the security officer (Dinas Kominfo's persandian); `security.view_securityevent` via a group."""
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=username.title(),
                                    email=f"{username}@contoh.id")
    group, _created = Group.objects.get_or_create(name="Petugas keamanan")
    group.permissions.add(Permission.objects.get(content_type__app_label="security", codename="view_securityevent"))
    user.groups.add(group)
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions
