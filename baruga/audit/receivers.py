"""Events recorded without an action function of ours: failed logins (Django's signal)."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.utils.crypto import salted_hmac

from baruga.audit import services


@receiver(user_login_failed, dispatch_uid="baruga.audit.login_failed")
def record_failed_login(sender, credentials, request=None, **kwargs):
    # The attempted username is kept as a keyed digest: repeated attempts on one account show up
    # together, yet the trail holds no username (possibly someone's e-mail) in clear.
    username = str(credentials.get("username") or "").strip().lower()
    digest = salted_hmac("baruga.audit.login", username, algorithm="sha256").hexdigest()[:16] if username else ""
    services.record(actor=AnonymousUser(), action="login.failed", details={"username_digest": digest}, request=request)
