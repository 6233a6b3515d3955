"""The outbox's address and text are personal data: encrypted at rest, existing rows included."""

import baruga.lib.crypto
from django.db import migrations


def encrypt_outbox(apps, schema_editor):
    baruga.lib.crypto.encrypt_existing(apps.get_model("notifications", "OutboxMessage"), schema_editor.connection)


def decrypt_outbox(apps, schema_editor):
    baruga.lib.crypto.decrypt_existing(apps.get_model("notifications", "OutboxMessage"), schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_preference_outbox_digest'),
    ]

    operations = [
        migrations.AlterField(
            model_name='outboxmessage',
            name='body',
            field=baruga.lib.crypto.EncryptedTextField(verbose_name='isi'),
        ),
        migrations.AlterField(
            model_name='outboxmessage',
            name='to_address',
            field=baruga.lib.crypto.EncryptedTextField(max_length=254, verbose_name='tujuan'),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='to_address_index',
            field=baruga.lib.crypto.BlindIndexField(kind='exact', source='to_address'),
        ),
        migrations.RunPython(encrypt_outbox, decrypt_outbox),
    ]
