"""Configuration errors of the notification channels, reported by `manage.py check`."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def gateway_settings(app_configs, **kwargs):
    url = getattr(settings, "NOTIFY_GATEWAY_URL", "")
    secret = getattr(settings, "NOTIFY_GATEWAY_SECRET", "")
    problems = []
    if bool(url) != bool(secret):
        problems.append(Warning(
            "Only one of NOTIFY_GATEWAY_URL and NOTIFY_GATEWAY_SECRET is set; SMS/WhatsApp stays off.",
            hint="Set both (the gateway verifies the HMAC signature with the secret) or neither.",
            id="notifications.W001",
        ))
    if url and not url.startswith(("https://", "http://")):
        problems.append(Error("NOTIFY_GATEWAY_URL must be an http(s) URL.", id="notifications.E001"))
    return problems
