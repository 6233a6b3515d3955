"""`Report.search_text`: title and body as normalised search terms (baruga/lib/textnorm.py).

Fills the column for existing reports in batches of BATCH (by primary key, so memory stays flat at a
million reports), then on PostgreSQL indexes it (GIN on to_tsvector('simple', search_text)) and drops
the generated `search_vector` column of migration 0005, which nothing reads any more and which every
write paid for.
"""

from django.db import migrations, models

from baruga.lib.textsearch import GIN_INDEX_SQL, rebuild

BATCH = 2000
INDEX = "report_search_text"


def backfill(apps, schema_editor):
    rebuild(apps.get_model("complaints", "Report"), ("title", "body"), batch=BATCH)


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GIN_INDEX_SQL.format(name=INDEX, table="complaints_report"))
        schema_editor.execute("DROP INDEX IF EXISTS report_search_vector")
        schema_editor.execute("ALTER TABLE complaints_report DROP COLUMN IF EXISTS search_vector")


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute("""
ALTER TABLE complaints_report ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('indonesian'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('indonesian'::regconfig, coalesce(body, '')), 'B')
) STORED;
CREATE INDEX report_search_vector ON complaints_report USING gin (search_vector);
""")


class Migration(migrations.Migration):
    atomic = False  # each batch commits on its own; a million rows are not one transaction

    dependencies = [
        ('complaints', '0010_report_channel_intake'),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index, unindex, elidable=False),
    ]
