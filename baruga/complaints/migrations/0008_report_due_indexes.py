"""The inbox ordered by due moment, and its overdue / due-soon views, walk an index (bench/README.md)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0007_report_category_index'),
        ('directory', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['jurisdiction', 'due_at', '-created_at', '-id'], name='report_jur_due'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['agency', 'due_at', '-created_at', '-id'], name='report_agency_due'),
        ),
    ]
