from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "baruga.federation"
    label = "federation"
    verbose_name = _("Federasi antarinstansi")

    def ready(self):
        from django.db.models.signals import post_save

        from baruga.complaints import workflow
        from baruga.complaints.models import ReportEvent
        from baruga.federation import checks, outbox  # noqa: F401  (checks: registers the system checks)

        post_save.connect(outbox.on_report_event, sender=ReportEvent, dispatch_uid="federation.on_report_event")
        # A report handed to a peer stays TRANSFERRED here; its progress there is recorded as this entry.
        workflow.HISTORY_LABELS.setdefault(outbox.REMOTE_UPDATE, _("Perkembangan di instansi tujuan"))
        workflow.REASONS_SHOWN_TO_REPORTER = workflow.REASONS_SHOWN_TO_REPORTER | {outbox.REMOTE_UPDATE}
