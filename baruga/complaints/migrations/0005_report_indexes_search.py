"""Indexes for the newest-first lists, and on PostgreSQL a stored Indonesian full-text vector.

`complaints_report.search_vector` is a generated column (title weighted A, body B, the `indonesian`
text-search configuration) with a GIN index; `selectors.search` uses it on PostgreSQL. SQLite has
neither: the column is not part of the Django model, so other databases simply skip this step and
the selector falls back on LIKE there.
"""

from django.conf import settings
from django.db import migrations, models

SEARCH_VECTOR_SQL = """
ALTER TABLE complaints_report ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('indonesian'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('indonesian'::regconfig, coalesce(body, '')), 'B')
) STORED;
CREATE INDEX report_search_vector ON complaints_report USING gin (search_vector);
"""
DROP_SEARCH_VECTOR_SQL = """
DROP INDEX IF EXISTS report_search_vector;
ALTER TABLE complaints_report DROP COLUMN IF EXISTS search_vector;
"""


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_VECTOR_SQL)


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SEARCH_VECTOR_SQL)


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0004_encrypt_reporter_contacts'),
        ('directory', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['jurisdiction', '-created_at', '-id'], name='report_jur_recent'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(fields=['agency', '-created_at', '-id'], name='report_agency_recent'),
        ),
        migrations.AddIndex(
            model_name='report',
            index=models.Index(condition=models.Q(('is_confidential', False), ('state__in', ['verified', 'dispatched', 'in_progress', 'responded', 'finished'])), fields=['-created_at', '-id'], name='report_public_recent'),
        ),
        migrations.RunPython(add_search_vector, drop_search_vector, elidable=False),
    ]
