from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "baruga.federation"
    label = "federation"
    verbose_name = _("Federasi antarinstansi")

    def ready(self):
        from baruga.federation import checks  # noqa: F401  (registers the system checks)
