"""Covering indexes for the inbox counts per state (bench/README.md)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0005_report_indexes_search'),
        ('directory', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['jurisdiction', 'state'], include=('reporter',), name='report_jur_state_cover'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['agency', 'state'], include=('reporter',), name='report_agency_state_cover'),
        ),
    ]
