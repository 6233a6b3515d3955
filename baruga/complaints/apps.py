from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "baruga.complaints"
    label = "complaints"

    def ready(self):
        from django.db.models.signals import post_save

        from baruga.complaints import counts
        from baruga.complaints.models import ReportEvent

        post_save.connect(counts.report_changed, sender=ReportEvent, dispatch_uid="complaints.counts")
