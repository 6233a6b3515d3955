"""`PublicInformation.search_text`: title and summary as normalised search terms (baruga/lib/textnorm.py),
filled for existing entries in batches and, on PostgreSQL, indexed (GIN on to_tsvector('simple', …))."""

from django.db import migrations, models

from baruga.lib.textsearch import GIN_INDEX_SQL, rebuild

BATCH = 2000
INDEX = "ppid_dip_search_text"


def backfill(apps, schema_editor):
    rebuild(apps.get_model("ppid", "PublicInformation"), ("title", "summary"), batch=BATCH)


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GIN_INDEX_SQL.format(name=INDEX, table="ppid_publicinformation"))


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('ppid', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='publicinformation',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index, unindex, elidable=False),
    ]
