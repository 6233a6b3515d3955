"""The inbox filtered by category and status, newest first, at a million reports (bench/README.md)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0006_report_covering_indexes'),
        ('directory', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['jurisdiction', 'category', 'state', '-created_at'], name='report_jur_cat_state'),
        ),
    ]
