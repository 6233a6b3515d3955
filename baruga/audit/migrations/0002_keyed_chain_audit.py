from django.db import migrations, models


class Migration(migrations.Migration):
    """Keyed chaining: entries and checkpoints name the audit key that signed them.

    Existing rows keep an empty key id: they are the legacy (SHA-256) part of the chain, anchored
    once by the first `audit_seal` after the upgrade (docs/audit.md, "Cut-over").
    """

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(blank=True, max_length=16, verbose_name="kunci"),
        ),
        migrations.AddField(
            model_name="auditcheckpoint",
            name="count",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="jumlah entri"),
        ),
        migrations.AddField(
            model_name="auditcheckpoint",
            name="legacy_through",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="auditcheckpoint",
            name="key_id",
            field=models.CharField(blank=True, max_length=16, verbose_name="kunci"),
        ),
        migrations.AddField(
            model_name="auditcheckpoint",
            name="signature",
            field=models.CharField(blank=True, max_length=64),
        ),
    ]
