"""Sign-in signals: the login history of each account."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from baruga.accounts import history


@receiver(user_logged_in, dispatch_uid="baruga.accounts.login_history")
def record_login(sender, request, user, **kwargs):
    history.record(request, user, success=True)


@receiver(user_login_failed, dispatch_uid="baruga.accounts.login_history_failed")
def record_failed_login(sender, credentials, request=None, **kwargs):
    history.record_failed_password(request, str(credentials.get("username") or ""))
