"""An anonim report filed with an account no longer names it in clear: the account moves from
`reporter` to `sealed_reporter` (encrypted "user:<id>", blind index), and the reporter's own history
entries and attachments of such a report stop naming the account (actor / uploaded_by emptied: the
application shows them as the reporter's, as for a guest).

Reversible for the link itself (`reporter` is filled again from the sealed value); the emptied actor
of the reporter's history entries and attachments is not restored.
"""

from django.db import migrations

import baruga.lib.crypto
from baruga.lib import crypto

PREFIX = "user:"


def seal(apps, schema_editor):
    Report = apps.get_model("complaints", "Report")
    ReportEvent = apps.get_model("complaints", "ReportEvent")
    Attachment = apps.get_model("complaints", "Attachment")
    for pk, user_id in Report.objects.filter(is_anonymous=True, reporter__isnull=False).values_list("pk",
                                                                                                  "reporter_id"):
        value = f"{PREFIX}{user_id}"
        Report.objects.filter(pk=pk).update(reporter=None, sealed_reporter=value,
                                            sealed_reporter_index=crypto.blind_index("exact", value))
        ReportEvent.objects.filter(report_id=pk, actor_id=user_id).update(actor=None)
        Attachment.objects.filter(report_id=pk, uploaded_by_id=user_id).update(uploaded_by=None)
    _check_now(schema_editor)


def unseal(apps, schema_editor):
    Report = apps.get_model("complaints", "Report")
    for report in Report.objects.exclude(sealed_reporter="").only("pk", "sealed_reporter"):
        user_id = int(report.sealed_reporter.removeprefix(PREFIX))
        Report.objects.filter(pk=report.pk).update(reporter_id=user_id, sealed_reporter="",
                                                   sealed_reporter_index="")
    _check_now(schema_editor)


def _check_now(schema_editor):
    """PostgreSQL: check the deferred foreign keys of the rows just written now, so the ALTER TABLE of
    this migration's next operation is allowed ("pending trigger events")."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0015_event_action'),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='sealed_reporter',
            field=baruga.lib.crypto.EncryptedTextField(blank=True, default=''),
        ),
        migrations.AddField(
            model_name='report',
            name='sealed_reporter_index',
            field=baruga.lib.crypto.BlindIndexField(kind='exact', source='sealed_reporter'),
        ),
        migrations.RunPython(seal, unseal, elidable=False),
    ]
