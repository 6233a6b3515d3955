from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "baruga.federation"
    label = "federation"
    verbose_name = _("Federasi antarinstansi")

    def ready(self):
        from baruga.complaints import selectors as complaint_selectors
        from baruga.federation import checks  # noqa: F401  (registers the system checks)
        from baruga.federation.selectors import remote_progress

        # A transferred report's view in the complaints API shows its progress at the receiving instance.
        complaint_selectors.read_remote_progress_with(remote_progress)
