"""Configuration errors of federation delivery, reported by `manage.py check`."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def lease_settings(app_configs, **kwargs):
    lease = float(getattr(settings, "FEDERATION_LEASE_SECONDS", 30))
    timeout = float(getattr(settings, "FEDERATION_TIMEOUT", 20))
    if lease <= timeout:
        return [Warning(
            f"FEDERATION_LEASE_SECONDS ({lease:g}) is not above FEDERATION_TIMEOUT ({timeout:g}).",
            hint="A deliverer waiting for a slow peer loses its lease; another one then sends the same "
                 "messages again. Keep the lease a few seconds above the timeout.",
            id="federation.W001",
        )]
    return []
