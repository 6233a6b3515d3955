"""Signals that feed the detection rules: failed sign-ins, lock-outs (django-axes), privilege changes."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from baruga.accounts.models import Membership
from baruga.security import detection
from baruga.security.models import Severity

User = get_user_model()
FLAGS = ("is_staff", "is_superuser")


@receiver(user_login_failed, dispatch_uid="baruga.security.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    detection.login_failed(request, str(credentials.get("username") or ""))


@receiver(user_locked_out, dispatch_uid="baruga.security.locked_out")
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    detection.account_locked(request, username, ip_address)


def _membership_details(membership):
    return {"role": membership.role, "jurisdiction_id": membership.jurisdiction_id,
            "agency_id": membership.agency_id}


@receiver(post_save, sender=Membership, dispatch_uid="baruga.security.membership_saved")
def on_membership_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        detection.privilege_changed(user_id=instance.user_id, change="membership.grant",
                                    **_membership_details(instance))


@receiver(post_delete, sender=Membership, dispatch_uid="baruga.security.membership_deleted")
def on_membership_deleted(sender, instance, **kwargs):
    detection.privilege_changed(user_id=instance.user_id, change="membership.revoke",
                                **_membership_details(instance))


@receiver(pre_save, sender=User, dispatch_uid="baruga.security.user_flags_before")
def remember_flags(sender, instance, raw=False, update_fields=None, **kwargs):
    """The flags as stored, before the save; skipped for saves that cannot touch them (last_login)."""
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & set(FLAGS)):
        return
    instance._baruga_flags_before = User._default_manager.filter(pk=instance.pk).values(*FLAGS).first()


@receiver(post_save, sender=User, dispatch_uid="baruga.security.user_flags_after")
def on_user_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        if instance.is_superuser or instance.is_staff:
            detection.privilege_changed(user_id=instance.pk, change="user.create_privileged",
                                        is_staff=instance.is_staff, is_superuser=instance.is_superuser)
        return
    before = getattr(instance, "_baruga_flags_before", None)
    instance._baruga_flags_before = None
    if not before:
        return
    changed = {flag: [before[flag], getattr(instance, flag)] for flag in FLAGS if before[flag] != getattr(instance, flag)}
    if changed:
        superuser_granted = changed.get("is_superuser") == [False, True]
        detection.privilege_changed(user_id=instance.pk, change="user.flags", flags=changed,
                                    severity=Severity.HIGH if superuser_granted else Severity.MEDIUM)


def _m2m_handler(change):
    def handler(sender, instance, action, pk_set=None, reverse=False, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if isinstance(instance, Group):
            detection.privilege_changed(user_id=None, change=change, group_id=instance.pk,
                                        action=action.removeprefix("post_"), ids=sorted(pk_set or []))
        elif isinstance(instance, User):
            detection.privilege_changed(user_id=instance.pk, change=change, action=action.removeprefix("post_"),
                                        ids=sorted(pk_set or []))
    return handler


on_user_permissions = _m2m_handler("user.permissions")
on_user_groups = _m2m_handler("user.groups")
on_group_permissions = _m2m_handler("group.permissions")
m2m_changed.connect(on_user_permissions, sender=User.user_permissions.through,
                    dispatch_uid="baruga.security.user_permissions")
m2m_changed.connect(on_user_groups, sender=User.groups.through, dispatch_uid="baruga.security.user_groups")
m2m_changed.connect(on_group_permissions, sender=Group.permissions.through,
                    dispatch_uid="baruga.security.group_permissions")
