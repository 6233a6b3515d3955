"""The SMS/WhatsApp number of a notification preference encrypted at rest (existing rows too; reversible)."""

from django.db import migrations

import baruga.lib.crypto
from baruga.lib import crypto


def encrypt_numbers(apps, schema_editor):
    crypto.encrypt_existing(apps.get_model("notifications", "Preference"), schema_editor.connection)


def decrypt_numbers(apps, schema_editor):
    crypto.decrypt_existing(apps.get_model("notifications", "Preference"), schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0005_outbox_report_email'),
    ]

    operations = [
        migrations.AlterField(
            model_name='preference',
            name='gateway_phone',
            field=baruga.lib.crypto.EncryptedCharField(blank=True, max_length=20, verbose_name='nomor SMS/WhatsApp'),
        ),
        migrations.RunPython(encrypt_numbers, decrypt_numbers, elidable=False),
    ]
