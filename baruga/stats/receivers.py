"""Signal hooks: every new ReportEvent (a report changed, inside the action's transaction) syncs the
report's contribution to the rollups; a deleted report takes its contribution out. Either way the
dashboards' kept figures of the report's month are stale (`figcache`).

A report just filed is added on `report_filed`, the filing's last step, not on its first event: the
upserts lock rows every filing of that jurisdiction and month shares, until COMMIT."""

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from baruga.complaints.models import Report, ReportEvent
from baruga.complaints.signals import report_filed
from baruga.stats import figcache, rollups


@receiver(post_save, sender=ReportEvent, dispatch_uid="stats.report_event")
def on_report_event(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        if getattr(instance.report, "_just_filed", False) and instance.action == "submit":
            return  # on_report_filed, at the end of the filing
        rollups.sync_report(instance.report_id)
        figcache.report_changed(instance.report)


@receiver(report_filed, dispatch_uid="stats.report_filed")
def on_report_filed(sender, report, **kwargs):
    rollups.sync_new_report(report)
    figcache.report_changed(report)


@receiver(pre_delete, sender=Report, dispatch_uid="stats.report_deleted")
def on_report_deleted(sender, instance, **kwargs):
    rollups.forget_report(instance.pk)
    figcache.report_changed(instance)
