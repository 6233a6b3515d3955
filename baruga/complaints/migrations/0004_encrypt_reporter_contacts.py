"""Encrypt the reporter contacts stored in clear before 0003, and fill their blind indexes."""

from django.db import migrations

from baruga.lib import crypto


def encrypt_contacts(apps, schema_editor):
    crypto.encrypt_existing(apps.get_model("complaints", "ReporterContact"), schema_editor.connection)


def decrypt_contacts(apps, schema_editor):
    crypto.decrypt_existing(apps.get_model("complaints", "ReporterContact"), schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0003_reportercontact_encrypted"),
    ]

    operations = [
        migrations.RunPython(encrypt_contacts, decrypt_contacts, elidable=False),
    ]
