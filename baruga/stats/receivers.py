"""A deleted report takes its contribution out of the rollups (the Django admin, tests; no action deletes
reports), and the dashboards' kept figures of its month are stale. Changes are not signals: they reach
the rollups through the stats step of `complaints.events` (`stats/steps.py`)."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from baruga.complaints.models import Report
from baruga.stats import figcache, rollups


@receiver(pre_delete, sender=Report, dispatch_uid="stats.report_deleted")
def on_report_deleted(sender, instance, **kwargs):
    rollups.forget_report(instance.pk)
    figcache.report_changed(instance)
