"""Signal hooks: every new ReportEvent (a report changed, inside the action's transaction) syncs the
report's contribution to the rollups; a deleted report takes its contribution out. Either way the
dashboards' kept figures of the report's month are stale (`figcache`)."""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from baruga.complaints.models import Report, ReportEvent
from baruga.stats import figcache, rollups


@receiver(post_save, sender=ReportEvent, dispatch_uid="stats.report_event")
def on_report_event(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        if getattr(instance.report, "_just_filed", False) and instance.action == "submit":
            rollups.sync_new_report(instance.report)
        else:
            rollups.sync_report(instance.report_id)
        figcache.report_changed(instance.report)


@receiver(pre_delete, sender=Report, dispatch_uid="stats.report_deleted")
def on_report_deleted(sender, instance, **kwargs):
    rollups.forget_report(instance.pk)
    figcache.report_changed(instance)
