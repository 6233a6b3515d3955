from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "baruga.federation"
    label = "federation"
    verbose_name = _("Federasi antarinstansi")

    def ready(self):
        from django.db.models.signals import post_save

        from baruga.complaints.models import ReportEvent
        from baruga.federation import checks, outbox  # noqa: F401  (checks: registers the system checks)

        post_save.connect(outbox.on_report_event, sender=ReportEvent, dispatch_uid="federation.on_report_event")
