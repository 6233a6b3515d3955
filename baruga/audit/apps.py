from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "baruga.audit"
    label = "audit"
    verbose_name = _("Jejak audit")

    def ready(self):
        from baruga.audit import keys, receivers  # noqa: F401  (the key check; the login-failure receiver)
